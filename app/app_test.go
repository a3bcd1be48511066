package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
)

// TestSharedCatalogLoadsIntoFyne proves the CLI's catalog is valid for
// Fyne's lang package and that the app's language choice wins.
func TestSharedCatalogLoadsIntoFyne(t *testing.T) {
	if err := loadTranslations(i18n.JA); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("app.title"); got != i18n.New(i18n.JA).T("app.title") {
		t.Fatalf("ja title = %q", got)
	}
	if err := loadTranslations(i18n.EN); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("app.title"); got != "root ip Cloud certificate tool" {
		t.Fatalf("en title = %q", got)
	}
}

func TestThemeEmbedsJapaneseFont(t *testing.T) {
	th := newTheme()
	if th.Font(fyne.TextStyle{}) != fontRegular || th.Font(fyne.TextStyle{Bold: true}) != fontBold {
		t.Fatal("theme does not use the embedded BIZ UDPGothic faces")
	}
	if len(fontRegular.Content()) < 1<<20 || len(fontBold.Content()) < 1<<20 {
		t.Fatal("embedded fonts look truncated (subsets break typed text)")
	}
}

func TestHomeShowsSelectedFile(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := loadTranslations(i18n.JA); err != nil {
		t.Fatal(err)
	}
	home := newHome("/home/u/Downloads/クライアント証明書.p12")
	w := test.NewTempWindow(t, home)
	w.Resize(fyne.NewSize(600, 400))
	var texts []string
	for _, o := range test.LaidOutObjects(home) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	found := false
	for _, s := range texts {
		if s == "選択されたファイル: クライアント証明書.p12" {
			found = true
		}
	}
	if !found {
		t.Fatalf("labels = %q", texts)
	}
}

func TestCheckDisplay(t *testing.T) {
	none := func(string) string { return "" }
	x11 := func(k string) string {
		if k == "DISPLAY" {
			return ":99"
		}
		return ""
	}
	if checkDisplay(x11) != nil {
		t.Error("DISPLAY set but refused")
	}
	if err := checkDisplay(none); err == nil {
		t.Error("no display accepted (Fyne would panic)")
	}
}
