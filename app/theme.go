package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"rootip-cert/assets"
)

// The embedded faces as they are (no copy): their line already has the room
// Fyne's whole-pixel baseline needs (scripts/subset-fonts.sh).
var (
	fontRegular = fyne.NewStaticResource("BIZUDPGothic-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("BIZUDPGothic-Bold.ttf", assets.FontBold)
)

// jpTheme is Fyne's default theme with an embedded Japanese font, so every
// glyph renders the same on every machine, and colours that keep text
// legible (contrast of at least 4.5:1, WCAG AA) in the light and the dark
// variant: Fyne's light variant draws white on a blue of 4.47:1 and red,
// orange and green status text of 1.5-3.7:1 on white.
type jpTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return jpTheme{theme.DefaultTheme()} }

// Font implements fyne.Theme.
func (t jpTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

// Color implements fyne.Theme.
func (t jpTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return color.NRGBA{R: 26, G: 95, B: 214, A: 255}
	case theme.ColorNameForegroundOnPrimary:
		return color.NRGBA{R: 255, G: 255, B: 255, A: 255}
	}
	if v == theme.VariantLight {
		switch n {
		case theme.ColorNameError:
			return color.NRGBA{R: 198, G: 40, B: 40, A: 255}
		case theme.ColorNameWarning:
			return color.NRGBA{R: 178, G: 84, B: 0, A: 255}
		case theme.ColorNameSuccess:
			return color.NRGBA{R: 27, G: 122, B: 46, A: 255}
		case theme.ColorNamePlaceHolder:
			return color.NRGBA{R: 110, G: 110, B: 110, A: 255}
		}
	}
	return t.Theme.Color(n, v)
}
