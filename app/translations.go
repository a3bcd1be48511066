package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"rootip-cert/assets"
	"rootip-cert/internal/i18n"
)

// loadTranslations gives Fyne's lang package the shared catalog. The app
// chooses the language itself (Japanese unless told otherwise, where Fyne
// would fall back to English), so the chosen catalog is registered for both
// locales Fyne might match.
func loadTranslations(l i18n.Lang) error {
	data, err := assets.Translations.ReadFile("translations/" + string(l) + ".json")
	if err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	for _, loc := range []fyne.Locale{"ja", "en"} {
		if err := lang.AddTranslationsForLocale(data, loc); err != nil {
			return fmt.Errorf("load translations for %s: %w", loc, err)
		}
	}
	return nil
}
