package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
)

// ui is the one window: a header and the current screen. Screens are kept
// as fields so tests can drive their widgets.
type ui struct {
	b        *Backend
	w        fyne.Window
	body     *fyne.Container
	helpdesk *widget.Check

	home *homeScreen
	inst *installScreen
	list *checklistScreen
	rep  *reportScreen

	// What the user chose, shared by the screens.
	file     string
	identity *certfile.Identity
	result   check.Result
	ranCheck bool
}

func newUI(b *Backend, w fyne.Window) *ui {
	u := &ui{b: b, w: w, body: container.NewStack()}
	u.helpdesk = widget.NewCheck(lang.L("gui.helpdesk"), func(bool) { u.refresh() })
	u.home = newHomeScreen(u)
	u.inst = newInstallScreen(u)
	u.list = newChecklistScreen(u)
	u.rep = newReportScreen(u)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, uri := range uris {
			if uri.Extension() == ".p12" || uri.Extension() == ".pfx" {
				u.showInstall(uri.Path())
				return
			}
		}
	})
	return u
}

// content is the window's whole content.
func (u *ui) content() fyne.CanvasObject {
	homeBtn := widget.NewButtonWithIcon(lang.L("gui.home"), theme.HomeIcon(), func() { u.showHome() })
	title := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	header := container.NewBorder(nil, nil, homeBtn, u.helpdesk, title)
	return container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, u.body)
}

func (u *ui) show(o fyne.CanvasObject) {
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

func (u *ui) showChecklist(run bool) {
	u.show(u.list.root)
	if run || !u.ranCheck {
		u.list.run()
	}
}

func (u *ui) showReport() {
	u.show(u.rep.root)
	u.rep.update()
}

// refresh re-renders the screens that show helpdesk details.
func (u *ui) refresh() {
	u.list.render()
	u.inst.renderDetails()
}

// async runs work in the background and then done on the UI thread.
func (u *ui) async(work func(), done func()) {
	if u.b.Sync {
		work()
		done()
		return
	}
	go func() {
		work()
		fyne.Do(done)
	}()
}

func (u *ui) detailed() bool { return u.helpdesk.Checked }
