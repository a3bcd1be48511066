package app

import "fyne.io/fyne/v2"

// The window's size is in Fyne's device-independent units; on screen it is
// that times the scale (the OS display scale times FYNE_SCALE). The rule:
// the preferred (or remembered) size, never smaller than what the content
// needs, and never larger than the usable area of the smallest common
// laptop screen (1366×768 pixels less a 40-pixel task bar) at the window's
// scale, so a 150 % or 200 % display does not push the buttons off screen.
// The preferred size itself, frame and title bar included, fits an
// 800×600 screen less its task bar at 100 %: 780+16 wide, 520+32+40
// high (at 760×640 the 戻る/次へ bar was below the screen's edge).
var (
	preferredSize = fyne.NewSize(780, 520)
	smallScreen   = fyne.NewSize(1366, 768-40) // pixels
)

// fitSize applies the rule. When the content itself needs more than the
// screen has, the content wins: Fyne would not shrink the window below it.
func fitSize(want, contentMin fyne.Size, scale float32) fyne.Size {
	if scale <= 0 {
		scale = 1
	}
	limit := fyne.NewSize(smallScreen.Width/scale, smallScreen.Height/scale)
	return fyne.NewSize(fit(want.Width, contentMin.Width, limit.Width), fit(want.Height, contentMin.Height, limit.Height))
}

func fit(want, minimum, limit float32) float32 {
	if want > limit {
		want = limit
	}
	if want < minimum {
		want = minimum
	}
	return want
}
