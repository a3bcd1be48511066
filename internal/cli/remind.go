package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/reminder"
	"rootip-cert/internal/renewal"
)

func init() {
	register(command{name: "remind", flags: []string{"json", "dry-run", "install", "uninstall", "url", "store", "nss-db",
		"nss-password-file", "password-file", "timeout"}, run: runRemind})
}

// remindJSON is `remind --json`: what it shows (or would) and why.
type remindJSON struct {
	reminder.Decision
	Because      string                 `json:"because"`
	Notification *reminder.Notification `json:"notification,omitempty"`
	Shown        bool                   `json:"shown"`
	DryRun       bool                   `json:"dry_run"`
	Error        *errorJSON             `json:"error,omitempty"`
}

// registrationJSON is `remind --install --json` / `--uninstall --json`.
type registrationJSON struct {
	Registered []reminder.Registration `json:"registered,omitempty"`
	Removed    []reminder.Registration `json:"removed,omitempty"`
	Error      *errorJSON              `json:"error,omitempty"`
}

// runRemind is the daily reminder: silent outside the season, when the
// successor is installed and proven (no network: the proofs remembered by
// renew), when nothing is installed and when it already showed today;
// otherwise a system notification that opens the window on the renewal
// step. --dry-run says what it would show and why, never notifying;
// --install / --uninstall register it with the OS's own per-user
// scheduler.
func runRemind(r *run) int {
	if len(r.opts.Args) != 0 || (r.opts.Install && r.opts.Uninstall) {
		return r.usageArgs(0, "remind [--dry-run] [--json] | --install | --uninstall")
	}
	switch {
	case r.opts.Install:
		return r.remindInstall()
	case r.opts.Uninstall:
		return r.remindUninstall()
	}
	if _, err := r.systemURL(); err != nil {
		return r.fail(err, false)
	}
	fl, err := r.flow()
	if err != nil {
		return r.fail(err, false)
	}
	pw, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
	if err != nil {
		return r.fail(&passwordFileError{err: err}, false)
	}
	u, _ := r.systemURL()
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*3)
	defer cancel()
	st := fl.Renewal(ctx, flow.RenewalRequest{URL: u, Downloads: fl.FindDownloads(ctx, r.downloadDirs(), pw)}).State
	now := fl.Now()
	d := reminder.Decide(st, fl.Reminded(), now.Format(time.DateOnly))
	out := remindJSON{Decision: d, DryRun: r.opts.DryRun, Because: r.msg.T("remind.reason."+d.Reason,
		map[string]any{"Next": r.msg.T("renewal.next." + string(d.Next)), "Start": r.msg.Date(st.Window.Start)})}
	if d.Show {
		n := r.notification(st, d)
		out.Notification = &n
	}
	if !r.opts.DryRun && d.Show {
		if err := r.notify(*out.Notification); err != nil {
			out.Error = &errorJSON{Code: "notify", Message: r.msg.T("remind.failed", map[string]any{"Detail": err.Error()})}
		} else {
			out.Shown = true
			_ = fl.RememberReminded(now)
		}
	}
	switch {
	case r.opts.JSON:
		r.writeJSON(out)
	case r.opts.DryRun && d.Show:
		fmt.Fprintln(r.env.Stdout, r.msg.T("remind.dry_run.show", map[string]any{"Because": out.Because}))
		fmt.Fprintf(r.env.Stdout, "  %s\n  %s\n", out.Notification.Title, out.Notification.Body)
	case r.opts.DryRun:
		fmt.Fprintln(r.env.Stdout, r.msg.T("remind.dry_run.silent", map[string]any{"Because": out.Because}))
	}
	if out.Error != nil {
		if !r.opts.JSON {
			fmt.Fprintln(r.env.Stderr, out.Error.Message)
		}
		return ExitFailed
	}
	return ExitOK
}

// notification is the reminder's text for the state.
func (r *run) notification(st renewal.State, d reminder.Decision) reminder.Notification {
	data := map[string]any{"End": r.msg.Date(st.Window.End)}
	if c := st.Expiring; c != nil {
		data["Name"], data["Date"] = i18n.Clean(c.Name), r.msg.Date(c.NotAfter)
	} else if c := st.Current; c != nil {
		data["Name"], data["Date"] = i18n.Clean(c.Name), r.msg.Date(c.NotAfter)
	}
	exe, _ := r.executable()
	return reminder.Notification{Title: r.msg.T("remind.title"), Body: r.msg.T("remind.body."+d.Body, data),
		Action: r.msg.T("remind.action"), Open: reminder.Command(exe, reminder.OpenArgs...)}
}

// notify shows it; without a notifier (no desktop, not this build) the
// text goes to standard output instead.
func (r *run) notify(n reminder.Notification) error {
	if r.env.Reminder != nil {
		err := r.env.Reminder.Notify(context.Background(), n)
		if !errors.Is(err, reminder.ErrNoNotifier) {
			return err
		}
	}
	if !r.opts.JSON {
		fmt.Fprintf(r.env.Stdout, "%s\n%s\n", n.Title, n.Body)
	}
	return nil
}

func (r *run) executable() (string, error) {
	if r.env.Executable != nil {
		return r.env.Executable()
	}
	return os.Executable()
}

func (r *run) remindInstall() int {
	if r.env.Reminder == nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("remind.unsupported"))
		return ExitFailed
	}
	exe, err := r.executable()
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("remind.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	regs, err := flow.SetReminder(r.env.Reminder, true, exe)
	r.emitRegistrations(registrationJSON{Registered: regs}, regs, err, "install", "remind.installed", "")
	if len(regs) == 0 {
		return ExitFailed
	}
	return ExitOK
}

func (r *run) remindUninstall() int {
	if r.env.Reminder == nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("remind.unsupported"))
		return ExitFailed
	}
	regs, err := r.env.Reminder.Uninstall()
	r.emitRegistrations(registrationJSON{Removed: regs}, regs, err, "uninstall", "remind.uninstalled", "remind.uninstalled.none")
	if err != nil {
		return ExitFailed
	}
	return ExitOK
}

// emitRegistrations tells what --install or --uninstall did: out (with the
// error under code) as JSON, or each of regs in the words of key, none's
// words when there was nothing to do (none "": say nothing), and the error.
func (r *run) emitRegistrations(out registrationJSON, regs []reminder.Registration, err error, code, key, none string) {
	if err != nil {
		out.Error = &errorJSON{Code: code, Message: r.msg.T("remind.failed", map[string]any{"Detail": err.Error()})}
	}
	if r.opts.JSON {
		r.writeJSON(out)
		return
	}
	for _, reg := range regs {
		fmt.Fprintln(r.env.Stdout, r.msg.T(key, map[string]any{"Where": i18n.Clean(reg.Where)}))
	}
	if none != "" && len(regs) == 0 && err == nil {
		fmt.Fprintln(r.env.Stdout, r.msg.T(none))
	}
	if out.Error != nil {
		fmt.Fprintln(r.env.Stderr, out.Error.Message)
	}
}
