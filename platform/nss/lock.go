package nss

import (
	"os"
	"path/filepath"
)

// BrowserRunning reports whether a Firefox profile is in use: Firefox holds
// "lock" (a symlink on Linux/macOS) or ".parentlock" (Windows, macOS) while
// it runs. NSS sql: databases allow concurrent access, so an import still
// works; the running browser sees the certificate at its next handshake,
// but a page already showing an error needs the tab closed and reopened.
func BrowserRunning(profileDir string) bool {
	if target, err := os.Readlink(filepath.Join(profileDir, "lock")); err == nil && target != "" {
		return true
	}
	return parentLockHeld(filepath.Join(profileDir, ".parentlock"))
}
