package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne shows a focused button only by blending the theme's focus colour,
// a translucent blue, over its background: on the primary (blue) button
// that changes nothing, so Tab onto 「証明書をインストール」 showed no change.
// The window's buttons draw a ring inside their edge while focused, in the
// colour of the button's own text (white on the primary button, the text
// colour on the others), whose contrast with the button is the text's
// (at least 4.5:1 in both variants, TestTextIsLegibleInBothVariants).

// focusRingWidth is the ring's stroke; focusRingInset is where its middle
// runs (Fyne centres a stroke on the edge), inside the button's rounded
// edge with a line of the button's colour outside it.
const (
	focusRingWidth = 2
	focusRingInset = 3
)

// FocusGained implements fyne.Focusable: the ring shows.
func (b *keyButton) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
}

// FocusLost implements fyne.Focusable: the ring goes.
func (b *keyButton) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

// CreateRenderer implements fyne.Widget: Fyne's button with the ring.
func (b *keyButton) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = focusRingWidth
	ring.Hide()
	return &focusRingRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, ring: ring}
}

type focusRingRenderer struct {
	fyne.WidgetRenderer
	b    *keyButton
	ring *canvas.Rectangle
}

func (r *focusRingRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *focusRingRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Move(fyne.NewPos(focusRingInset, focusRingInset))
	r.ring.Resize(size.SubtractWidthHeight(2*focusRingInset, 2*focusRingInset))
}

func (r *focusRingRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.ring.StrokeColor = th.Color(ringColor(r.b.Importance), v)
	r.ring.CornerRadius = max(0, th.Size(theme.SizeNameInputRadius)-focusRingInset)
	r.ring.Hidden = !r.b.focused || r.b.Disabled()
	r.Layout(r.b.Size())
	r.ring.Refresh()
}

// ringColor is the colour of a button's text for its importance.
func ringColor(i widget.Importance) fyne.ThemeColorName {
	switch i {
	case widget.HighImportance:
		return theme.ColorNameForegroundOnPrimary
	case widget.DangerImportance:
		return theme.ColorNameForegroundOnError
	case widget.SuccessImportance:
		return theme.ColorNameForegroundOnSuccess
	case widget.WarningImportance:
		return theme.ColorNameForegroundOnWarning
	}
	return theme.ColorNameForeground
}
