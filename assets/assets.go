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
// They are subsets made by scripts/subset-fonts.sh from Debian's package:
// the catalogs' and the window's characters, Latin, kana, JIS X 0208 and the
// CP932 extensions (fonts_test.go checks the catalogs are covered), with 12 %
// of an em more room above and below the line, so Fyne's whole-pixel
// baseline cuts off no descender or accent.
var (
	//go:embed fonts/BIZUDPGothic-Regular.ttf
	FontRegular []byte
	//go:embed fonts/BIZUDPGothic-Bold.ttf
	FontBold []byte
)

// CatalogJA and CatalogEN are the same two files as strings, which the CLI
// reads in place (internal/i18n).
var (
	//go:embed translations/ja.json
	CatalogJA string
	//go:embed translations/en.json
	CatalogEN string
)
