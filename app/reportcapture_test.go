package app

import (
	"bytes"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
)

// TestCaptureWindowKeepsTheWindow: 「このツールの画面を添付」 attaches the
// whole window at its real size and leaves the live content where it was
// (rendering the content on its own laid it out at its minimum size in
// the corner, black around it, and attached only that crop).
func TestCaptureWindowKeepsTheWindow(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	u.showReport()
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil })
	content := u.w.Content()
	size, pos := content.Size(), content.Position()
	test.Tap(u.rep.capture)
	if content.Size() != size || content.Position() != pos {
		t.Errorf("after the capture the content is %v at %v, was %v at %v", content.Size(), content.Position(), size, pos)
	}
	u.rep.mu.Lock()
	defer u.rep.mu.Unlock()
	if len(u.rep.images) != 1 {
		t.Fatalf("%d images attached, want 1", len(u.rep.images))
	}
	img, err := png.Decode(bytes.NewReader(u.rep.images[0].data))
	if err != nil {
		t.Fatal(err)
	}
	c := u.w.Canvas()
	want := fyne.NewSize(c.Size().Width*c.Scale(), c.Size().Height*c.Scale())
	if b := img.Bounds(); float32(b.Dx()) != want.Width || float32(b.Dy()) != want.Height {
		t.Errorf("the attached picture is %dx%d, want the window's %v", b.Dx(), b.Dy(), want)
	}
}
