package app

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// ui is the one window: a header and the current screen. Screens are kept
// as fields so tests can drive their widgets.
type ui struct {
	fl       *flow.Flow
	msg      *i18n.Catalog
	demo     *demo.Scenario
	w        fyne.Window
	body     *fyne.Container
	helpdesk *widget.Check

	home *homeScreen
	inst *installScreen
	list *checklistScreen
	rep  *reportScreen
	crt  *certsScreen
	help *helpScreen
	ren  *renewalScreen

	// What the user chose, shared by the screens.
	file     string
	identity *certfile.Identity
	fileErr  error
	address  string // the system address as typed
	diag     *flow.Diagnosis
	// post runs an update on the UI thread.
	post func(func())
	// dialogs are the system's file dialogs (nil: Fyne's only); dialogBusy
	// while one is open, fyneDialog the last Fyne dialog shown (tests).
	dialogs    FileDialogs
	dialogBusy bool
	fyneDialog *dialog.FileDialog
	// opener opens links and shows saved files.
	opener Opener
}

func newUI(o Options, w fyne.Window) *ui {
	u := &ui{fl: o.Flow, demo: o.Demo, w: w, body: container.NewStack(), msg: i18n.New(o.Lang), post: o.post, dialogs: o.Dialogs, opener: o.Opener}
	if u.opener == nil {
		u.opener = fyneOpener{}
	}
	if u.post == nil {
		u.post = fyne.Do
	}
	if u.msg.Lang == "" {
		u.msg = i18n.New(i18n.JA)
	}
	if o.Demo != nil {
		u.address = o.Demo.URL.String()
	} else if remembered := u.fl.RememberedURL(); remembered != nil {
		u.address = remembered.String()
	}
	u.helpdesk = widget.NewCheck(u.t("gui.helpdesk"), func(bool) { u.refresh() })
	u.ren = newRenewalScreen(u, o)
	u.home = newHomeScreen(u)
	u.inst = newInstallScreen(u)
	u.list = newChecklistScreen(u)
	u.rep = newReportScreen(u)
	u.crt = newCertsScreen(u)
	u.help = newHelpScreen(u)
	w.Canvas().SetOnTypedKey(u.typedKey)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, uri := range uris {
			switch strings.ToLower(uri.Extension()) {
			case ".p12", ".pfx":
				u.showInstall(uri.Path())
				return
			case ".zip", ".json": // a user's report, for the helpdesk
				if r, err := storage.Reader(uri); err == nil {
					u.openReport(uri.Name(), r)
					r.Close()
				}
				return
			}
		}
	})
	return u
}

// t is the catalog's lookup: every sentence of the window comes from it.
func (u *ui) t(key string, data ...map[string]any) string { return u.msg.T(key, data...) }

// start shows the first screen.
func (u *ui) start(file string) {
	if file != "" {
		u.showInstall(file)
	} else {
		u.showHome()
	}
}

// content is the window's whole content.
func (u *ui) content() fyne.CanvasObject {
	homeBtn := newButton(u.t("gui.home"), theme.HomeIcon(), func() { u.showHome() })
	title := widget.NewLabelWithStyle(u.t("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewBorder(nil, nil, homeBtn, u.helpdesk, title)
	top := container.NewVBox(header, widget.NewSeparator())
	if u.demo != nil {
		// The demo says it is one on every screen: its stores are a
		// scratch database and its server a loopback one (internal/demo).
		banner := newBoldText("⚠ " + u.t("gui.demo.banner"))
		banner.Importance = widget.WarningImportance
		top.Add(banner)
		top.Add(widget.NewSeparator())
	}
	return container.NewBorder(top, nil, nil, nil, u.body)
}

func (u *ui) show(o fyne.CanvasObject) {
	if u.ren != nil && o != u.ren.root {
		u.ren.stopWatch() // leaving the renewal step
	}
	u.body.Objects = []fyne.CanvasObject{o}
	u.body.Refresh()
}

func (u *ui) showHome() {
	u.home.update()
	u.show(u.home.root)
}

func (u *ui) showInstall(file string) {
	u.show(u.inst.root)
	if file != "" {
		u.inst.setFile(file)
	}
}

// startInstall is home's 「証明書をインストール」: the wizard from ①.
func (u *ui) startInstall() {
	u.inst.startOver()
	u.show(u.inst.root)
}

// showChecklist opens the checklist at its top (a run then scrolls to
// its first failing row, if any).
func (u *ui) showChecklist(run bool) {
	u.show(u.list.root)
	u.list.scroll.ScrollToTop()
	if run || u.diag == nil {
		u.list.run()
	}
}

func (u *ui) showCerts() {
	u.show(u.crt.root)
	u.crt.update()
}

func (u *ui) showReport() {
	u.show(u.rep.root)
	u.rep.update()
}

// refresh re-renders the screens that show helpdesk details.
func (u *ui) refresh() {
	u.home.helpdesk(u.detailed())
	u.list.render()
	u.inst.renderDetails()
	u.crt.redraw()
}

// async runs work in the background and then done on the UI thread.
func (u *ui) async(work func(), done func()) {
	go func() {
		work()
		u.post(done)
	}()
}

func (u *ui) detailed() bool { return u.helpdesk.Checked }

// systemURL is the typed system address (nil when empty; err when invalid).
func (u *ui) systemURL() (*url.URL, error) {
	if u.address == "" {
		return nil, nil
	}
	return profile.NormalizeURL(u.address)
}

// describe renders a finding for the window.
func (u *ui) describe(f check.Finding) check.Text {
	return check.Describe(f, u.msg, u.fl.Profile(), check.ForWindow)
}

// readerName says who reads a store.
func (u *ui) readerName(t flow.Target) string {
	return check.ReaderName(u.msg, t.Reader.Kind, t.Reader.Profile)
}
