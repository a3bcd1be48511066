package app

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/flow"
)

// homeScreen: the three actions and, while a renewal is due, a banner.
type homeScreen struct {
	u                          *ui
	root                       fyne.CanvasObject
	install, diagnose, support *keyButton
	certs, code, openRep       *keyButton
	helpBox                    *fyne.Container
	banner, box                *fyne.Container
	bannerText                 *textBlock
	state                      flow.Renewal
	toggle                     *reminderToggle
}

func newHomeScreen(u *ui) *homeScreen {
	h := &homeScreen{u: u}
	var installBox, diagnoseBox, supportBox fyne.CanvasObject
	installBox, h.install = u.bigAction("gui.home.install", installIcon(), true, u.startInstall)
	diagnoseBox, h.diagnose = u.bigAction("gui.home.diagnose", theme.SearchIcon(), false, func() { u.showChecklist(true) })
	supportBox, h.support = u.bigAction("gui.home.report", theme.MailComposeIcon(), false, func() { u.showReport() })
	h.bannerText = newText("")
	renew := newButton(u.t("gui.banner.action"), theme.DownloadIcon(), func() { u.showRenewal() })
	h.banner = container.NewVBox(widget.NewCard(u.t("gui.banner.title"), "", container.NewVBox(h.bannerText, renew)))
	h.banner.Hide()
	intro := newText(u.t("gui.home.intro"))
	h.certs = newButton(u.t("gui.home.certs"), theme.ListIcon(), func() { u.showCerts() })
	h.code = newButton(u.t("gui.help.code"), theme.InfoIcon(), u.askCode)
	h.openRep = newButton(u.t("gui.help.report"), theme.FolderOpenIcon(), u.openReportFile)
	h.helpBox = container.NewHBox(h.code, h.openRep)
	h.helpBox.Hide()
	h.toggle = newReminderToggle(u, u.ren)
	h.toggle.relayout = func() { h.box.Refresh(); h.root.Refresh() }
	h.box = container.NewVBox(h.banner, intro, installBox, diagnoseBox, supportBox, container.NewHBox(h.certs), h.helpBox, h.toggle.box)
	h.root = container.NewVScroll(container.NewPadded(h.box))
	return h
}

// bigAction is a large button: icon, a bold title and a one-line
// explanation (key + ".desc") drawn over a plain button that takes the tap
// and the keyboard focus. On the primary (high) one, text and icon take the
// primary button's text colour, so they stay legible in the light theme.
func (u *ui) bigAction(key string, icon fyne.Resource, high bool, tapped func()) (fyne.CanvasObject, *keyButton) {
	b := newButton("", nil, tapped)
	title := newBoldText(u.t(key))
	desc := newText(u.t(key + ".desc"))
	if high {
		b.Importance = widget.HighImportance
		title.OnColor, desc.OnColor = theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnPrimary
		icon = theme.NewColoredResource(icon, theme.ColorNameForegroundOnPrimary)
	}
	ic := widget.NewIcon(icon)
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(0, 84))
	text := container.NewVBox(title, desc)
	return container.NewStack(size, b, container.NewBorder(nil, nil, container.NewCenter(container.NewPadded(ic)), nil, text)), b
}

// update shows the banner while a renewal is due, computed from what is
// installed: it names the certificate that expires and when, and it goes
// away once a certificate valid beyond the renewal is installed.
func (h *homeScreen) update() {
	u := h.u
	var state flow.Renewal
	u.async(func() { state = u.fl.RenewalState(u.fl.Inventory(context.Background())) }, func() {
		h.state = state
		defer func() { // lay the banner out again (shown or gone)
			h.box.Refresh()
			h.root.Refresh()
		}()
		if !bannerWanted(state) {
			h.banner.Hide()
			return
		}
		h.bannerText.SetText(h.bannerMessage(state))
		h.banner.Show()
	})
	h.toggle.refresh()
}

// helpdesk shows the helpdesk's own actions (a support code, a user's
// report) while the helpdesk mode is on.
func (h *homeScreen) helpdesk(on bool) {
	if on {
		h.helpBox.Show()
	} else {
		h.helpBox.Hide()
	}
	h.box.Refresh()
}

// installIcon is 「証明書をインストール」's, on home and in the checklist:
// a plus, something added to the browsers (the download arrow is the
// renewal's 「新しい証明書を取得」).
func installIcon() fyne.Resource { return theme.ContentAddIcon() }
