package reminder

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"howett.net/plist"
)

// ErrBadPath: an executable path that cannot be written into the entry
// (a newline or NUL in it).
var ErrBadPath = errors.New("executable path unusable in a scheduler entry")

func checkPath(exe string) error {
	if exe == "" || strings.ContainsAny(exe, "\n\r\x00") {
		return fmt.Errorf("%w: %q", ErrBadPath, exe)
	}
	return nil
}

// DesktopEntry is the XDG autostart entry that runs `exe remind` at each
// login (Desktop Entry Specification 1.4: Exec quoting, string escapes,
// %% for a literal percent sign).
func DesktopEntry(exe string, w Words) ([]byte, error) {
	if err := checkPath(exe); err != nil {
		return nil, err
	}
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%s=%s\n", k, v) }
	b.WriteString("[Desktop Entry]\n")
	line("Type", "Application")
	line("Version", "1.4")
	line("Name", desktopString(w.NameEN))
	line("Name[ja]", desktopString(w.NameJA))
	line("Comment", desktopString(w.CommentEN))
	line("Comment[ja]", desktopString(w.CommentJA))
	// TryExec: once the app is removed, desktops skip the entry.
	line("TryExec", desktopString(exe))
	line("Exec", execLine(append([]string{exe}, RemindArgs...)))
	line("Terminal", "false")
	line("NoDisplay", "true")
	line("X-GNOME-Autostart-enabled", "true")
	return []byte(b.String()), nil
}

