package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
)

// homeScreen: the three actions and, when renewal is due, a banner.
type homeScreen struct {
	u                          *ui
	root                       fyne.CanvasObject
	install, diagnose, support *widget.Button
	banner                     *fyne.Container
	bannerText                 *widget.Label
}

func newHomeScreen(u *ui) *homeScreen {
	h := &homeScreen{u: u}
	var installBox, diagnoseBox, supportBox fyne.CanvasObject
	installBox, h.install = bigAction("gui.home.install", theme.DocumentCreateIcon(), func() { u.showInstall("") })
	h.install.Importance = widget.HighImportance
	diagnoseBox, h.diagnose = bigAction("gui.home.diagnose", theme.SearchIcon(), func() { u.showChecklist(true) })
	supportBox, h.support = bigAction("gui.home.report", theme.MailComposeIcon(), func() { u.showReport() })
	h.bannerText = widget.NewLabel("")
	h.bannerText.Wrapping = fyne.TextWrapWord
	renew := widget.NewButtonWithIcon(lang.L("gui.banner.action"), theme.DownloadIcon(), func() { u.showInstall("") })
	h.banner = container.NewVBox(widget.NewCard(lang.L("gui.banner.title"), "", container.NewVBox(h.bannerText, renew)))
	h.banner.Hide()
	intro := widget.NewLabel(lang.L("gui.home.intro"))
	intro.Wrapping = fyne.TextWrapWord
	h.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		h.banner, intro, installBox, diagnoseBox, supportBox)))
	return h
}

// bigAction is a large button: icon, a bold title and a one-line
// explanation (key + ".desc") drawn over a plain button that takes the tap
// and the keyboard focus.
func bigAction(key string, icon fyne.Resource, tapped func()) (fyne.CanvasObject, *widget.Button) {
	b := widget.NewButton("", tapped)
	title := widget.NewLabelWithStyle(lang.L(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	desc := widget.NewLabel(lang.L(key + ".desc"))
	desc.Wrapping = fyne.TextWrapWord
	ic := widget.NewIcon(icon)
	size := canvas.NewRectangle(color.Transparent)
	size.SetMinSize(fyne.NewSize(0, 84))
	text := container.NewVBox(title, desc)
	return container.NewStack(size, b, container.NewBorder(nil, nil, container.NewCenter(container.NewPadded(ic)), nil, text)), b
}

// update shows the banner during the renewal window or when an installed
// certificate expires within the profile's warning period.
func (h *homeScreen) update() {
	b := h.u.b
	var soonest *certfile.Validity
	var name string
	h.u.async(func() {
		for _, e := range b.inventory() {
			if !certfile.LooksLikeVendor(e.Cert, b.Profile.Domains) || !e.HasKey {
				continue
			}
			v := certfile.Evaluate(e.Cert, b.now(), b.Profile)
			if v.Status == certfile.ExpiringSoon && (soonest == nil || v.DaysLeft < soonest.DaysLeft) {
				vv := v
				soonest, name = &vv, e.Cert.Subject.CommonName
			}
		}
	}, func() {
		_, end, open := b.Profile.Renewal.Window(b.now())
		menu := b.Profile.DownloadMenu.In(string(b.Lang))
		switch {
		case soonest != nil:
			h.bannerText.SetText(lang.L("gui.banner.expiring", map[string]any{"Name": name, "Days": soonest.DaysLeft, "Menu": menu}))
			h.banner.Show()
		case open:
			h.bannerText.SetText(lang.L("gui.banner.window", map[string]any{"End": end.Format("1/2"), "Menu": menu}))
			h.banner.Show()
		default:
			h.banner.Hide()
		}
	})
}
