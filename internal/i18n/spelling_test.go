package i18n

import (
	"regexp"
	"testing"
)

// windowsLabels are the Windows screens' own names, which the manual
// quotes as Windows spells them (its search term 「ユーザー証明書」 and
// 「ユーザー証明書の管理」): the user types or looks for these words.
var windowsLabels = regexp.MustCompile(`ユーザー証明書`)

// TestJapaneseSpellsUserAsTheVendor: the vendor's menus and manual write
// 「ユーザ」 (ユーザID, ユーザ設定, 全権ユーザ); the catalog does too, so a
// user does not see two spellings of one word — except in the Windows
// labels it quotes.
func TestJapaneseSpellsUserAsTheVendor(t *testing.T) {
	seen := 0
	err := Each(func(l Lang, key, text string) {
		if l != JA {
			return
		}
		rest := windowsLabels.ReplaceAllString(text, "")
		if m := regexp.MustCompile(`ユーザー`).FindString(rest); m != "" {
			t.Errorf("ja %s spells 「ユーザー」, the vendor writes 「ユーザ」: %s", key, text)
		}
		if regexp.MustCompile(`ユーザ`).MatchString(rest) {
			seen++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Fatalf("only %d messages name a user: the test reads the wrong catalog", seen)
	}
}