// execLine quotes each argument as the specification's Exec key wants.
func execLine(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		q := a
		if a == "" || strings.ContainsAny(a, " \t\"'\\><~|&;$*?#()`") {
			r := strings.NewReplacer(`"`, `\"`, "`", "\\`", `$`, `\$`, `\`, `\\`)
			q = `"` + r.Replace(a) + `"`
		}
		// The string-type escape applies before the quoting rule; field
		// codes start with %.
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(q, `\`, `\\`), "%", "%%")
	}
	return strings.Join(parts, " ")
}

// desktopString escapes a string-type value.
func desktopString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// launchAgent is the LaunchAgent property list.
type launchAgent struct {
	Label                  string         `plist:"Label"`
	ProgramArguments       []string       `plist:"ProgramArguments"`
	StartCalendarInterval  map[string]int `plist:"StartCalendarInterval"`
	RunAtLoad              bool           `plist:"RunAtLoad"`
	ProcessType            string         `plist:"ProcessType"`
	LimitLoadToSessionType string         `plist:"LimitLoadToSessionType"`
}

// LaunchAgent is the per-user LaunchAgent that runs `exe remind` every day
// at DailyHour:DailyMinute and at login (launchd runs a missed calendar
// interval when the Mac wakes).
func LaunchAgent(exe string) ([]byte, error) {
	if err := checkPath(exe); err != nil {
		return nil, err
	}
	la := launchAgent{Label: LaunchAgentLabel, ProgramArguments: append([]string{exe}, RemindArgs...),
		StartCalendarInterval: map[string]int{"Hour": DailyHour, "Minute": DailyMinute}, RunAtLoad: true,
		ProcessType: "Background", LimitLoadToSessionType: "Aqua"}
	data, err := plist.MarshalIndent(la, plist.XMLFormat, "\t")
	if err != nil {
		return nil, fmt.Errorf("encode launch agent: %w", err)
	}
	return append(data, '\n'), nil
}

// WindowsCommandLine is `"exe" remind` as Windows runs it (the Run value's
// data and the task's /TR).
func WindowsCommandLine(exe string, args ...string) string {
	return `"` + exe + `" ` + strings.Join(args, " ")
}

// SchtasksCreate are schtasks.exe's arguments that register the per-user
// daily task (no /RU: it runs as the user who creates it, only while they
// are logged on — no administrator rights, no stored password).
func SchtasksCreate(exe string) ([]string, error) {
	if err := checkPath(exe); err != nil {
		return nil, err
	}
	return []string{"/Create", "/F", "/SC", "DAILY", "/ST", fmt.Sprintf("%02d:%02d", DailyHour, DailyMinute),
		"/TN", TaskName, "/TR", WindowsCommandLine(exe, RemindArgs...)}, nil
}

// SchtasksDelete removes the task.
func SchtasksDelete() []string { return []string{"/Delete", "/F", "/TN", TaskName} }

// RunKey is the per-user Run key the Run value lives under (HKCU).
const RunKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// NotifySendArgs are notify-send's arguments (libnotify): with actions, a
// button that prints "open" when clicked, and --wait until it is closed.
func NotifySendArgs(n Notification, actions bool) []string {
	args := []string{"--app-name=rootip-cert", "--icon=dialog-information", "--urgency=normal"}
	if actions {
		args = append(args, "--action=open="+n.Action, "--wait")
	}
	return append(args, "--", n.Title, n.Body)
}

// NotifySendClicked reports whether notify-send's output says the button
// was pressed.
func NotifySendClicked(stdout string) bool { return strings.TrimSpace(stdout) == "open" }

// osascriptDialog shows the message with an "open" button; the texts come
// as arguments, never inside the script (no AppleScript quoting). A
// `display notification` cannot run anything when clicked (it opens Script
// Editor), so the reminder asks with a dialog that gives up by itself.
var osascriptDialog = []string{
	"on run argv",
	"display dialog (item 2 of argv) with title (item 1 of argv) buttons {(item 4 of argv), (item 3 of argv)} " +
		"default button (item 3 of argv) cancel button (item 4 of argv) giving up after 900 with icon note",
	"return button returned of result",
	"end run",
}

// OsascriptArgs are osascript's arguments for the dialog (close is the
// other button's label).
func OsascriptArgs(n Notification, close string) []string {
	var args []string
	for _, l := range osascriptDialog {
		args = append(args, "-e", l)
	}
	return append(args, n.Title, n.Body, n.Action, close)
}

// OsascriptClicked reports whether the dialog's answer is the open button.
func OsascriptClicked(stdout string, n Notification) bool {
	return strings.TrimSpace(stdout) == n.Action
}

// PowerShellScript shows the notification as a Windows toast (a tray
// balloon, which Windows 10/11 shows as a toast) and starts n.Open when it
// is clicked; it gives up after ten minutes.
func PowerShellScript(n Notification) string {
	exe, args := "", []string{}
	if len(n.Open) > 0 {
		exe, args = n.Open[0], n.Open[1:]
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = psString(a)
	}
	return strings.Join([]string{
		"$ErrorActionPreference = 'Stop'",
		"Add-Type -AssemblyName System.Windows.Forms",
		"Add-Type -AssemblyName System.Drawing",
		"$exe = " + psString(exe),
		"$n = New-Object System.Windows.Forms.NotifyIcon",
		"try { $n.Icon = [System.Drawing.Icon]::ExtractAssociatedIcon($exe) } catch { $n.Icon = [System.Drawing.SystemIcons]::Information }",
		"$n.Text = 'rootip-cert'",
		"$n.BalloonTipIcon = [System.Windows.Forms.ToolTipIcon]::Info",
		"$n.BalloonTipTitle = " + psString(n.Title),
		"$n.BalloonTipText = " + psString(n.Body),
		"$script:clicked = $false",
		"$script:closed = $false",
		"$n.add_BalloonTipClicked({ $script:clicked = $true })",
		"$n.add_Click({ $script:clicked = $true })",
		"$n.add_BalloonTipClosed({ $script:closed = $true })",
		"$n.Visible = $true",
		"$n.ShowBalloonTip(30000)",
		"$deadline = (Get-Date).AddMinutes(10)",
		"while (-not $script:clicked -and -not $script:closed -and (Get-Date) -lt $deadline) { [System.Windows.Forms.Application]::DoEvents(); Start-Sleep -Milliseconds 200 }",
		"$n.Dispose()",
		"if ($script:clicked) { Start-Process -FilePath $exe -ArgumentList @(" + strings.Join(quoted, ", ") + ") }",
	}, "\r\n")
}

// PowerShellArgs run the script hidden; it travels base64-encoded UTF-16
// (-EncodedCommand), so no text needs command-line quoting.
func PowerShellArgs(n Notification) []string {
	units := utf16.Encode([]rune(PowerShellScript(n)))
	raw := make([]byte, 0, len(units)*2)
	for _, u := range units {
		raw = append(raw, byte(u), byte(u>>8))
	}
	return []string{"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-WindowStyle", "Hidden",
		"-EncodedCommand", base64.StdEncoding.EncodeToString(raw)}
}

// MsgArgs are msg.exe's arguments, the fallback where PowerShell cannot
// show the toast (a message box without the open button).
func MsgArgs(n Notification, user string) []string {
	return []string{user, "/TIME:600", n.Title + "\r\n" + n.Body}
}

// psString is a PowerShell single-quoted literal.
func psString(s string) string {
	return "'" + strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019").Replace(s) + "'"
}
