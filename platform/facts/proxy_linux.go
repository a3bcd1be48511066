package facts

import (
	"context"
	"os"
	"os/exec"
	"time"

	"rootip-cert/internal/machine"
)

// Proxy reads the proxy settings the browser follows on this desktop:
// GNOME's (gsettings), KDE's (kioslaverc), else the environment variables.
func Proxy() machine.Proxy {
	return desktopProxy(desktopReaders{getenv: os.Getenv, gsettings: gsettingsProxy, kioslaverc: readKioslaverc})
}

// gsettingsProxy runs the desktop's own gsettings tool, which reads the
// user's settings through whichever backend the session uses (dconf, or
// GSETTINGS_BACKEND).
func gsettingsProxy() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "gsettings", "list-recursively", "org.gnome.system.proxy").Output()
	return string(out), err
}

// readKioslaverc reads the KDE file where Chrome looks for it
// (kioslavercPath).
func readKioslaverc() ([]byte, error) {
	path := kioslavercPath(os.Getenv, func(p string) bool { _, err := os.Stat(p); return err == nil })
	if path == "" {
		return nil, os.ErrNotExist
	}
	return os.ReadFile(path)
}
