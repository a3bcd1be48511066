//go:build linux

package filedialog

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/testsupport/winetest"
	"rootip-cert/internal/testsupport/xvfb"
)

// TestItemDialogUnderWine runs the Windows adapter (COM, the common item
// dialog) in Wine on a scratch X server and answers Wine's dialog with
// keys: a file name typed (found only if it opened in the Downloads known
// folder), Escape, and a save that takes the suggested name. Wine 8 lacks
// ProcessPrng, which Go's runtime needs: the shared harness builds a stub.
func TestItemDialogUnderWine(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a Wine prefix (minutes): not with -short")
	}
	if os.Getenv("ROOTIP_WINE_DIALOG_TEST") == "0" {
		t.Skip("ROOTIP_WINE_DIALOG_TEST=0")
	}
	winetest.Need(t)
	for _, bin := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("needs %s (scripts/deps.sh all)", bin)
		}
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	dl := filepath.Join(home, "Downloads")
	if err := os.MkdirAll(dl, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dl, "client.p12"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DISPLAY", xvfb.Start(t, "1280x800x24"))
	// Wine's desktop process starts with the prefix and stays with its
	// persistent wineserver: it must see the display from the first call.
	w := winetest.New(t, "HOME="+home, "XDG_CONFIG_HOME=", "DISPLAY="+os.Getenv("DISPLAY"))
	wine, env := w.Wine, w.Env
	exe := filepath.Join(dir, "filedialog.test.exe")
	winetest.CrossBuild(t, "test", "-c", "-o", exe, ".")
	answer := regexp.MustCompile(`ANSWER path="(.*)" err=(.*) cancelled=(true|false)`)
	for _, tc := range []struct {
		name, kind, title string
		keys              [][]string
		wantPath          string // suffix after C:\users\<name>
		cancelled         bool
	}{
		{"open, name typed in Downloads", "open", "証明書ファイルを開く",
			[][]string{{"type", "--delay", "30", "client.p12"}, {"key", "Return"}}, `\Downloads\client.p12`, false},
		{"open, Escape", "open", "証明書ファイルを開く", [][]string{{"key", "Escape"}}, "", true},
		{"save, suggested name", "save", "サポート用レポートを保存", [][]string{{"key", "Return"}}, `\Downloads\rootip-report.zip`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command("timeout", "120s", wine, exe, "-test.run", "^TestDialogForWine$", "-test.v")
			cmd.Env = append(env, "ROOTIP_WINE_DIALOG="+tc.kind, "DISPLAY="+os.Getenv("DISPLAY"))
			var out syncBuffer
			cmd.Stdout, cmd.Stderr = &out, &out
			// Wine's helper processes (the desktop's explorer.exe,
			// services.exe) live on with the persistent wineserver and
			// inherit the output pipe: without WaitDelay, Wait waits for
			// them, which is how this test hung CI for 10 minutes.
			cmd.WaitDelay = 5 * time.Second
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			var ended atomic.Bool
			go func() { err := cmd.Wait(); ended.Store(true); done <- err }()
			t.Cleanup(func() { _ = cmd.Process.Kill() }) // a dialog left open on failure
			// The hard deadline: whatever Wine does, the run ends here, its
			// processes killed (wineserver -k ends every program of the
			// prefix), with what it printed.
			hardStop := time.AfterFunc(winRunBudget, func() { w.Kill() })
			defer hardStop.Stop()
			// Wine's first window in a prefix takes many seconds.
			win := visibleWindow(t, tc.title, 100*time.Second, ended.Load, out.String)
			xdo(t, "windowfocus", "--sync", win)
			time.Sleep(time.Second) // Wine fills the folder view after mapping
			for _, k := range tc.keys {
				xdo(t, k...)
				time.Sleep(300 * time.Millisecond)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(winRunBudget + 15*time.Second):
				t.Fatalf("the Windows half did not end within %s even after its Wine processes were killed:\n%s", winRunBudget, out.String())
			}
			if !hardStop.Stop() {
				t.Fatalf("the Windows half did not answer within %s; its Wine processes were killed:\n%s", winRunBudget, out.String())
			}
			// ErrWaitDelay: the program ended, a helper kept the pipe (seen
			// on the first run in a fresh prefix, which starts the desktop).
			if err != nil && !errors.Is(err, exec.ErrWaitDelay) {
				t.Fatalf("the Windows half: %v\n%s", err, out.String())
			}
			m := answer.FindStringSubmatch(out.String())
			if m == nil {
				t.Fatalf("no answer:\n%s", out.String())
			}
			path := strings.ReplaceAll(m[1], `\\`, `\`)
			if tc.cancelled {
				if m[3] != "true" || path != "" {
					t.Fatalf("want cancelled, got %s", m[0])
				}
				return
			}
			if m[2] != "<nil>" || !strings.HasPrefix(strings.ToLower(path), `c:\users\`) || !strings.HasSuffix(path, tc.wantPath) {
				t.Fatalf("got %s, want C:\\users\\…%s", m[0], tc.wantPath)
			}
		})
	}
}

// winRunBudget bounds one run of the Windows half (Wine's first window in
// a fresh prefix takes tens of seconds).
const winRunBudget = 150 * time.Second

// syncBuffer collects a program's output from the copying goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// visibleWindow polls for a mapped window with that title: Wine creates
// and destroys helper windows meanwhile, which make a --sync search fail.
// It gives up as soon as the program showing it has ended (killed at its
// deadline, or crashed), saying what it printed.
func visibleWindow(t *testing.T, title string, within time.Duration, ended func() bool, output func() string) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if ended() {
			t.Fatalf("the program ended before its window %q appeared:\n%s", title, output())
		}
		out, _ := exec.Command("timeout", "10", "xdotool", "search", "--onlyvisible", "--name", title).Output()
		if f := strings.Fields(string(out)); len(f) > 0 {
			return f[0]
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("no window %q within %s", title, within)
	return ""
}
