// Package app is the Fyne GUI: screens, theme and widgets. It talks to
// internal/ only, never to platform/ directly.
package app

import (
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
)

// appID matches FyneApp.toml.
const appID = "jp.co.rootip.cert"

// Run opens the main window; file, when not empty, preselects a .p12.
// It returns the process exit code.
func Run(file string) int {
	l := i18n.Detect("", os.Getenv, "")
	if err := checkDisplay(os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, i18n.New(l).T("app.no_display"))
		return 2
	}
	if err := loadTranslations(l); err != nil {
		fyne.LogError("translations", err)
	}
	a := fyneapp.NewWithID(appID)
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow(lang.L("app.title"))
	w.SetContent(newHome(file))
	w.Resize(fyne.NewSize(720, 480))
	w.ShowAndRun()
	return 0
}

// newHome is the placeholder home screen until the GUI issue lands.
func newHome(file string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(lang.L("app.placeholder"))
	body.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{title, body}
	if file != "" {
		items = append(items, widget.NewLabel(lang.L("app.selected_file", map[string]any{"File": filepath.Base(file)})))
	}
	return container.NewPadded(container.NewVBox(items...))
}
