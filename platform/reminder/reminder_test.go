package reminder

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/reminder"
)

var words = reminder.Words{NameJA: "root ip 電子証明書の更新のお知らせ", NameEN: "root ip certificate renewal reminder",
	CommentJA: "更新期間にお知らせします", CommentEN: "Reminds you during the renewal period"}

// recorder is an executable script that writes its arguments, one a line,
// into out.
func recorder(t *testing.T, dir, name, out, stdout string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts stand in for the tools here")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	script := "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" >> '" + out + "'\n"
	if stdout != "" {
		script += "case \"$1\" in --help) echo 'Usage: notify-send [OPTION…] <SUMMARY> [BODY] - create a notification\n  -A, --action=[NAME=]Text...\n  -w, --wait';; *) echo " + stdout + ";; esac\n"
	}
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAutostartInstallsIntoXDGConfigHome: the Linux reminder is an XDG
// autostart entry in $XDG_CONFIG_HOME/autostart; installed, found, run by
// the desktop's own launcher (gio, where installed) as `exe remind`, and
// removed again.
func TestAutostartInstallsIntoXDGConfigHome(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the XDG autostart entry is the Linux desktop's")
	}
	cfg := filepath.Join(t.TempDir(), "config home")
	t.Setenv("XDG_CONFIG_HOME", cfg)
	sys := New()
	out := filepath.Join(t.TempDir(), "ran")
	exe := recorder(t, filepath.Join(t.TempDir(), "山田 太郎", "bin"), "rootip-cert", out, "")
	regs, err := sys.Install(exe, words)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg, "autostart", "rootip-cert-remind.desktop")
	if len(regs) != 1 || regs[0].Kind != reminder.KindAutostart || regs[0].Where != path {
		t.Fatalf("registered %+v", regs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reminder.DesktopEntry(exe, words)
	if string(data) != string(want) {
		t.Errorf("installed entry differs from the generated one:\n%s", data)
	}
	if got := sys.Installed(); len(got) != 1 || got[0].Where != path {
		t.Errorf("installed = %+v", got)
	}
	if gio, err := exec.LookPath("gio"); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if msg, err := exec.CommandContext(ctx, gio, "launch", path).CombinedOutput(); err != nil {
			t.Errorf("gio launch: %v %s", err, msg)
		}
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			if ran, _ := os.ReadFile(out); strings.Count(string(ran), "\n") >= 2 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if ran, _ := os.ReadFile(out); string(ran) != exe+"\nremind\n" {
			t.Errorf("the desktop ran %q, want %s remind", ran, exe)
		}
	} else {
		t.Log("gio not installed: the entry was not launched (make test installs libglib2.0-bin)")
	}
	removed, err := sys.Uninstall()
	if err != nil || len(removed) != 1 || removed[0].Where != path {
		t.Fatalf("uninstall %+v %v", removed, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the entry is still there: %v", err)
	}
	if again, err := sys.Uninstall(); err != nil || len(again) != 0 {
		t.Errorf("a second uninstall: %+v %v", again, err)
	}
	if got := sys.Installed(); len(got) != 0 {
		t.Errorf("installed after uninstall: %+v", got)
	}
}

func TestLaunchAgentFile(t *testing.T) {
	a := Agents{Dir: filepath.Join(t.TempDir(), "Library", "LaunchAgents")}
	r, err := a.Write("/Applications/rootip-cert.app/Contents/MacOS/rootip-cert")
	if err != nil {
		t.Fatal(err)
	}
	if r.Where != filepath.Join(a.Dir, "jp.co.rootip.cert.remind.plist") || len(a.Installed()) != 1 {
		t.Fatalf("registered %+v", r)
	}
	data, _ := os.ReadFile(r.Where)
	if !strings.Contains(string(data), "<string>/Applications/rootip-cert.app/Contents/MacOS/rootip-cert</string>") {
		t.Errorf("plist:\n%s", data)
	}
	if _, ok, err := a.Remove(); !ok || err != nil || len(a.Installed()) != 0 {
		t.Errorf("remove: %v %v", ok, err)
	}
}

// TestNotifySendOpensTheWindowWhenClicked runs the real exec path against
// a stand-in notify-send that answers "open" (the button was pressed).
func TestNotifySendOpensTheWindowWhenClicked(t *testing.T) {
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	opened := filepath.Join(dir, "opened")
	ns := recorder(t, filepath.Join(dir, "bin"), "notify-send", calls, "open")
	open := recorder(t, filepath.Join(dir, "app"), "rootip-cert", opened, "")
	n := reminder.Notification{Title: "電子証明書の更新", Body: "証明書は 2027/01/10 に期限切れになります。", Action: "開く",
		Open: reminder.Command(open, reminder.OpenArgs...)}
	if err := (NotifySend{Path: ns}).Notify(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(calls)
	if !strings.Contains(string(got), "--action=open=開く\n--wait\n--\n電子証明書の更新\n"+n.Body+"\n") {
		t.Errorf("notify-send got:\n%s", got)
	}
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(opened); len(b) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if b, _ := os.ReadFile(opened); string(b) != open+"\nrenew\n--window\n" {
		t.Errorf("the click ran %q", b)
	}
	t.Setenv("PATH", t.TempDir())
	if err := (NotifySend{}).Notify(context.Background(), n); !errors.Is(err, reminder.ErrNoNotifier) {
		t.Errorf("without notify-send: %v", err)
	}
}
