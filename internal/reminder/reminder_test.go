package reminder

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"rootip-cert/internal/renewal"
)

var words = Words{NameJA: "root ip 電子証明書の更新のお知らせ", NameEN: "root ip certificate renewal reminder",
	CommentJA: "更新期間にお知らせします", CommentEN: "Reminds you during the renewal period"}

// A path with what the Exec key must quote: spaces, a quote, a dollar, a
// percent sign, a backslash and Japanese.
const oddExe = `/home/山田 太郎/アプリ "x" $HOME 100%\bin/rootip-cert`

func TestDesktopEntry(t *testing.T) {
	data, err := DesktopEntry("/usr/bin/rootip-cert", words)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"[Desktop Entry]\n", "Type=Application\n", "Exec=/usr/bin/rootip-cert remind\n", "TryExec=/usr/bin/rootip-cert\n",
		"Name=root ip certificate renewal reminder\n", "Name[ja]=root ip 電子証明書の更新のお知らせ\n", "NoDisplay=true\n",
		"X-GNOME-Autostart-enabled=true\n", "Terminal=false\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("entry lacks %q:\n%s", want, s)
		}
	}
	odd, err := DesktopEntry(oddExe, words)
	if err != nil {
		t.Fatal(err)
	}
	want := `Exec="/home/山田 太郎/アプリ \\"x\\" \\$HOME 100%%\\\\bin/rootip-cert" remind` + "\n"
	if !strings.Contains(string(odd), want) {
		t.Errorf("odd path quoted as\n%s\nwant %s", odd, want)
	}
	if _, err := DesktopEntry("/bin/a\nb", words); err == nil {
		t.Error("a newline in the path was accepted")
	}
	// The real validator, where it is installed.
	validate, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		t.Skip("needs desktop-file-validate (Debian desktop-file-utils; make test installs it)")
	}
	for _, d := range [][]byte{data, odd} {
		path := filepath.Join(t.TempDir(), DesktopFile)
		if err := os.WriteFile(path, d, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(validate, path).CombinedOutput(); err != nil || strings.Contains(string(out), "error") {
			t.Errorf("desktop-file-validate: %v\n%s\n%s", err, out, d)
		}
	}
}

func TestLaunchAgent(t *testing.T) {
	data, err := LaunchAgent(oddExe)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"<key>Label</key>", "<string>" + LaunchAgentLabel + "</string>", "<key>RunAtLoad</key>",
		"<key>StartCalendarInterval</key>", "<string>remind</string>", "&#34;x&#34;"} {
		if !strings.Contains(s, want) {
			t.Errorf("plist lacks %q:\n%s", want, s)
		}
	}
	// Python's plistlib reads it as launchd will.
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3 (plistlib) to read the plist independently")
	}
	path := filepath.Join(t.TempDir(), LaunchAgentLabel+".plist")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", "import json,plistlib,sys; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))", path).Output()
	if err != nil {
		t.Fatalf("plistlib: %v", err)
	}
	var got struct {
		Label                  string
		ProgramArguments       []string
		StartCalendarInterval  map[string]int
		RunAtLoad              bool
		LimitLoadToSessionType string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Label != LaunchAgentLabel || len(got.ProgramArguments) != 2 || got.ProgramArguments[0] != oddExe || got.ProgramArguments[1] != "remind" ||
		got.StartCalendarInterval["Hour"] != DailyHour || got.StartCalendarInterval["Minute"] != DailyMinute || !got.RunAtLoad ||
		got.LimitLoadToSessionType != "Aqua" {
		t.Errorf("plist = %+v", got)
	}
}

func TestWindowsRegistration(t *testing.T) {
	exe := `C:\Program Files\rootip-cert\rootip-cert.exe`
	args, err := SchtasksCreate(exe)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/Create", "/F", "/SC", "DAILY", "/ST", "09:30", "/TN", "rootip-cert-remind", "/TR", `"C:\Program Files\rootip-cert\rootip-cert.exe" remind`}
	if strings.Join(args, "|") != strings.Join(want, "|") {
		t.Errorf("schtasks /Create %q", args)
	}
	for _, a := range args {
		if a == "/RU" || a == "/RL" || strings.EqualFold(a, "HIGHEST") {
			t.Errorf("the task asks for another account or elevation: %q", args)
		}
	}
	if d := SchtasksDelete(); strings.Join(d, " ") != "/Delete /F /TN rootip-cert-remind" {
		t.Errorf("schtasks /Delete %q", d)
	}
	if v := WindowsCommandLine(exe, RemindArgs...); v != `"C:\Program Files\rootip-cert\rootip-cert.exe" remind` || RunKey != `Software\Microsoft\Windows\CurrentVersion\Run` {
		t.Errorf("Run value %q under %s", v, RunKey)
	}
}

