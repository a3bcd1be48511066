package facts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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

// readKioslaverc reads $XDG_CONFIG_HOME/kioslaverc (KDE 5 and 6), by
// default ~/.config/kioslaverc.
func readKioslaverc() ([]byte, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, err
		}
		dir = filepath.Join(home, ".config")
	}
	return os.ReadFile(filepath.Join(dir, "kioslaverc"))
}
