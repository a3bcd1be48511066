// Package assets holds what the binary embeds: the vendor profile, the
// translation catalogs shared by the CLI and the GUI (Fyne's lang JSON
// format), and the Japanese font with its licence.
package assets

import "embed"

// Profile is the default vendor profile (JSON).
//
//go:embed profile.json
var Profile []byte

// Translations holds translations/ja.json and translations/en.json, flat
// key → text maps usable by both internal/i18n and fyne's lang package.
//
//go:embed translations/*.json
var Translations embed.FS

// FontRegular and FontBold are BIZ UDPGothic (SIL OFL 1.1, fonts/OFL.txt):
// Fyne's bundled font has no Japanese glyphs and Fyne does not synthesise bold.
var (
	//go:embed fonts/BIZUDPGothic-Regular.ttf
	FontRegular []byte
	//go:embed fonts/BIZUDPGothic-Bold.ttf
	FontBold []byte
)
