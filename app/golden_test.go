package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"rootip-cert/internal/i18n"
)

// TestScreensRender compares every screen of the tour (screens_test.go)
// with reference images at scale 1.0, in Japanese and English, in the dark
// theme and in the light one (Windows' default, where the primary button's
// text must be white on blue): a missing glyph (boxes), a word left in the
// other language, a colour of the other variant or a layout break changes
// the pixels. The embedded font makes the rendering the same on every
// machine. Every screen, language, theme and scale is checked for clipped
// glyphs by TestEveryScreenAtEveryScaleClipsNoGlyph.
// Regenerate: go test ./app -run Render, then move testdata/failed/*.png
// to testdata/ after looking at them.
func TestScreensRender(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		screenTour(t, lang, func(name string, u *testUI) {
			assertRenders(t, u, name+"_"+string(lang)+".png")
		})
		screenTourIn(t, lang, variantTheme{newTheme(), theme.VariantLight}, func(name string, u *testUI) {
			assertRenders(t, u, name+"_light_"+string(lang)+".png")
		})
	}
}

// assertRenders lays the window out again (text blocks grow to their
// wrapped height only after a first layout; a real window re-lays out every
// frame) and compares it with the reference image.
func assertRenders(t *testing.T, u *testUI, name string) {
	t.Helper()
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
	}
	test.AssertRendersToImage(t, name, u.w.Canvas())
}
