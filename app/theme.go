package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"rootip-cert/assets"
)

// The embedded faces as they are (no copy): their line already has the room
// Fyne's whole-pixel baseline needs (scripts/subset-fonts.sh). They are also
// Fyne's own default faces of their style (embeddedAsDefault).
var (
	fontRegular = embeddedAsDefault(theme.DefaultTextFont(), "BIZUDPGothic-Regular.ttf", assets.FontRegular)
	fontBold    = embeddedAsDefault(theme.DefaultTextBoldFont(), "BIZUDPGothic-Bold.ttf", assets.FontBold)
)

// embeddedAsDefault makes Fyne's default face of a style (Noto Sans) the
// embedded one and returns it. Fyne measures and draws a style with the
// theme's face and, behind it, its own default face of that style, for the
// characters the theme's lacks, and parses both: 1 MB of glyph outlines and
// 0.4 MB of the program's pages for each Noto Sans face, whose Latin the
// embedded face has as well (BENCHMARKS.md, the window's memory). When the
// two are the same resource Fyne parses it once. A character neither face
// has still comes from the system's fonts, as ✗ and ⚠ always did (assets'
// notInBIZUD). This runs at package initialisation, before anything is
// drawn.
func embeddedAsDefault(def fyne.Resource, name string, content []byte) fyne.Resource {
	r, ok := def.(*fyne.StaticResource)
	if !ok { // not Fyne's bundled resource: leave Fyne's default alone
		return fyne.NewStaticResource(name, content)
	}
	r.StaticName, r.StaticContent = name, content
	return r
}

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
