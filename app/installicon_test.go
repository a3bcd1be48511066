package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// iconSource is a theme icon's own name, without the colour it is drawn in.
func iconSource(r fyne.Resource) string {
	_, name, _ := strings.Cut(r.Name(), "_")
	return name
}

// TestInstallActionsUseTheInstallIcon: 「証明書をインストール」 on home and
// the checklist's reinstall button show the install icon, not the pencil
// that means editing.
func TestInstallActionsUseTheInstallIcon(t *testing.T) {
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/db"))
	want, pencil := iconSource(installIcon()), iconSource(theme.DocumentCreateIcon())
	if want == pencil {
		t.Fatal("the install icon is the pencil")
	}
	var home []string
	walkVisible(u.home.root, func(o fyne.CanvasObject) bool {
		if ic, ok := o.(*widget.Icon); ok && ic.Resource != nil {
			home = append(home, iconSource(ic.Resource))
		}
		return true
	})
	if !strings.Contains(strings.Join(home, " "), want) || strings.Contains(strings.Join(home, " "), pencil) {
		t.Errorf("home's icons %q, want %s and no %s", home, want, pencil)
	}
	if got := iconSource(u.list.reinstall.Icon); got != want {
		t.Errorf("the checklist's reinstall icon is %s, want %s", got, want)
	}
}
