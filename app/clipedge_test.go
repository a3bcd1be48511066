package app

import (
	"fmt"
	"image"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tallLow holds the embedded font's tallest and lowest glyphs: full-width
// ｇｙ, Latin descenders, a kana with dakuten and an accented capital.
const tallLow = "ｇｙ gjpqy ぎ Ég"

// edgeBand is how close (in device-independent pixels) ink may come to a
// widget's top or bottom edge before it counts as touching it.
const edgeBand = 2

// clipKinds are the widget kinds the window draws text with (it uses no
// select and no hyperlink).
var clipKinds = []struct {
	name string
	make func() fyne.CanvasObject
}{
	{"label", func() fyne.CanvasObject { return widget.NewLabel(tallLow) }},
	{"bold label", func() fyne.CanvasObject {
		return widget.NewLabelWithStyle(tallLow, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}},
	{"button", func() fyne.CanvasObject { return widget.NewButton(tallLow, nil) }},
	{"primary button", func() fyne.CanvasObject {
		b := widget.NewButtonWithIcon(tallLow, theme.ConfirmIcon(), nil)
		b.Importance = widget.HighImportance
		return b
	}},
	{"entry", func() fyne.CanvasObject { e := widget.NewEntry(); e.SetText(tallLow); return e }},
	{"entry placeholder", func() fyne.CanvasObject { e := widget.NewEntry(); e.SetPlaceHolder(tallLow); return e }},
	{"check", func() fyne.CanvasObject { return widget.NewCheck(tallLow, nil) }},
	{"card title", func() fyne.CanvasObject { return widget.NewCard(tallLow, "", widget.NewLabel("")) }},
	{"text block", func() fyne.CanvasObject { return newText(tallLow) }},
	{"bold text block", func() fyne.CanvasObject { return newBoldText(tallLow) }},
	{"two-line text block", func() fyne.CanvasObject { return newText(tallLow + "\n" + tallLow) }},
}

// TestNoGlyphTouchesItsClipEdge renders the tallest and lowest glyphs in
// every widget kind at scale 1.0, 1.5 and 2.0 and asserts that no ink (a
// pixel that differs from the same rendering without the text) lies on the
// first or last pixel row of a text's drawn box (where a glyph is cut off)
// or of the widget's bounds.
func TestNoGlyphTouchesItsClipEdge(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	for _, scale := range []float32{1, 1.5, 2} {
		for _, k := range clipKinds {
			t.Run(fmt.Sprintf("%s@%.1f", k.name, scale), func(t *testing.T) {
				checkClipEdges(t, k.make(), scale)
			})
		}
	}
}

// drawnText is a canvas.Text with its position on the canvas.
type drawnText struct {
	txt *canvas.Text
	pos fyne.Position
}

func checkClipEdges(t *testing.T, o fyne.CanvasObject, scale float32) {
	t.Helper()
	const margin = 8
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetScale(scale)
	o.Move(fyne.NewPos(margin, margin))
	size := o.MinSize()
	if size.Width < 400 {
		size.Width = 400
	}
	o.Resize(size)
	if h := o.MinSize().Height; h != size.Height { // a text block knows its lines now
		size.Height = h
		o.Resize(size)
	}
	c.SetContent(container.NewWithoutLayout(o))
	c.Resize(size.AddWidthHeight(2*margin, 2*margin))
	with := c.Capture()
	texts := collectTexts(o, o.Position())
	if len(texts) == 0 {
		t.Fatal("no text drawn")
	}
	saved := make([]string, len(texts))
	for i, d := range texts {
		saved[i], d.txt.Text = d.txt.Text, ""
	}
	without := c.Capture()
	for i, d := range texts {
		d.txt.Text = saved[i]
	}
	ink := func(x, y int) bool {
		r1, g1, b1, _ := with.At(x, y).RGBA()
		r2, g2, b2, _ := without.At(x, y).RGBA()
		return r1 != r2 || g1 != g2 || b1 != b2
	}
	px := func(v float32) int { return int(math.Ceil(float64(v * scale))) }
	rowInk := func(y, x0, x1 int) int {
		n := 0
		for x := x0; x < x1; x++ {
			if ink(x, y) {
				n++
			}
		}
		return n
	}
	total := 0
	for y := 0; y < with.Bounds().Dy(); y++ {
		total += rowInk(y, 0, with.Bounds().Dx())
	}
	if total == 0 {
		t.Fatal("the text left no ink")
	}
	for _, d := range texts {
		if d.txt.Text == "" {
			continue
		}
		box := textBox(d, px)
		for _, y := range []int{box.Min.Y, box.Max.Y - 1} {
			if n := rowInk(y, box.Min.X, box.Max.X); n > 0 {
				t.Errorf("%q: %d ink pixels on row %d, an edge of its drawn box %v: a glyph is clipped", d.txt.Text, n, y, box)
			}
		}
	}
	// The widget's clip edge: no ink on its first or last rows (a band of
	// edgeBand device-independent pixels, so that a glyph set flush against
	// the edge, with no padding, counts as touching it).
	bounds := image.Rect(px(o.Position().X), px(o.Position().Y), px(o.Position().X+size.Width), px(o.Position().Y+size.Height))
	band := px(edgeBand)
	for i := 0; i < band; i++ {
		for _, y := range []int{bounds.Min.Y + i, bounds.Max.Y - 1 - i} {
			if n := rowInk(y, bounds.Min.X, bounds.Max.X); n > 0 {
				t.Errorf("%d ink pixels on row %d, at the edge of the widget's bounds %v", n, y, bounds)
			}
		}
	}
}

// textBox is where the software painter draws a text: an image of the
// text's minimum size, centred vertically in its object (as drawText).
func textBox(d drawnText, px func(float32) int) image.Rectangle {
	min := d.txt.MinSize()
	offsetY := float32(0)
	if h := d.txt.Size().Height; h > min.Height {
		offsetY = (h - min.Height) / 2
	}
	x, y := px(d.pos.X), px(d.pos.Y+offsetY)
	return image.Rect(x, y, x+px(min.Width), y+px(min.Height))
}

// collectTexts walks o (containers and widget renderers) for its visible texts.
func collectTexts(o fyne.CanvasObject, pos fyne.Position) []drawnText {
	if o == nil || !o.Visible() {
		return nil
	}
	switch x := o.(type) {
	case *canvas.Text:
		return []drawnText{{x, pos}}
	case *fyne.Container:
		var out []drawnText
		for _, c := range x.Objects {
			out = append(out, collectTexts(c, pos.Add(c.Position()))...)
		}
		return out
	case fyne.Widget:
		var out []drawnText
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, collectTexts(c, pos.Add(c.Position()))...)
		}
		return out
	}
	return nil
}

// TestTextBlockLineHeight: body text lines are at least 1.4 font sizes
// apart, in the layout and in the pixels.
func TestTextBlockLineHeight(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	b := newText("gjpqy ぎ\nÉg ｇｙ")
	b.Resize(fyne.NewSize(400, b.MinSize().Height))
	b.Resize(fyne.NewSize(400, b.MinSize().Height))
	texts := collectTexts(b, fyne.NewPos(0, 0))
	if len(texts) != 2 {
		t.Fatalf("%d lines, want 2", len(texts))
	}
	step := texts[1].pos.Y - texts[0].pos.Y
	if size := theme.TextSize(); step < 1.4*size {
		t.Errorf("lines %.1f apart at text size %.1f: less than 1.4×", step, size)
	}
	if h := b.MinSize().Height - 2*theme.InnerPadding(); h < 2*1.4*theme.TextSize() {
		t.Errorf("two lines take %.1f, less than 2×1.4×%.1f", h, theme.TextSize())
	}
}
