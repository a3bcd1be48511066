// Package app is the Fyne GUI: screens, theme and widgets. It only renders
// what the use-case layer (internal/flow) returns and passes the user's
// choices back to it; it never touches platform/ (main wires the stores in)
// and says every sentence through the shared message catalog.
package app

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/reminder"
)

// appID matches FyneApp.toml.
const appID = "jp.co.rootip.cert"

// Options start the window.
type Options struct {
	Flow *flow.Flow
	// File preselects a .p12 (double-click on the file, or the command line).
	File string
	// Demo, when set, points the checklist at the built-in demo server.
	Demo *demo.Scenario
	// Lang overrides the language (default: from the environment).
	Lang i18n.Lang
	// Renewal opens the window on the renewal step (`renew --window`, the
	// reminder's notification).
	Renewal bool
	// Reminder registers the daily renewal reminder (platform/reminder;
	// nil: the toggle says it cannot be registered here). Executable is
	// the program it runs (default os.Executable).
	Reminder   reminder.System
	Executable func() (string, error)
	// DownloadDirs are the folders the renewal step watches (nil: the
	// user's download folders).
	DownloadDirs []string
	// OnWatch runs when the renewal step starts watching the download
	// folders (the renewal demo starts its simulated download there).
	OnWatch func()
	// Dialogs are the system's own file dialogs (nil: Fyne's dialogs).
	Dialogs FileDialogs
	// Opener opens links and shows saved files (nil: Fyne's OpenURL).
	Opener Opener
	// post runs a UI update on the window's thread (fyne.Do; tests queue
	// updates and apply them on the test's goroutine).
	post func(func())
}

// CanDisplay reports whether a window can be opened here.
func CanDisplay() bool { return checkDisplay(os.Getenv) == nil }

// Run opens the main window and returns the process exit code.
func Run(o Options) int {
	if o.Lang == "" {
		o.Lang = i18n.Detect("", os.Getenv, "")
	}
	msg := i18n.New(o.Lang)
	if err := checkDisplay(os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, msg.T("app.no_display"))
		return 2
	}
	if err := loadFyneWords(o.Lang); err != nil {
		fyne.LogError("translations", err)
	}
	// The window's live heap is mostly the font faces' parsed glyphs (about
	// 19 MB, go-text keeps every glyph's points): collect at 1.5× that
	// instead of Go's default 2×, so the heap does not settle at twice its
	// live size (BENCHMARKS.md, the window's memory). The CPU cost is
	// small: the window is idle most of the time.
	debug.SetGCPercent(50)
	a := fyneapp.NewWithID(appID)
	a.Settings().SetTheme(newTheme())
	w := a.NewWindow(msg.T("app.title"))
	u := newUI(o, w)
	w.SetContent(u.content())
	if o.Renewal {
		u.showRenewal()
	} else {
		u.start(o.File)
	}
	refit := restoreSize(a, w)
	textLog := os.Getenv(textLogEnv)
	// Fyne keeps one started hook: everything that waits for the window
	// to exist goes in this one.
	a.Lifecycle().SetOnStarted(func() {
		refit()
		time.AfterFunc(time.Second, releaseStartupMemory)
		if textLog != "" {
			startTextLog(w, textLog)
		}
	})
	w.ShowAndRun()
	return 0
}

// restoreSize gives the window its last size and saves it on close; it
// returns the refit to run once the window exists and its scale is known.
func restoreSize(a fyne.App, w fyne.Window) (refit func()) {
	p := a.Preferences()
	want := fyne.NewSize(float32(p.FloatWithFallback("window.width", float64(preferredSize.Width))),
		float32(p.FloatWithFallback("window.height", float64(preferredSize.Height))))
	w.Resize(fitSize(want, w.Content().MinSize(), w.Canvas().Scale()))
	w.SetCloseIntercept(func() {
		size := w.Canvas().Size()
		p.SetFloat("window.width", float64(size.Width))
		p.SetFloat("window.height", float64(size.Height))
		w.Close()
	})
	// The display's scale is known once the window exists: fit again then.
	return func() { w.Resize(fitSize(want, w.Content().MinSize(), w.Canvas().Scale())) }
}
