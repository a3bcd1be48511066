package reminder

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows/registry"

	"rootip-cert/internal/reminder"
)

// System is the Windows reminder: a per-user scheduled task (daily) and
// the HKCU Run value (at each login), and a toast through PowerShell.
type System struct{}

// New returns this OS's reminder system.
func New() reminder.System { return &System{} }

// hidden keeps console windows of helper processes from flashing.
func hidden(cmd *exec.Cmd) *exec.Cmd {
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: 0x08000000} // CREATE_NO_WINDOW
	return cmd
}

// Install implements reminder.System: the Run value always (it needs no
// rights beyond the user's own registry), the task where schtasks allows
// it; an error only when neither could be registered.
func (s *System) Install(exe string, _ reminder.Words) ([]reminder.Registration, error) {
	var out []reminder.Registration
	var errs []error
	k, _, err := registry.CreateKey(registry.CURRENT_USER, reminder.RunKey, registry.SET_VALUE)
	if err == nil {
		err = k.SetStringValue(reminder.TaskName, reminder.WindowsCommandLine(exe, reminder.RemindArgs...))
		k.Close()
	}
	if err != nil {
		errs = append(errs, fmt.Errorf("set Run value: %w", err))
	} else {
		out = append(out, reminder.Registration{Kind: reminder.KindRunKey, Where: `HKCU\` + reminder.RunKey + `\` + reminder.TaskName})
	}
	args, err := reminder.SchtasksCreate(exe)
	if err == nil {
		var msg []byte
		if msg, err = hidden(exec.Command("schtasks.exe", args...)).CombinedOutput(); err != nil {
			err = fmt.Errorf("schtasks /Create: %w: %s", err, msg)
		}
	}
	if err != nil {
		errs = append(errs, err)
	} else {
		out = append(out, reminder.Registration{Kind: reminder.KindTask, Where: reminder.TaskName})
	}
	if len(out) == 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Uninstall implements reminder.System.
func (s *System) Uninstall() ([]reminder.Registration, error) {
	var out []reminder.Registration
	var errs []error
	for _, r := range s.Installed() {
		var err error
		switch r.Kind {
		case reminder.KindRunKey:
			var k registry.Key
			if k, err = registry.OpenKey(registry.CURRENT_USER, reminder.RunKey, registry.SET_VALUE); err == nil {
				err = k.DeleteValue(reminder.TaskName)
				k.Close()
			}
		case reminder.KindTask:
			if msg, e := hidden(exec.Command("schtasks.exe", reminder.SchtasksDelete()...)).CombinedOutput(); e != nil {
				err = fmt.Errorf("schtasks /Delete: %w: %s", e, msg)
			}
		}
		if err != nil {
			errs = append(errs, err)
		} else {
			out = append(out, r)
		}
	}
	return out, errors.Join(errs...)
}

// Installed implements reminder.System.
func (s *System) Installed() []reminder.Registration {
	var out []reminder.Registration
	if k, err := registry.OpenKey(registry.CURRENT_USER, reminder.RunKey, registry.QUERY_VALUE); err == nil {
		if _, _, err := k.GetStringValue(reminder.TaskName); err == nil {
			out = append(out, reminder.Registration{Kind: reminder.KindRunKey, Where: `HKCU\` + reminder.RunKey + `\` + reminder.TaskName})
		}
		k.Close()
	}
	if err := hidden(exec.Command("schtasks.exe", "/Query", "/TN", reminder.TaskName)).Run(); err == nil {
		out = append(out, reminder.Registration{Kind: reminder.KindTask, Where: reminder.TaskName})
	}
	return out
}

// Notify implements reminder.System: a toast through PowerShell (it starts
// the window when clicked), else a message box through msg.exe.
func (s *System) Notify(ctx context.Context, n reminder.Notification) error {
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	err := hidden(exec.CommandContext(ctx, "powershell.exe", reminder.PowerShellArgs(n)...)).Run()
	if err == nil || ctx.Err() != nil {
		return nil
	}
	user := os.Getenv("USERNAME")
	if user == "" {
		user = "*"
	}
	if merr := hidden(exec.CommandContext(ctx, "msg.exe", reminder.MsgArgs(n, user)...)).Run(); merr != nil {
		return fmt.Errorf("notify: %w (powershell: %v; msg: %v)", reminder.ErrNoNotifier, err, merr)
	}
	return nil
}
