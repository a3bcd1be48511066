package deploy

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"rootip-cert/internal/cleanup"
)

// CanSign reports whether SignProfile works on this OS.
const CanSign = true

// SignProfile signs an unsigned profile with `security cms -S` and the
// keychain identity named identity. The files live in a private temporary
// folder, removed afterwards (the profile holds the key's password).
func SignProfile(ctx context.Context, identity string, unsigned []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "rootip-cert-sign")
	if err != nil {
		return nil, fmt.Errorf("sign profile: %w", err)
	}
	defer os.RemoveAll(dir)
	defer cleanup.OnSignal(func() { os.RemoveAll(dir) })()
	in, out := filepath.Join(dir, "in.mobileconfig"), filepath.Join(dir, "out.mobileconfig")
	if err := os.WriteFile(in, unsigned, 0o600); err != nil {
		return nil, fmt.Errorf("sign profile: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/security", SignArgs(identity, in, out)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("sign profile with security cms: %w: %s", err, strings.TrimSpace(string(msg)))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("sign profile: %w", err)
	}
	return data, nil
}