func TestNotificationCommands(t *testing.T) {
	n := Notification{Title: "電子証明書の更新", Body: "証明書 acme は 2027/01/10 に期限切れになります。'引用' と \"quote\"", Action: "開く",
		Open: []string{`C:\Program Files\rootip-cert\rootip-cert.exe`, "renew", "--window"}}
	ns := strings.Join(NotifySendArgs(n, true), "\x00")
	if !strings.Contains(ns, "--action=open=開く\x00--wait\x00--\x00電子証明書の更新\x00"+n.Body) {
		t.Errorf("notify-send %q", ns)
	}
	if plain := NotifySendArgs(n, false); strings.Contains(strings.Join(plain, " "), "--action") || plain[len(plain)-1] != n.Body {
		t.Errorf("notify-send without actions %q", plain)
	}
	if !NotifySendClicked("open\n") || NotifySendClicked("") {
		t.Error("notify-send's answer misread")
	}
	osa := OsascriptArgs(n, "閉じる")
	if got := osa[len(osa)-4:]; strings.Join(got, "|") != n.Title+"|"+n.Body+"|開く|閉じる" {
		t.Errorf("osascript texts %q", got)
	}
	for _, a := range osa {
		if strings.Contains(a, "on run") || strings.Contains(a, "display dialog") {
			if strings.Contains(a, n.Body) {
				t.Error("the body is inside the AppleScript source")
			}
		}
	}
	if !OsascriptClicked("開く\n", n) || OsascriptClicked("閉じる", n) {
		t.Error("the dialog's answer misread")
	}
	ps := PowerShellArgs(n)
	if ps[len(ps)-2] != "-EncodedCommand" {
		t.Fatalf("powershell %q", ps)
	}
	raw, err := base64.StdEncoding.DecodeString(ps[len(ps)-1])
	if err != nil || len(raw)%2 != 0 {
		t.Fatalf("encoded command: %v", err)
	}
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = uint16(raw[2*i]) | uint16(raw[2*i+1])<<8
	}
	script := string(utf16.Decode(units))
	if script != PowerShellScript(n) {
		t.Fatal("the encoded command is not the script")
	}
	for _, want := range []string{"$n.BalloonTipTitle = '電子証明書の更新'", "''引用''", `"quote"`,
		`$exe = 'C:\Program Files\rootip-cert\rootip-cert.exe'`, "Start-Process -FilePath $exe -ArgumentList @('renew', '--window')",
		"add_BalloonTipClicked"} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	if m := MsgArgs(n, "yamada"); m[0] != "yamada" || !strings.Contains(m[2], n.Body) {
		t.Errorf("msg %q", m)
	}
}

func TestDecide(t *testing.T) {
	st := func(outcome string, next renewal.Next, open, due bool) renewal.State {
		return renewal.State{Outcome: outcome, Next: next, Window: renewal.Window{Open: open}, Due: due}
	}
	for _, tc := range []struct {
		name   string
		st     renewal.State
		last   string
		show   bool
		reason string
		body   string
	}{
		{"nothing installed", st(renewal.OutcomeNone, renewal.Fetch, true, false), "", false, ReasonNone, "fetch"},
		{"summer", st(renewal.OutcomeNotSeason, renewal.Nothing, false, false), "", false, ReasonNotSeason, "nothing"},
		{"due in the period", st(renewal.OutcomeMissing, renewal.Fetch, true, true), "", true, ReasonShow, "fetch"},
		{"expiring soon outside it", st(renewal.OutcomeMissing, renewal.Fetch, false, true), "", true, ReasonShow, "fetch"},
		{"downloaded, not installed", st(renewal.OutcomeMissing, renewal.Install, true, true), "", true, ReasonShow, "install"},
		{"partly installed", st(renewal.OutcomePartial, renewal.InstallEverywhere, true, false), "", true, ReasonShow, "install-everywhere"},
		{"unproven", st(renewal.OutcomeUnproven, renewal.Prove, true, false), "", true, ReasonShow, "prove"},
		{"refused", st(renewal.OutcomeRejected, renewal.Prove, true, false), "", true, ReasonShow, "prove"},
		{"proven", st(renewal.OutcomeDone, renewal.CleanupLater, true, false), "", false, ReasonSettled, "cleanup-later"},
		{"proven, restart pending", st(renewal.OutcomeDone, renewal.Restart, true, false), "", false, ReasonSettled, "restart"},
		{"expired", st(renewal.OutcomeExpired, renewal.Fetch, false, false), "", true, ReasonShow, "expired"},
		{"shown today", st(renewal.OutcomeMissing, renewal.Fetch, true, true), "2026-12-05", false, ReasonShown, "fetch"},
		{"shown yesterday", st(renewal.OutcomeMissing, renewal.Fetch, true, true), "2026-12-04", true, ReasonShow, "fetch"},
	} {
		d := Decide(tc.st, tc.last, "2026-12-05")
		if d.Show != tc.show || d.Reason != tc.reason || d.Body != tc.body {
			t.Errorf("%s: %+v, want show %v %s %s", tc.name, d, tc.show, tc.reason, tc.body)
		}
	}
}
