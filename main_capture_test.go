package main

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/testsupport/ziptest"
)

// TestReportCapturesTheRealWindow presses 「このツールの画面を添付」 in the
// real window on a virtual X server (the demo, which saves the ZIP into its
// scratch folder without a dialog), then 「ZIP を保存」, and opens the ZIP:
// the one picture in it has the window's size in pixels, is drawn (not a
// blank frame) and shows what the screen showed, block by block, next to
// a screenshot of the window taken by the X server (import -window). The
// report names the picture as the tool's own window, with that size. The
// window is enlarged to 1000×760 and the page scrolled to its top so that
// the capture button and the save button (in the fixed bar) are both in
// view; the clicks are at their places there with the embedded font.
func TestReportCapturesTheRealWindow(t *testing.T) {
	needX(t)
	x := startDemo(t)
	x.waitFor("② ファイルの中身とパスワード")
	const width, height = 1000, 760
	if out, err := x.command("xdotool", "windowsize", x.win, fmt.Sprint(width), fmt.Sprint(height)); err != nil {
		t.Fatalf("xdotool windowsize: %v %s", err, out)
	}
	click := func(px, py int) {
		t.Helper()
		if out, err := x.command("xdotool", "mousemove", "--window", x.win, fmt.Sprint(px), fmt.Sprint(py), "click", "1"); err != nil {
			t.Fatalf("click at %d,%d: %v %s", px, py, err, out)
		}
	}
	click(40, 20) // ホーム
	x.waitFor("接続を診断", "サポート用レポートを作成", "インストール済みの証明書を見る")
	click(width/2, 355) // the 「サポート用レポートを作成」 card
	x.waitFor("送信される内容(プレビュー)", "このツールの画面を添付", "ZIP を保存")
	// Scrolled to the top (the wheel turned over the page's scroll bar),
	// the capture button is the last line above the fixed button bar: the
	// demo's note, the user ID, the eight steps and the capture section
	// above it. The preview below it is the page's, not a scroll of its
	// own, so the page's end is the mail's end, far below.
	if out, err := x.command("xdotool", "mousemove", "--window", x.win, fmt.Sprint(width-10), "400", "click", "--repeat", "100", "--delay", "15", "4"); err != nil {
		t.Fatalf("scroll: %v %s", err, out)
	}

	// The window as the X server shows it, the pointer already where the
	// click will be (a button under the pointer is drawn lit).
	const captureX, captureY = 230, 686
	if out, err := x.command("xdotool", "mousemove", "--window", x.win, fmt.Sprint(captureX), fmt.Sprint(captureY)); err != nil {
		t.Fatalf("xdotool mousemove: %v %s", err, out)
	}
	screen := x.windowShot("screen")
	if b := screen.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Fatalf("the window is %dx%d, want %dx%d", b.Dx(), b.Dy(), width, height)
	}
	click(captureX, captureY)
	x.waitFor("添付: ブラウザの画面 0 枚、このツールの画面 1 枚")
	click(width/2, 733) // 「ZIP を保存」
	x.waitFor("ZIP を保存しました", "保存先(デモを終了すると削除)")

	zips, _ := filepath.Glob(filepath.Join(x.tmp, "rootip-cert-demo-*", "rootip-report-*.zip"))
	if len(zips) != 1 {
		t.Fatalf("saved ZIPs: %v", zips)
	}
	pictures, report := readZIP(t, zips[0])
	if len(pictures) != 1 {
		t.Fatalf("the ZIP holds %d pictures, want the one capture", len(pictures))
	}
	var name string
	for n := range pictures {
		name = n
	}
	data := pictures[name]
	path := filepath.Join(x.dir, "captured.png")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("ROOTIP_SCREENSHOT_DIR"); keep != "" {
		_ = os.WriteFile(filepath.Join(keep, "captured.png"), data, 0o644)
	}
	captured := decodePNG(t, path)
	if b := captured.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Errorf("the captured picture is %dx%d, want the window's %dx%d", b.Dx(), b.Dy(), width, height)
	}
	if colors, lit := drawn(t, path); colors < 16 || lit < 500 {
		t.Errorf("the captured picture is blank: %d colours, %d lit pixels", colors, lit)
	}
	same, drawnBlocks := sameBlocks(screen, captured, 20)
	if drawnBlocks < 100 || same < drawnBlocks*9/10 {
		t.Errorf("only %d of the %d drawn blocks of 20×20 pixels in the screenshot look alike in the captured picture", same, drawnBlocks)
	}
	t.Logf("%d of the %d drawn blocks alike", same, drawnBlocks)
	if want := fmt.Sprintf("このツールの画面(参考): %s(PNG, %d×%d)", name, width, height); !strings.Contains(report, want) {
		t.Errorf("the report does not name the capture as %q:\n%s", want, report)
	}

	x.close()
}

// windowShot screenshots the window alone (import -window ID) once it has
// redrawn.
func (x *xdemo) windowShot(name string) image.Image { return x.screenshot(x.win, name) }

// readZIP returns the PNG files of a report ZIP by name, and its text.
func readZIP(t *testing.T, path string) (map[string][]byte, string) {
	t.Helper()
	_, members := ziptest.ReadFile(t, path)
	pictures := map[string][]byte{}
	text := ""
	for _, m := range members {
		switch {
		case strings.HasSuffix(m.Name, ".png"):
			pictures[m.Name] = m.Data
		case m.Name == "report.txt":
			text = string(m.Data)
		}
	}
	return pictures, text
}

// sameBlocks compares two pictures block by block (size×size pixels) where
// the first has something drawn (a block of one flat colour, the empty
// background, is left out: a blank picture would match it). A block is
// alike when its mean colour differs by at most 16 of 255 in each channel,
// which the anti-aliasing of text leaves alone and a blank, moved or
// differently laid out picture does not. It returns the alike blocks and
// the blocks compared.
func sameBlocks(a, b image.Image, size int) (same, drawn int) {
	r := a.Bounds().Intersect(b.Bounds())
	rgb := func(img image.Image, x, y int) [3]int {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return [3]int{int(cr >> 8), int(cg >> 8), int(cb >> 8)}
	}
	for y0 := r.Min.Y; y0 < r.Max.Y; y0 += size {
		for x0 := r.Min.X; x0 < r.Max.X; x0 += size {
			var sa, sb [3]int
			n, flat := 0, true
			first := rgb(a, x0, y0)
			for y := y0; y < y0+size && y < r.Max.Y; y++ {
				for x := x0; x < x0+size && x < r.Max.X; x++ {
					ca, cb := rgb(a, x, y), rgb(b, x, y)
					flat = flat && ca == first
					for i := range ca {
						sa[i] += ca[i]
						sb[i] += cb[i]
					}
					n++
				}
			}
			if flat {
				continue
			}
			drawn++
			alike := true
			for i := range sa {
				if d := (sa[i] - sb[i]) / n; d > 16 || d < -16 {
					alike = false
				}
			}
			if alike {
				same++
			}
		}
	}
	return same, drawn
}
