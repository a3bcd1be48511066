package reminder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"rootip-cert/internal/reminder"
)

// maxWait bounds how long a notification waits for a click.
const maxWait = 15 * time.Minute

// NotifySend shows the notification with libnotify's notify-send: with a
// button that opens the window where notify-send supports actions
// (libnotify ≥ 0.7.10), else as a plain notification.
type NotifySend struct {
	// Path is notify-send's path ("" = look it up on PATH).
	Path string
}

// Notify implements reminder.System's Notify.
func (ns NotifySend) Notify(ctx context.Context, n reminder.Notification) error {
	path := ns.Path
	if path == "" {
		var err error
		if path, err = exec.LookPath("notify-send"); err != nil {
			return fmt.Errorf("notify: %w (notify-send: %v)", reminder.ErrNoNotifier, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	help, _ := exec.CommandContext(ctx, path, "--help").CombinedOutput()
	actions := bytes.Contains(help, []byte("--action")) && bytes.Contains(help, []byte("--wait"))
	cmd := exec.CommandContext(ctx, path, reminder.NotifySendArgs(n, actions)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("notify-send: %w", err)
	}
	if actions && reminder.NotifySendClicked(out.String()) {
		return start(n.Open)
	}
	return nil
}

// Osascript asks with a dialog (macOS) and opens the window on "open".
type Osascript struct {
	Close string // the other button's label
}

// Notify implements reminder.System's Notify.
func (o Osascript) Notify(ctx context.Context, n reminder.Notification) error {
	path, err := exec.LookPath("osascript")
	if err != nil {
		return fmt.Errorf("notify: %w (osascript: %v)", reminder.ErrNoNotifier, err)
	}
	ctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, reminder.OsascriptArgs(n, o.Close)...).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && strings.Contains(string(exit.Stderr), "-128") {
			return nil // the close button
		}
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("osascript: %w", err)
	}
	if reminder.OsascriptClicked(string(out), n) {
		return start(n.Open)
	}
	return nil
}

// start runs the command a click asks for, without waiting for it.
func start(argv []string) error {
	if len(argv) == 0 {
		return nil
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open the window: %w", err)
	}
	go cmd.Wait() //nolint:errcheck // the window runs on its own
	return nil
}
