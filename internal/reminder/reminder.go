// Package reminder is the opt-in daily reminder of the renewal season
// (「更新時期にお知らせする」), the portable part: whether `rootip-cert remind`
// shows anything today and why, and the exact contents of what each OS's
// own scheduler is given — an XDG autostart entry (Linux), a LaunchAgent
// plist (macOS), a per-user scheduled task and Run value (Windows) — and
// the notification commands (notify-send, osascript, PowerShell). Nothing
// here touches the system: platform/reminder writes and runs these.
package reminder

import (
	"context"
	"errors"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/renewal"
)

// Names the installers and uninstallers rely on (stable).
const (
	// TaskName is the Windows scheduled task and the HKCU Run value name.
	TaskName = "rootip-cert-remind"
	// LaunchAgentLabel is the macOS LaunchAgent's label; its file is
	// ~/Library/LaunchAgents/jp.co.rootip.cert.remind.plist.
	LaunchAgentLabel = "jp.co.rootip.cert.remind"
	// DesktopFile is the XDG autostart entry's file name
	// ($XDG_CONFIG_HOME/autostart/rootip-cert-remind.desktop).
	DesktopFile = "rootip-cert-remind.desktop"
	// DailyHour and DailyMinute: when the daily run happens where the
	// scheduler runs at a time (Windows task, macOS agent); the autostart
	// entry and the Run value run at each login, and remind shows at most
	// once a day.
	DailyHour, DailyMinute = 9, 30
)

// RemindArgs are the arguments of the daily run.
var RemindArgs = []string{"remind"}

// OpenArgs open the window on the renewal step (what a click on the
// notification runs).
var OpenArgs = []string{"renew", "--window"}

// Notification is what is shown.
type Notification struct {
	Title  string `json:"title"`
	Body   string `json:"body"`
	Action string `json:"action"` // the button that opens the window
	// Open is the command a click runs (the executable and OpenArgs).
	Open []string `json:"open"`
}

// Registration is one thing registered with the OS.
type Registration struct {
	// Kind: xdg-autostart, launchagent, schtasks, run-key.
	Kind string `json:"kind"`
	// Where: the file, the task name or the registry value.
	Where string `json:"where"`
}

// Registration kinds.
const (
	KindAutostart   = "xdg-autostart"
	KindLaunchAgent = "launchagent"
	KindTask        = "schtasks"
	KindRunKey      = "run-key"
)

// Words are the entry's name and comment in both languages.
type Words struct {
	NameJA, NameEN       string
	CommentJA, CommentEN string
}

// System registers the reminder and shows notifications
// (platform/reminder implements it per OS).
type System interface {
	// Install registers `exe remind` to run daily for this user, without
	// administrator rights.
	Install(exe string, w Words) ([]Registration, error)
	// Uninstall removes every registration (none is not an error).
	Uninstall() ([]Registration, error)
	// Installed lists what is registered now.
	Installed() []Registration
	// Notify shows the notification and, when the user clicks it, runs
	// n.Open. It returns when the notification is gone or ctx ends.
	Notify(ctx context.Context, n Notification) error
}

// ErrNoNotifier: this desktop has no way to show a notification.
var ErrNoNotifier = errors.New("no notification tool on this desktop")

// Reasons for showing or staying silent (stable codes).
const (
	ReasonShow      = "show"        // the renewal needs the user
	ReasonNotSeason = "not-season"  // outside the period, nothing due
	ReasonSettled   = "settled"     // the successor is installed everywhere and proven
	ReasonNone      = "none"        // nothing of this environment is installed
	ReasonShown     = "shown-today" // already shown today
)

// Decision is whether remind shows a notification today, and why.
type Decision struct {
	Show    bool         `json:"show"`
	Reason  string       `json:"reason"`
	Next    renewal.Next `json:"next"`
	Outcome string       `json:"outcome"`
	// Body is the message key family member of the notification's text
	// (remind.body.BODY): the next step, or "expired".
	Body string `json:"-"`
}

// Decide says whether to show a notification: silent outside the season,
// when the successor is installed and proven, when nothing is installed,
// and when one was shown today already (lastShown and today are
// YYYY-MM-DD).
func Decide(st renewal.State, lastShown, today string) Decision {
	d := Decision{Next: st.Next, Outcome: st.Outcome}
	switch {
	case st.Outcome == renewal.OutcomeNone:
		d.Reason = ReasonNone
	case !st.Season():
		d.Reason = ReasonNotSeason
	case st.Settled():
		d.Reason = ReasonSettled
	case lastShown != "" && lastShown == today:
		d.Reason = ReasonShown
	default:
		d.Show, d.Reason = true, ReasonShow
	}
	d.Body = string(st.Next)
	if st.Outcome == renewal.OutcomeExpired {
		d.Body = "expired"
	}
	return d
}

// Command is the argv of exe with args.
func Command(exe string, args ...string) []string { return append([]string{exe}, args...) }

// EntryWords are the entry's name and comment from the message catalog
// (remind.entry.name, remind.entry.comment), in both languages.
func EntryWords() Words {
	ja, en := i18n.New(i18n.JA), i18n.New(i18n.EN)
	return Words{NameJA: ja.T("remind.entry.name"), NameEN: en.T("remind.entry.name"),
		CommentJA: ja.T("remind.entry.comment"), CommentEN: en.T("remind.entry.comment")}
}
