package deploy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrSignUnsupported: signing a profile needs the macOS `security` tool and
// the signing identity in a keychain, so it runs on a Mac only.
var ErrSignUnsupported = errors.New("signing a configuration profile needs macOS (security cms)")

// SignArgs is the `security` command line that signs a profile with the
// keychain identity named identity (the guide shows the same command).
func SignArgs(identity, in, out string) []string {
	return []string{"cms", "-S", "-N", identity, "-i", in, "-o", out}
}

// InstallerName is the name an installer is copied under in the bundle:
// SetupExe for an NSIS .exe, SetupMSI for an .msi.
func InstallerName(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("installer: %w", err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("installer %s: not a regular file", path)
	}
	if st.Size() > MaxInstallerSize {
		return "", fmt.Errorf("installer %s: larger than %d MiB", path, MaxInstallerSize>>20)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".exe":
		return SetupExe, nil
	case ".msi":
		return SetupMSI, nil
	}
	return "", fmt.Errorf("installer %s: not an .exe or .msi file", path)
}
