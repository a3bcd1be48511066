//go:build !windows && !darwin

package reminder

import (
	"context"
	"os"
	"path/filepath"

	"rootip-cert/internal/reminder"
)

// System is the XDG desktop's reminder: an autostart entry and notify-send.
type System struct {
	Autostart Autostart
	NotifySend
}

// New returns this OS's reminder system.
func New() reminder.System {
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		home, _ := os.UserHomeDir()
		cfg = filepath.Join(home, ".config")
	}
	return &System{Autostart: Autostart{ConfigHome: cfg}}
}

// Install implements reminder.System.
func (s *System) Install(exe string, w reminder.Words) ([]reminder.Registration, error) {
	r, err := s.Autostart.Install(exe, w)
	if err != nil {
		return nil, err
	}
	return []reminder.Registration{r}, nil
}

// Uninstall implements reminder.System.
func (s *System) Uninstall() ([]reminder.Registration, error) {
	return removed(s.Autostart.Uninstall())
}

// Installed implements reminder.System.
func (s *System) Installed() []reminder.Registration { return s.Autostart.Installed() }

// Notify implements reminder.System.
func (s *System) Notify(ctx context.Context, n reminder.Notification) error {
	return s.NotifySend.Notify(ctx, n)
}
