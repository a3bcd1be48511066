package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRenewalDemoInARealWindow plays `demo --renewal --window` on a virtual
// X server as a user would: a click on 「新しい証明書を取得」, the demo's
// browser download (a .crdownload renamed) found by the real watcher, a
// click on 「この証明書をインストール」 once it is offered, and the proof
// with the new key against the loopback server that accepts only the new
// CA, remembered by the program. The clicks are at the buttons' places in
// the window's default size (780×520) with the embedded font.
func TestRenewalDemoInARealWindow(t *testing.T) {
	needX(t)
	dir := t.TempDir()
	bin := windowBinary(t)
	display := startXvfb(t)
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "DISPLAY="+display, "LANG=ja_JP.UTF-8", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "TMPDIR="+tmp)
	app := exec.Command(bin, "demo", "--renewal", "--window")
	app.Env = env
	logs, _ := os.Create(filepath.Join(dir, "app.log"))
	app.Stdout, app.Stderr = logs, logs
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer app.Process.Kill()
	x := func(args ...string) string {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "app.log"))
			t.Fatalf("%s: %v %s\n%s", strings.Join(args, " "), err, out, log)
		}
		return string(out)
	}
	x("timeout", "30", "xdotool", "search", "--sync", "--name", "root ipクラウド 電子証明書ツール")
	shot := filepath.Join(dir, "screen.png")
	// blueRow is the middle of the first band of the primary button's blue
	// in the column x (-1: none): on each page of the step one primary
	// button at most is shown.
	blueRow := func(px int) int {
		x("import", "-window", "root", shot)
		img := decodePNG(t, shot)
		top := -1
		for py := 100; py < 640; py++ {
			r, g, b, _ := img.At(px, py).RGBA()
			blue := b>>8 > 150 && r>>8 < 90 && g>>8 < 150
			switch {
			case blue && top < 0:
				top = py
			case !blue && top >= 0:
				if py-top >= 20 {
					return (top + py) / 2
				}
				top = -1
			}
		}
		return -1
	}
	waitFor := func(what string, limit time.Duration, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(limit); !cond(); time.Sleep(300 * time.Millisecond) {
			if time.Now().After(deadline) {
				log, _ := os.ReadFile(filepath.Join(dir, "app.log"))
				if out := os.Getenv("ROOTIP_RENEWAL_SCREENSHOT_OUT"); out != "" {
					data, _ := os.ReadFile(shot)
					_ = os.WriteFile(out, data, 0o644)
				}
				t.Fatalf("timed out waiting for %s\n%s", what, log)
			}
		}
	}
	// (Left of the buttons' labels: the button's own colour.)
	const column = 100
	click := func(py int) { x("xdotool", "mousemove", fmt.Sprint(column), fmt.Sprint(py), "click", "1") }
	// settledBlue is blueRow when two frames 300 ms apart agree: the
	// overview fills its rows in once the renewal state is read, so a
	// first frame may show its button higher up, where it then is not.
	settledBlue := func() int {
		first := blueRow(column)
		time.Sleep(300 * time.Millisecond)
		if first > 0 && blueRow(column) == first {
			return first
		}
		return -1
	}
	var fetchY, installY int
	waitFor("「新しい証明書を取得」", 30*time.Second, func() bool { fetchY = settledBlue(); return fetchY > 0 })
	// The fetch page has no primary button until the successor is offered
	// (a first click may only give the window the focus: click again).
	waitFor("the fetch page", 20*time.Second, func() bool {
		click(fetchY)
		time.Sleep(500 * time.Millisecond)
		first := blueRow(column)
		time.Sleep(300 * time.Millisecond)
		return first != fetchY && blueRow(column) != fetchY // two frames: not a transient one
	})
	waitFor("「この証明書をインストール」", 60*time.Second, func() bool { installY = settledBlue(); return installY > 0 })
	click(installY)
	// The program remembers the handshake that proved the new key.
	waitFor("the proof", 120*time.Second, func() bool {
		files, _ := filepath.Glob(filepath.Join(tmp, "rootip-cert-demo-*", "renewal.json"))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), `"proven"`) {
				return true
			}
		}
		return false
	})
	// The result page has no primary button in the demo (the progress
	// bar's blue is gone), and keeps 「接続を診断」 in a bar at the
	// window's foot, in view without scrolling: the button's even fill
	// from y 480 to 508, not the background below it (y 517), where the
	// install page shows background and a page that scrolls shows text.
	barShown := func() bool {
		x("import", "-window", "root", shot)
		img := decodePNG(t, shot)
		rgb := func(py int) [3]uint32 {
			r, g, b, _ := img.At(column, py).RGBA()
			return [3]uint32{r, g, b}
		}
		fill := rgb(480)
		for py := 481; py <= 508; py++ {
			if rgb(py) != fill {
				return false
			}
		}
		return fill != rgb(517)
	}
	waitFor("the result page with its bar", 60*time.Second, func() bool { return blueRow(column) < 0 && barShown() })
	if colors, lit := drawn(t, shot); colors < 16 || lit < 500 {
		t.Fatalf("the result screen looks blank: %d colours, %d lit pixels", colors, lit)
	}
	if out := os.Getenv("ROOTIP_RENEWAL_SCREENSHOT_OUT"); out != "" {
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(out, data, 0o644)
	}
}
