package reminder

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"rootip-cert/internal/reminder"
)

// System is the macOS reminder: a LaunchAgent loaded with launchctl, and a
// dialog through osascript.
type System struct {
	Agents Agents
	Osascript
}

// New returns this OS's reminder system.
func New() reminder.System {
	home, _ := os.UserHomeDir()
	return &System{Agents: Agents{Dir: filepath.Join(home, "Library", "LaunchAgents")}, Osascript: Osascript{Close: "OK"}}
}

func domain() string { return "gui/" + strconv.Itoa(os.Getuid()) }

// Install implements reminder.System: the plist is written, then loaded
// into the user's session (it also loads at the next login by itself).
func (s *System) Install(exe string, _ reminder.Words) ([]reminder.Registration, error) {
	r, err := s.Agents.Write(exe)
	if err != nil {
		return nil, err
	}
	_ = exec.Command("launchctl", "bootout", domain()+"/"+reminder.LaunchAgentLabel).Run()
	if out, err := exec.Command("launchctl", "bootstrap", domain(), s.Agents.Path()).CombinedOutput(); err != nil {
		return []reminder.Registration{r}, fmt.Errorf("launchctl bootstrap: %w: %s", err, out)
	}
	return []reminder.Registration{r}, nil
}

// Uninstall implements reminder.System.
func (s *System) Uninstall() ([]reminder.Registration, error) {
	_ = exec.Command("launchctl", "bootout", domain()+"/"+reminder.LaunchAgentLabel).Run()
	return removed(s.Agents.Remove())
}

// Installed implements reminder.System.
func (s *System) Installed() []reminder.Registration { return s.Agents.Installed() }

// Notify implements reminder.System.
func (s *System) Notify(ctx context.Context, n reminder.Notification) error {
	return s.Osascript.Notify(ctx, n)
}
