package app

// The checklist's scroll moves three lines of text per wheel notch: Fyne's
// own moves one notch by its driver's step (25 pixels on Windows and
// Linux, 10 on macOS), about one line, and 18 rows took a long spin.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// notchLines is how many lines of text one wheel notch scrolls.
const notchLines = 3

// driverNotch is the pixels Fyne's desktop driver (v2.7,
// internal/driver/glfw/scroll_speed_default.go) reports for one notch of
// an ordinary mouse wheel.
const driverNotch = 25

// wheelScroll is a vertical container.Scroll whose wheel steps are scaled
// to notchLines lines a notch. It is the Scroll itself, extended (not a
// widget around one): the driver hands a wheel event to the innermost
// scrollable under the mouse.
type wheelScroll struct {
	*container.Scroll
}

func newWheelScroll(content fyne.CanvasObject) *wheelScroll {
	s := &wheelScroll{Scroll: &container.Scroll{Direction: container.ScrollVerticalOnly, Content: content}}
	s.ExtendBaseWidget(s)
	return s
}

// Scrolled scales the wheel's movement before scrolling.
func (s *wheelScroll) Scrolled(ev *fyne.ScrollEvent) {
	scale := notchLines * textLineStep() / driverNotch
	scaled := *ev
	scaled.Scrolled = fyne.NewDelta(ev.Scrolled.DX*scale, ev.Scrolled.DY*scale)
	s.Scroll.Scrolled(&scaled)
}
