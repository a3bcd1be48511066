package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestScreensRender compares the main screens with reference images, in
// Japanese and English: a missing glyph (boxes), a word left in the other
// language or a layout break changes the pixels. The embedded font makes
// the rendering the same on every machine. Regenerate: go test ./app -run
// Render, then move testdata/failed/*.png to testdata/ after looking at them.
func TestScreensRender(t *testing.T) {
	f := testFiles(t)
	p := pkitest.Get(t)
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
		m.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
		m.Put(pkitest.Entry(p.Current, "nss", "/home/u/.pki/nssdb", true))
		u := newTestUI(t, lang, m)
		name := func(s string) string { return s + "_" + string(lang) + ".png" }
		u.showHome()
		u.loop.settle(t, "the banner", func() bool { return u.home.banner.Visible() })
		test.AssertRendersToImage(t, name("home"), u.w.Canvas())

		u.showInstall(f.good)
		u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
		test.AssertRendersToImage(t, name("install_password"), u.w.Canvas())
		u.inst.goTo(stepTargets)
		test.AssertRendersToImage(t, name("install_targets"), u.w.Canvas())
		test.Tap(u.inst.next)
		u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
		test.AssertRendersToImage(t, name("install_result"), u.w.Canvas())
		test.Tap(u.inst.next)
		test.AssertRendersToImage(t, name("install_open"), u.w.Canvas())

		u.showChecklist(true)
		u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
		test.AssertRendersToImage(t, name("checklist"), u.w.Canvas())

		u.showReport()
		test.Type(u.rep.userID, "test@rootip.co.jp")
		u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
		test.AssertRendersToImage(t, name("report"), u.w.Canvas())
	}
}
