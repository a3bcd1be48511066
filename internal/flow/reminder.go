package flow

import (
	"errors"
	"fmt"

	"rootip-cert/internal/reminder"
)

// ErrNoReminder: this build or OS has no way to register the reminder.
var ErrNoReminder = errors.New("the reminder cannot be registered here")

// ReminderRegistered is what the OS's scheduler holds for the daily
// reminder now, read back from the system (never a remembered setting):
// empty when it is off.
func ReminderRegistered(sys reminder.System) []reminder.Registration {
	if sys == nil {
		return nil
	}
	return sys.Installed()
}

// SetReminder registers (on) the daily `exe remind` with the OS's own
// per-user scheduler, or removes every registration (off) — the choice
// 「更新時期にお知らせする」 of the window and `remind --install/--uninstall`.
// It returns what was registered (on) or removed (off).
func SetReminder(sys reminder.System, on bool, exe string) ([]reminder.Registration, error) {
	if sys == nil {
		return nil, ErrNoReminder
	}
	if !on {
		regs, err := sys.Uninstall()
		if err != nil {
			return regs, fmt.Errorf("unregister the reminder: %w", err)
		}
		return regs, nil
	}
	regs, err := sys.Install(exe, reminder.EntryWords())
	if err != nil {
		return regs, fmt.Errorf("register the reminder: %w", err)
	}
	return regs, nil
}
