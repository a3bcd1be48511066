package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"rootip-cert/assets"
)

var (
	fontRegular = fyne.NewStaticResource("BIZUDPGothic-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("BIZUDPGothic-Bold.ttf", assets.FontBold)
)

// jpTheme is Fyne's default theme with an embedded Japanese font, so every
// glyph renders the same on every machine.
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
