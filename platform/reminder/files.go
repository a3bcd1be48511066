package reminder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"rootip-cert/internal/reminder"
)

// Autostart writes the XDG autostart entry ($XDG_CONFIG_HOME/autostart,
// default ~/.config/autostart): the desktop runs it at each login.
type Autostart struct {
	// ConfigHome is XDG_CONFIG_HOME (or ~/.config).
	ConfigHome string
}

// Path is the entry's file.
func (a Autostart) Path() string {
	return filepath.Join(a.ConfigHome, "autostart", reminder.DesktopFile)
}

// Install writes the entry.
func (a Autostart) Install(exe string, w reminder.Words) (reminder.Registration, error) {
	data, err := reminder.DesktopEntry(exe, w)
	return writeEntry(reminder.KindAutostart, a.Path(), data, err)
}

// Uninstall removes the entry (ok is false when there was none).
func (a Autostart) Uninstall() (reminder.Registration, bool, error) {
	return removeFile(reminder.KindAutostart, a.Path())
}

// Installed reports the entry when it exists.
func (a Autostart) Installed() []reminder.Registration {
	return existing(reminder.KindAutostart, a.Path())
}

// Agents writes the LaunchAgent plist into a LaunchAgents directory
// (~/Library/LaunchAgents); loading it is launchctl's job.
type Agents struct {
	Dir string
}

// Path is the plist's file.
func (a Agents) Path() string { return filepath.Join(a.Dir, reminder.LaunchAgentLabel+".plist") }

// Write writes the plist.
func (a Agents) Write(exe string) (reminder.Registration, error) {
	data, err := reminder.LaunchAgent(exe)
	return writeEntry(reminder.KindLaunchAgent, a.Path(), data, err)
}

// Remove removes the plist (ok is false when there was none).
func (a Agents) Remove() (reminder.Registration, bool, error) {
	return removeFile(reminder.KindLaunchAgent, a.Path())
}

// Installed reports the plist when it exists.
func (a Agents) Installed() []reminder.Registration {
	return existing(reminder.KindLaunchAgent, a.Path())
}

// writeEntry writes a registration's file: data and err are what its
// generator (DesktopEntry, LaunchAgent) returned.
func writeEntry(kind, path string, data []byte, err error) (reminder.Registration, error) {
	if err != nil {
		return reminder.Registration{}, err
	}
	if err := writeFile(path, data, 0o644); err != nil {
		return reminder.Registration{}, err
	}
	return reminder.Registration{Kind: kind, Where: path}, nil
}

// removed is what a System's Uninstall reports for one file's removal (r,
// ok and err as removeFile returns them): that registration, or none when
// there was no file or it could not be removed.
func removed(r reminder.Registration, ok bool, err error) ([]reminder.Registration, error) {
	if err != nil || !ok {
		return nil, err
	}
	return []reminder.Registration{r}, nil
}

// writeFile writes atomically (temporary file, then rename).
func writeFile(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".rootip-cert-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func removeFile(kind, path string) (reminder.Registration, bool, error) {
	err := os.Remove(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return reminder.Registration{}, false, nil
	case err != nil:
		return reminder.Registration{}, false, fmt.Errorf("remove %s: %w", path, err)
	}
	return reminder.Registration{Kind: kind, Where: path}, true, nil
}

func existing(kind, path string) []reminder.Registration {
	if _, err := os.Stat(path); err == nil {
		return []reminder.Registration{{Kind: kind, Where: path}}
	}
	return nil
}
