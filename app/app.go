// Package app is the Fyne GUI: screens, theme and widgets. It talks to
// internal/ only, through Backend; main wires the platform's stores in.
package app

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"rootip-cert/internal/i18n"
)

// appID matches FyneApp.toml.
const appID = "jp.co.rootip.cert"

// Options start the window.
type Options struct {
	Backend *Backend
	// File preselects a .p12 (double-click on the file, or the command line).
	File string
	// URL prefills the system address (the demo's).
	URL string
}

// CanDisplay reports whether a window can be opened here.
func CanDisplay() bool { return checkDisplay(os.Getenv) == nil }

// Run opens the main window and returns the process exit code.
func Run(o Options) int {
	b := o.Backend
	if b.Lang == "" {
		b.Lang = i18n.Detect("", os.Getenv, "")
	}
	if err := checkDisplay(os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, i18n.New(b.Lang).T("app.no_display"))
		return 2
	}
	if err := loadTranslations(b.Lang); err != nil {
		fyne.LogError("translations", err)
	}
	a := fyneapp.NewWithID(appID)
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow(i18n.New(b.Lang).T("app.title"))
	u := newUI(b, w)
	w.SetContent(u.content())
	if o.URL != "" {
		u.inst.url.SetText(o.URL)
	}
	if o.File != "" {
		u.showInstall(o.File)
	} else {
		u.showHome()
	}
	restoreSize(a, w)
	w.ShowAndRun()
	return 0
}

// restoreSize gives the window its last size and saves it on close.
func restoreSize(a fyne.App, w fyne.Window) {
	p := a.Preferences()
	width := p.FloatWithFallback("window.width", 760)
	height := p.FloatWithFallback("window.height", 640)
	w.Resize(fyne.NewSize(float32(width), float32(height)))
	w.SetCloseIntercept(func() {
		size := w.Canvas().Size()
		p.SetFloat("window.width", float64(size.Width))
		p.SetFloat("window.height", float64(size.Height))
		w.Close()
	})
}
