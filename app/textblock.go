package app

import (
	"image/color"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/textwrap"
)

// lineHeight is the distance between lines of body text, as a multiple of
// the font size: Japanese text needs room between lines (Fyne's labels set
// them almost touching), and the embedded font's descenders (g, j, p, y)
// must not be clipped.
const lineHeight = 1.5

// textBlock is the window's wrapped text: lines broken by the rules of
// Japanese text (internal/textwrap), each drawn as its own text line at
// lineHeight. It replaces Fyne's word-wrapped labels, which break only at
// ASCII spaces.
type textBlock struct {
	widget.BaseWidget
	Text       string
	Bold       bool
	Importance widget.Importance
	// OnColor, when set, is the theme colour to draw in (text on a
	// primary button: theme.ColorNameForegroundOnPrimary).
	OnColor fyne.ThemeColorName
	// Wrap, when set, is the width the block asks for and breaks its
	// lines at until it is laid out (a dialog's message, which has no
	// screen width to fill).
	Wrap float32
	// Tight, when set, keeps only a little room above and below the
	// lines (the checklist's rows and verdict, which must fit many to a
	// window); the width's padding stays.
	Tight bool
	// Align places each line in the block's width (leading by default;
	// trailing for a note beside a button on the right).
	Align fyne.TextAlign

	lines []string
	width float32 // the width the lines were made for
}

func newText(s string) *textBlock {
	t := &textBlock{Text: s}
	t.ExtendBaseWidget(t)
	return t
}

func newBoldText(s string) *textBlock {
	t := newText(s)
	t.Bold = true
	return t
}

// SetText changes the text and lays it out again.
func (t *textBlock) SetText(s string) {
	t.Text = s
	t.width = -1
	t.Refresh()
}

func (t *textBlock) style() fyne.TextStyle { return fyne.TextStyle{Bold: t.Bold} }

func (t *textBlock) textSize() float32 { return theme.TextSize() }

// vpad is the room above the first line and below the last.
func (t *textBlock) vpad() float32 {
	if t.Tight {
		return tightPad()
	}
	return theme.InnerPadding()
}

// tightPad is a tight text block's room above and below its lines.
func tightPad() float32 { return theme.Padding() / 3 }

// textLineStep is the distance between two lines of body text.
func textLineStep() float32 {
	return float32(math.Ceil(float64(theme.TextSize() * lineHeight)))
}

// reflow breaks the text for a content width; it reports whether the
// number of lines changed.
func (t *textBlock) reflow(width float32) bool {
	if width == t.width && t.lines != nil {
		return false
	}
	before := len(t.lines)
	t.width = width
	size, style := t.textSize(), t.style()
	t.lines = textwrap.Lines(t.Text, width, func(s string) float32 { return fyne.MeasureText(s, size, style).Width })
	return len(t.lines) != before
}

// Resize lays the lines out for the new width; when their number changes
// the parent is asked to lay out again (the block's height changed).
func (t *textBlock) Resize(s fyne.Size) {
	if s == t.Size() && t.lines != nil {
		return
	}
	t.BaseWidget.Resize(s)
	if t.reflow(s.Width - 2*theme.InnerPadding()) {
		t.Refresh()
	}
}

func (t *textBlock) CreateRenderer() fyne.WidgetRenderer {
	return &textBlockRenderer{t: t}
}

type textBlockRenderer struct {
	t     *textBlock
	texts []*canvas.Text
}

func (r *textBlockRenderer) lineStep() float32 {
	return float32(math.Ceil(float64(r.t.textSize() * lineHeight)))
}

func (r *textBlockRenderer) MinSize() fyne.Size {
	t := r.t
	pad := theme.InnerPadding()
	if t.Wrap > 0 && (t.lines == nil || t.width < 0) {
		t.reflow(t.Wrap - 2*pad)
	}
	if t.lines == nil {
		t.reflow(0) // one line per paragraph until the width is known
	}
	n := len(t.lines)
	if n == 0 {
		n = 1
	}
	// Narrow enough to share a row, wide enough for a short word.
	minWidth := fyne.MeasureText("あああ", t.textSize(), t.style()).Width
	height := float32(n)*r.lineStep() + 2*t.vpad()
	if t.Wrap > 0 {
		return fyne.NewSize(t.Wrap, height)
	}
	return fyne.NewSize(minWidth+2*pad, height)
}

func (r *textBlockRenderer) Layout(size fyne.Size) {
	t := r.t
	pad := theme.InnerPadding()
	t.reflow(size.Width - 2*pad)
	r.sync()
	step := r.lineStep()
	for i, txt := range r.texts {
		h := txt.MinSize().Height
		txt.Move(fyne.NewPos(pad, t.vpad()+float32(i)*step+(step-h)/2))
		txt.Resize(fyne.NewSize(size.Width-2*pad, h))
	}
}

// sync makes one canvas.Text per line, in the block's colour.
func (r *textBlockRenderer) sync() {
	t := r.t
	for len(r.texts) < len(t.lines) {
		r.texts = append(r.texts, canvas.NewText("", nil))
	}
	r.texts = r.texts[:len(t.lines)]
	c := r.color()
	for i, line := range t.lines {
		txt := r.texts[i]
		txt.Text = strings.TrimRight(line, " ")
		txt.TextStyle = t.style()
		txt.TextSize = t.textSize()
		txt.Color = c
		txt.Alignment = t.Align
	}
}

func (r *textBlockRenderer) color() color.Color {
	name := theme.ColorNameForeground
	if r.t.OnColor != "" {
		name = r.t.OnColor
	}
	switch r.t.Importance {
	case widget.DangerImportance:
		name = theme.ColorNameError
	case widget.WarningImportance:
		name = theme.ColorNameWarning
	case widget.SuccessImportance:
		name = theme.ColorNameSuccess
	case widget.LowImportance:
		name = theme.ColorNamePlaceHolder
	}
	return theme.Current().Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

func (r *textBlockRenderer) Refresh() {
	r.t.reflow(r.t.Size().Width - 2*theme.InnerPadding())
	r.Layout(r.t.Size())
	for _, txt := range r.texts {
		txt.Refresh()
	}
}

func (r *textBlockRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(r.texts))
	for i, t := range r.texts {
		out[i] = t
	}
	return out
}

func (r *textBlockRenderer) Destroy() {}
