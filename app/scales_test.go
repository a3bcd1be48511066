package app

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
)

// variantTheme forces one variant of a theme (light or dark, whatever the
// system says).
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// TestEveryScreenAtEveryScaleClipsNoGlyph renders every screen of the tour
// (screens_test.go) in Japanese and English, in the dark and the light
// theme, at FYNE_SCALE 1.0, 1.5 and 2.0, and asserts for every text on it
// what TestNoGlyphTouchesItsClipEdge asserts for one widget: no ink on the
// first or last pixel row of the box the text is drawn into (where a
// glyph's top or descender is cut off). Texts scrolled partly out of view
// are left out (their scroll clips them on purpose); a dialog is checked
// on its own. Each of the 2×2×3 renderings of every screen is pinned by
// its pixels' digest in testdata/renders.txt (pinned_test.go): a change
// anywhere on any of them fails the test and leaves the new picture in
// testdata/failed/ to look at.
func TestEveryScreenAtEveryScaleClipsNoGlyph(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every screen 12 times")
	}
	renders := newPinnedRenders(t, "testdata/renders.txt")
	defer renders.check(t)
	base := newTheme()
	themes := []struct {
		name string
		th   fyne.Theme
	}{{"dark", variantTheme{base, 0}}, {"light", variantTheme{base, 1}}}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			checked := 0
			screenTour(t, lang, func(name string, u *testUI) {
				c := u.w.Canvas()
				root, at := u.w.Content(), u.w.Content().Position()
				if top := c.Overlays().Top(); top != nil {
					root, at = top, top.Position()
				}
				for _, th := range themes {
					test.ApplyTheme(t, th.th)
					for _, scale := range []float32{1, 1.5, 2} {
						c.(interface{ SetScale(float32) }).SetScale(scale)
						relayout(u)
						checked += checkScreenClips(t, fmt.Sprintf("%s %s %s@%.1f", name, lang, th.name, scale), c, root, at, scale)
						renders.add(t, fmt.Sprintf("%s_%s_%s@%.1f", name, lang, th.name, scale), c.Capture())
					}
				}
				c.(interface{ SetScale(float32) }).SetScale(1)
				test.ApplyTheme(t, base)
				relayout(u)
			})
			if checked < 1000 {
				t.Fatalf("only %d texts checked", checked)
			}
		})
	}
}

// relayout lays the window out again (text blocks know their height only
// after a first layout).
func relayout(u *testUI) {
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
		for _, o := range u.w.Canvas().Overlays().List() {
			o.Refresh()
		}
	}
}

// checkScreenClips captures the canvas with and without the texts under
// root and checks each text's drawn box; it returns how many it checked.
func checkScreenClips(t *testing.T, what string, c fyne.Canvas, root fyne.CanvasObject, at fyne.Position, scale float32) int {
	t.Helper()
	texts := inViewTexts(root, at, image.Rect(-1<<20, -1<<20, 1<<20, 1<<20), scale)
	with := asNRGBA(c.Capture())
	saved := make([]string, len(texts))
	for i, d := range texts {
		saved[i], d.txt.Text = d.txt.Text, ""
	}
	without := asNRGBA(c.Capture())
	for i, d := range texts {
		d.txt.Text = saved[i]
	}
	px := func(v float32) int { return int(math.Ceil(float64(v * scale))) }
	n := 0
	for i, d := range texts {
		if saved[i] == "" {
			continue
		}
		d.txt.Text = saved[i]
		box := textBox(d, px).Intersect(with.Bounds())
		for _, y := range []int{box.Min.Y, box.Max.Y - 1} {
			if k := rowDiff(with, without, y, box.Min.X, box.Max.X); k > 0 {
				t.Errorf("%s: %q: %d ink pixels on row %d, an edge of its drawn box %v: a glyph is clipped", what, saved[i], k, y, box)
			}
		}
		n++
	}
	return n
}

// inViewTexts are the texts under o wholly inside the visible area
// (clip, in device pixels: each scroll narrows it).
func inViewTexts(o fyne.CanvasObject, pos fyne.Position, clip image.Rectangle, scale float32) []drawnText {
	if o == nil || !o.Visible() {
		return nil
	}
	px := func(v float32) int { return int(math.Ceil(float64(v * scale))) }
	var out []drawnText
	if w, ok := o.(*wheelScroll); ok { // the checklist's: clip as its Scroll
		size := w.Size()
		clip = clip.Intersect(image.Rect(px(pos.X), px(pos.Y), px(pos.X+size.Width), px(pos.Y+size.Height)))
	}
	switch x := o.(type) {
	case *canvas.Text:
		d := drawnText{x, pos}
		if textBox(d, px).In(clip) {
			out = append(out, d)
		}
		return out
	case *container.Scroll:
		size := x.Size()
		clip = clip.Intersect(image.Rect(px(pos.X), px(pos.Y), px(pos.X+size.Width), px(pos.Y+size.Height)))
	case *widget.PopUp:
		// A dialog's pop-up: its own content only.
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, ch := range children {
		out = append(out, inViewTexts(ch, pos.Add(ch.Position()), clip, scale)...)
	}
	return out
}

func asNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	b := img.Bounds()
	n := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			n.Set(x, y, img.At(x, y))
		}
	}
	return n
}

// rowDiff counts the pixels of row y between x0 and x1 that differ.
func rowDiff(a, b *image.NRGBA, y, x0, x1 int) int {
	if y < a.Rect.Min.Y || y >= a.Rect.Max.Y {
		return 0
	}
	n := 0
	for x := max(x0, a.Rect.Min.X); x < min(x1, a.Rect.Max.X); x++ {
		i := a.PixOffset(x, y)
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			n++
		}
	}
	return n
}
