package app

import (
	"crypto/x509"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestChecklistShowsTheRowItIsAbout: when a run ends with a row that failed
// or warns, that row is in sight at the window's size (the refused
// certificate is row 15 of 18: below the fold, only the verdict showed),
// and the verdict is drawn in that row's colour with its icon; an ok run
// with a warning row (two usable certificates) is not "no problem found"
// and its next step says which certificate to pick.
func TestChecklistShowsTheRowItIsAbout(t *testing.T) {
	p := pkitest.Get(t)
	for _, c := range []struct {
		name      string
		accept    []*x509.Certificate
		installed []*certfile.Identity
		row       string
		want      widget.Importance
	}{
		{"problem", []*x509.Certificate{p.OtherCA.Cert}, []*certfile.Identity{p.Renewed}, check.NetMTLS, widget.DangerImportance},
		{"warning", []*x509.Certificate{p.RenewedCA.Cert}, []*certfile.Identity{p.Renewed, p.Current}, check.CertMultiple, widget.WarningImportance},
		{"ok", []*x509.Certificate{p.RenewedCA.Cert}, []*certfile.Identity{p.Renewed}, "", widget.SuccessImportance},
	} {
		for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
			t.Run(c.name+"_"+string(lang), func(t *testing.T) {
				u := checklistAgainstLoopback(t, lang, c.accept, c.installed...)
				l := u.list
				if l.verdict.Importance != c.want || !l.verdictIcon.Visible() {
					t.Errorf("the verdict %q is drawn with importance %v (icon shown: %v), want %v", l.verdict.Text, l.verdict.Importance, l.verdictIcon.Visible(), c.want)
				}
				if c.name == "warning" {
					text := labels(u.w.Content())
					wants := map[i18n.Lang][]string{
						i18n.JA: {"次にすること: ブラウザのポップアップでは", "有効期限 2028/01/10 の証明書を選んでください"},
						i18n.EN: {"Next step: In the browser's picker choose the certificate", "valid until Jan 10, 2028"},
					}[lang]
					for _, want := range append(wants, u.t("gui.verdict.ok_check")) {
						if !strings.Contains(text, want) {
							t.Errorf("the window does not say %q:\n%s", want, text)
						}
					}
				}
				if c.row == "" {
					if l.scroll.Offset.Y != 0 {
						t.Errorf("an ok run scrolled the rows to %v", l.scroll.Offset.Y)
					}
					return
				}
				at := -1
				for i, id := range check.IDs() {
					if id == c.row {
						at = i
					}
				}
				d := fyne.CurrentApp().Driver()
				row := l.rows.Objects[at]
				top := d.AbsolutePositionForObject(row).Y
				bottom := top + row.Size().Height
				viewTop := d.AbsolutePositionForObject(l.scroll).Y
				viewBottom := viewTop + l.scroll.Size().Height
				if top < viewTop || bottom > viewBottom {
					t.Errorf("the %s row (%v-%v) is out of sight of the rows' view (%v-%v)", c.row, top, bottom, viewTop, viewBottom)
				}
			})
		}
	}
}

// TestStaleRowKeepsThePathForTheHelpdesk: the expired-certificate row says
// the store by its browsers; the folder is shown only with 「ヘルプデスク表示」.
func TestStaleRowKeepsThePathForTheHelpdesk(t *testing.T) {
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb"))
	f := check.Finding{ID: check.CertStale, Outcome: "stale", Status: check.Warn, Facts: check.Facts{"count": float64(1), "certificates": []any{
		map[string]any{"not_after": "2026-01-10T00:00:00Z", "location": "/home/u/.pki/nssdb", "sha256": "AB", "reader": store.ReaderChromeLinux}}}}
	for _, detailed := range []bool{false, true} {
		_, detail := u.checkRow(f, u.describe(f), detailed, false)
		if !strings.Contains(detail, "(Chrome / Chromium)") || strings.Contains(detail, "/home/u/.pki/nssdb") != detailed {
			t.Errorf("helpdesk details %v: %q", detailed, detail)
		}
	}
}

// TestReportActionsNeedNoScrolling: at the window's default size the
// report's copy / save ZIP / mail buttons, and the line saying where the
// ZIP went, are on screen without scrolling (they were at the very end of
// the scrolled page, off screen at 780×520).
func TestReportActionsNeedNoScrolling(t *testing.T) {
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb"))
	u.w.Resize(preferredSize)
	u.showReport()
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
	}
	d := fyne.CurrentApp().Driver()
	canvas := u.w.Canvas().Size()
	for _, b := range []fyne.CanvasObject{u.rep.copyBtn, u.rep.saveBtn, u.rep.mailBtn} {
		pos := d.AbsolutePositionForObject(b)
		if pos.Y < 0 || pos.Y+b.Size().Height > canvas.Height || b.Size().Height == 0 {
			t.Errorf("%q is at %v (%v) in a %v window", b.(*keyButton).Text, pos, b.Size(), canvas)
		}
		if inScroll(u.w.Content(), b, false) {
			t.Errorf("%q moves with the page's scroll", b.(*keyButton).Text)
		}
	}
}

// inScroll reports whether target is inside a scroll container under o.
func inScroll(o, target fyne.CanvasObject, scrolled bool) bool {
	if o == target {
		return scrolled
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *wheelScroll:
		scrolled = true
		children = []fyne.CanvasObject{x.Content}
	case *container.Scroll:
		scrolled = true
		children = []fyne.CanvasObject{x.Content}
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, c := range children {
		if inScroll(c, target, scrolled) {
			return true
		}
	}
	return false
}
