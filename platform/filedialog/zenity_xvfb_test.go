//go:build !windows && !darwin

package filedialog

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/testsupport/xvfb"
)

// TestZenityUnderXvfb opens the adapter's real dialogs (no portal on the
// bus, so zenity) on a scratch X server and answers them with keystrokes
// as a user would: a path typed into the location bar, a bare file name
// (found only if the dialog opened in Downloads), Escape, and a save that
// takes the suggested name in Downloads (a Japanese path read back from
// zenity). Typed text is ASCII: xdotool drops kana now and then.
func TestZenityUnderXvfb(t *testing.T) {
	for _, bin := range []string{"Xvfb", "xdotool", "zenity"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("needs %s (scripts/deps.sh all)", bin)
		}
	}
	home := t.TempDir()
	dl := filepath.Join(home, "ダウンロード")
	file := filepath.Join(dl, "client.p12")
	other := filepath.Join(home, "other", "cert.pfx")
	if err := os.MkdirAll(filepath.Join(home, ".config"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dl, filepath.Dir(other)} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for p, data := range map[string]string{file: "x", other: "x", filepath.Join(dl, "クライアント証明書.p12"): "x", filepath.Join(home, ".config", "user-dirs.dirs"): "XDG_DOWNLOAD_DIR=\"$HOME/ダウンロード\"\n"} {
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("DISPLAY", xvfb.Start(t, "1280x800x24"))
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "") // no portal: the zenity path
	t.Setenv("GSETTINGS_BACKEND", "memory")
	t.Setenv("NO_AT_BRIDGE", "1")
	if got := Downloads(); got != dl {
		t.Fatalf("Downloads = %q, want %q", got, dl)
	}

	for _, tc := range []struct {
		name  string
		title string
		run   func(title string) (string, error)
		keys  []string // xdotool commands after the window has focus
		want  string
		err   error
	}{
		{"open, path typed", "証明書ファイルを開く",
			func(title string) (string, error) { return Open(title, "", certFilter) },
			[]string{"key ctrl+l", "type --delay 15 " + other, "key Return"}, other, nil},
		{"open, bare name: started in Downloads", "証明書ファイルを開く",
			func(title string) (string, error) { return Open(title, "", certFilter) },
			[]string{"key ctrl+l", "type --delay 15 client.p12", "key Return"}, file, nil},
		{"open, Escape", "証明書ファイルを開く",
			func(title string) (string, error) { return Open(title, "", certFilter) },
			[]string{"key Escape"}, "", ErrCancelled},
		{"save, default name accepted", "サポート用レポートを保存",
			func(title string) (string, error) { return Save(title, "", "rootip-report.zip") },
			[]string{"key Return"}, filepath.Join(dl, "rootip-report.zip"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			type answer struct {
				path string
				err  error
			}
			done := make(chan answer, 1)
			go func() { p, err := tc.run(tc.title); done <- answer{p, err} }()
			win := xdo(t, "search", "--sync", "--name", tc.title)
			win = strings.Fields(win)[0]
			xdo(t, "windowfocus", "--sync", win)
			time.Sleep(300 * time.Millisecond) // GTK maps its widgets after the window
			for _, k := range tc.keys {
				f := strings.SplitN(k, " ", 2)
				args := []string{f[0]}
				if f[0] == "type" {
					rest := strings.SplitN(f[1], " ", 3) // --delay N TEXT
					args = append(args, rest...)
				} else {
					args = append(args, f[1])
				}
				xdo(t, args...)
				time.Sleep(200 * time.Millisecond)
			}
			select {
			case a := <-done:
				if a.path != tc.want || !errors.Is(a.err, tc.err) && !(a.err == nil && tc.err == nil) {
					t.Fatalf("got %q, %v; want %q, %v", a.path, a.err, tc.want, tc.err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the dialog did not answer")
			}
		})
	}
}

// xdo runs xdotool (bounded) and returns its output.
func xdo(t *testing.T, args ...string) string {
	t.Helper()
	return xdoWithin(t, 20, args...)
}

func xdoWithin(t *testing.T, seconds int, args ...string) string {
	t.Helper()
	out, err := exec.Command("timeout", append([]string{fmt.Sprint(seconds), "xdotool"}, args...)...).Output()
	if err != nil {
		t.Fatalf("xdotool %v: %v", args, err)
	}
	return string(out)
}
