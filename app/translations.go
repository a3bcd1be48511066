package app

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"rootip-cert/assets"
	"rootip-cert/internal/i18n"
)

// loadFyneWords gives Fyne's lang package the catalog's translations of
// Fyne's own words (Cancel, Yes, Open …: the keys without a dot); every
// other string of the window goes through internal/i18n. The app chooses
// the language itself (Japanese unless told otherwise, where Fyne would
// fall back to English), so the words are registered for both locales Fyne
// might match.
// fyneDotted are Fyne's own keys that have a dot (its file dialog's
// "(Parent)" entry and the new-folder form's "Name").
var fyneDotted = map[string]bool{"file.parent": true, "file.name": true}

func loadFyneWords(l i18n.Lang) error {
	data, err := assets.Translations.ReadFile("translations/" + string(l) + ".json")
	if err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	all := map[string]string{}
	if err := json.Unmarshal(data, &all); err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	words := map[string]string{}
	for k, v := range all {
		if !strings.Contains(k, ".") || fyneDotted[k] {
			words[k] = v
		}
	}
	only, err := json.Marshal(words)
	if err != nil {
		return fmt.Errorf("load translations: %w", err)
	}
	for _, loc := range []fyne.Locale{"ja", "en"} {
		if err := lang.AddTranslationsForLocale(only, loc); err != nil {
			return fmt.Errorf("load translations for %s: %w", loc, err)
		}
	}
	return nil
}
