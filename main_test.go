package main

import (
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"rootip-cert/internal/testsupport/shared"
	"rootip-cert/internal/testsupport/xvfb"
)

// TestRealWindowUnderXvfb starts the real binary on a virtual X server,
// waits for its window, takes a screenshot of the screen and checks that
// the window drew something (not a blank or single-colour frame).
func TestRealWindowUnderXvfb(t *testing.T) {
	needX(t)
	bin := windowBinary(t)
	dir := t.TempDir()
	display := startXvfb(t)
	env := append(os.Environ(), "DISPLAY="+display, "LANG=ja_JP.UTF-8", "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	app := exec.Command(bin)
	app.Env = env
	logs, _ := os.Create(filepath.Join(dir, "app.log"))
	app.Stdout, app.Stderr = logs, logs
	start := time.Now()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	defer app.Process.Kill()
	search := exec.Command("timeout", "30", "xdotool", "search", "--sync", "--name", "root ipクラウド 電子証明書ツール")
	search.Env = env
	if out, err := search.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "app.log"))
		t.Fatalf("no window: %v %s\n%s", err, out, log)
	}
	t.Logf("window mapped after %s", time.Since(start).Round(time.Millisecond))
	// The first frame can take seconds on a loaded machine: look until
	// the window has drawn, for at most 20 s.
	shot := filepath.Join(dir, "screen.png")
	var colors, lit int
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		imp := exec.Command("import", "-window", "root", shot)
		imp.Env = env
		if out, err := imp.CombinedOutput(); err != nil {
			t.Fatalf("screenshot: %v %s", err, out)
		}
		colors, lit = drawn(t, shot)
		if colors >= 16 && lit >= 500 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the window looks blank: %d colours, %d lit pixels", colors, lit)
		}
	}
	t.Logf("drawn after %s", time.Since(start).Round(time.Millisecond))
	if out := os.Getenv("ROOTIP_SCREENSHOT_OUT"); out != "" {
		data, _ := os.ReadFile(shot)
		_ = os.WriteFile(out, data, 0o644)
	}
}

// needX skips where the real-window tools are missing.
func needX(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (Debian xvfb, xdotool, imagemagick; make test installs them)", tool)
		}
	}
}

// builtDir is the folder windowBinary built the program in, removed by
// TestMain.
var builtDir string

// TestMain removes the window program the real-window tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// windowBinary builds the window program once for every real-window test.
var windowBinary = shared.Fixture(func() (string, error) {
	dir, err := os.MkdirTemp("", "rootip-cert-xvfb-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "rootip-cert")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, out)
	}
	return bin, nil
})

// startXvfb starts a virtual X server for the test (internal/testsupport/xvfb)
// and returns its display.
func startXvfb(t *testing.T) string { return xvfb.Start(t, "1024x768x24") }

// decodePNG reads a screenshot.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// drawn counts the colours and lit pixels of a screenshot.
func drawn(t *testing.T, path string) (int, int) {
	img := decodePNG(t, path)
	colors := map[color.RGBA]bool{}
	lit := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			colors[c] = true
			if c.R > 60 || c.G > 60 || c.B > 60 {
				lit++
			}
		}
	}
	return len(colors), lit
}
