package app

import (
	"context"
	"runtime"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/store"
)

// certsScreen is the manual's 「証明書の管理 > 個人」 list: every vendor
// certificate in every store, with 発行先, 発行者, 有効期限, its status and
// store, a delete button for expired ones, and — where the store can — the
// optional "pick this one automatically" for the system address.
type certsScreen struct {
	u    *ui
	root fyne.CanvasObject
	list *fyne.Container
	// intro says what the list is, in this OS's words.
	intro *textBlock
	// rows by certificate and store, for tests.
	deletes map[string]*keyButton
	prefers map[string]*keyButton
	// what was last listed, to render again when the helpdesk mode
	// changes (loaded is false until the first listing).
	inv        check.Inventory
	preferrers map[string]store.Preferrer
	loaded     bool
}

func newCertsScreen(u *ui) *certsScreen {
	c := &certsScreen{u: u, list: container.NewVBox()}
	intro := newText(u.t(c.introKey(nil)))
	c.intro = intro
	refresh := newButton(u.t("gui.check.rerun"), theme.ViewRefreshIcon(), func() {
		u.fl.Refresh(false)
		c.update()
	})
	c.root = container.NewBorder(container.NewPadded(intro), container.NewPadded(container.NewHBox(refresh)), nil, nil,
		container.NewVScroll(container.NewPadded(c.list)))
	return c
}

// certsIntroKey is the list's introduction for an OS: each names the
// place the OS itself shows the same certificates, where it has one.
func certsIntroKey(goos string) string {
	switch goos {
	case "windows", "darwin":
		return "gui.certs.intro." + goos
	}
	return "gui.certs.intro.other"
}

// introKey is the list's introduction: in the demo, or when every store
// listed is a scratch one no browser reads, it says the list is the demo's
// store (the browsers' places were named above rows that said 「ブラウザは
// 使いません」); else this OS's words.
func (c *certsScreen) introKey(stores []check.StoreInfo) string {
	scratch := len(stores) > 0
	for _, s := range stores {
		scratch = scratch && s.Reader.Kind == store.ReaderScratch
	}
	if c.u.demo != nil || scratch {
		return "gui.certs.intro.demo"
	}
	return certsIntroKey(runtime.GOOS)
}

// update lists the stores again in the background.
func (c *certsScreen) update() {
	u := c.u
	var inv check.Inventory
	var preferrers map[string]store.Preferrer
	u.async(func() {
		inv = u.fl.Inventory(context.Background())
		preferrers = map[string]store.Preferrer{}
		stores, _ := u.fl.Stores()
		for _, s := range stores {
			if p, ok := s.(store.Preferrer); ok {
				preferrers[s.Location()] = p
			}
		}
	}, func() { c.render(inv, preferrers) })
}

func (c *certsScreen) render(inv check.Inventory, preferrers map[string]store.Preferrer) {
	u := c.u
	c.inv, c.preferrers, c.loaded = inv, preferrers, true
	c.intro.SetText(u.t(c.introKey(inv.Stores)))
	// Where each certificate is stored, with the browsers that read it;
	// the demo's store is read by none, and says so.
	readers := map[string]string{}
	for _, s := range inv.Stores {
		readers[s.Location] = check.ReaderName(u.msg, s.Reader.Kind, s.Reader.Profile)
		if s.Reader.Kind == store.ReaderScratch {
			readers[s.Location] = u.t("gui.certs.store.scratch")
		}
	}
	var vendor []store.Entry
	for _, e := range inv.Entries {
		if u.fl.IsVendor(e) {
			vendor = append(vendor, e)
		}
	}
	sort.SliceStable(vendor, func(i, j int) bool { return vendor[i].Cert.NotAfter.After(vendor[j].Cert.NotAfter) })
	c.list.Objects = nil
	c.deletes, c.prefers = map[string]*keyButton{}, map[string]*keyButton{}
	if len(vendor) == 0 {
		c.list.Add(newText(u.t("gui.certs.none")))
	}
	for _, e := range vendor {
		e := e
		v := u.fl.Validity(e)
		form := widget.NewForm(
			widget.NewFormItem(u.t("field.issued_to"), newText(e.Cert.Subject.CommonName)),
			widget.NewFormItem(u.t("field.issuer"), newText(e.Cert.Issuer.CommonName)),
			widget.NewFormItem(u.t("gui.field.expiry"), newText(u.t("gui.expiry", map[string]any{"Date": u.msg.Date(e.Cert.NotAfter), "Days": u.msg.Days(v.DaysLeft)}))),
			widget.NewFormItem(u.t("field.status"), newText(u.t("status."+string(v.Status)))),
			widget.NewFormItem(u.t("gui.certs.store"), newText(readers[e.Location])),
		)
		if u.detailed() {
			form.Append(u.t("field.sha256"), newText(e.SHA256()))
			form.Append(u.t("gui.certs.location"), newText(e.Location))
		}
		row := container.NewVBox(form)
		key := e.SHA256() + e.Location
		if v.Status == certfile.Expired {
			del := newButton(u.t("gui.certs.delete"), theme.DeleteIcon(), func() { c.confirmDelete(e) })
			c.deletes[key] = del
			row.Add(container.NewHBox(del))
		}
		if p, ok := preferrers[e.Location]; ok && v.Status.Usable() {
			pref := newButton(u.t("gui.certs.prefer"), theme.ConfirmIcon(), func() { c.prefer(p, e) })
			c.prefers[key] = pref
			row.Add(container.NewHBox(pref))
		}
		c.list.Add(widget.NewCard("", "", row))
	}
	c.list.Refresh()
}

// redraw renders the last listing again (the helpdesk mode changed); it
// reads no store.
func (c *certsScreen) redraw() {
	if c.loaded {
		c.render(c.inv, c.preferrers)
	}
}

// confirmDelete asks, naming the certificate, then deletes it and reads
// the store back.
func (c *certsScreen) confirmDelete(e store.Entry) {
	u := c.u
	text := u.t("gui.certs.delete_confirm", map[string]any{"Name": e.Cert.Subject.CommonName, "Date": u.msg.Date(e.Cert.NotAfter)})
	u.confirm(u.t("gui.certs.delete"), text, func(yes bool) {
		if !yes {
			return
		}
		u.deleteCertificates([]string{e.SHA256()}, func(failure string) {
			if failure != "" {
				u.inform(u.t("gui.certs.delete"), u.t("gui.check.cleanup_failed", map[string]any{"Detail": failure}))
			}
			c.update()
		})
	})
}

// prefer sets the optional automatic choice for the system address.
func (c *certsScreen) prefer(p store.Preferrer, e store.Entry) {
	u := c.u
	addr, err := u.systemURL()
	if err != nil || addr == nil {
		u.inform(u.t("gui.certs.prefer"), u.t("gui.certs.prefer_no_address"))
		return
	}
	var perr error
	u.async(func() { perr = p.Prefer(context.Background(), addr, e) }, func() {
		if perr != nil {
			u.inform(u.t("gui.certs.prefer"), u.t("gui.certs.prefer_failed", map[string]any{"Detail": perr.Error()}))
			return
		}
		u.inform(u.t("gui.certs.prefer"), u.t("gui.certs.prefer_done", map[string]any{"Host": addr.Hostname()}))
	})
}
