package app

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

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
		assertRenders(t, u, name("home"))

		u.showInstall(f.good)
		u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
		assertRenders(t, u, name("install_password"))
		u.inst.goTo(stepTargets)
		assertRenders(t, u, name("install_targets"))
		test.Tap(u.inst.next)
		u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
		assertRenders(t, u, name("install_result"))
		test.Tap(u.inst.next)
		assertRenders(t, u, name("install_open"))

		u.showChecklist(true)
		u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
		assertRenders(t, u, name("checklist"))

		u.showReport()
		test.Type(u.rep.userID, "test@rootip.co.jp")
		u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
		assertRenders(t, u, name("report"))
	}
}

// assertRenders lays the window out again (text blocks grow to their
// wrapped height only after a first layout; a real window re-lays out every
// frame) and compares it with the reference image.
func assertRenders(t *testing.T, u *testUI, name string) {
	t.Helper()
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
	}
	test.AssertRendersToImage(t, name, u.w.Canvas())
}

// TestHomeRendersInTheLightTheme: the light variant (Windows' default),
// where the primary button's text must be white on blue.
func TestHomeRendersInTheLightTheme(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	test.ApplyTheme(t, lightTheme{newTheme()})
	u.showHome()
	u.loop.settle(t, "home", func() bool { return true })
	assertRenders(t, u, "home_light_ja.png")
}

// lightTheme forces the light variant of a theme.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}
