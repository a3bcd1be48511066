package app

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/renewaltest"
)

// TestScreensRender compares every screen of the tour (screens_test.go)
// with reference images at scale 1.0, in Japanese and English, in the dark
// theme and in the light one (Windows' default, where the primary button's
// text must be white on blue): a missing glyph (boxes), a word left in the
// other language, a colour of the other variant or a layout break changes
// the pixels. The embedded font makes the rendering the same on every
// machine. Every screen, language, theme and scale is checked for clipped
// glyphs by TestEveryScreenAtEveryScaleClipsNoGlyph.
// Regenerate: go test ./app -run Render, then move testdata/failed/*.png
// to testdata/ after looking at them.
func TestScreensRender(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		screenTour(t, lang, func(name string, u *testUI) {
			assertRenders(t, u, name+"_"+string(lang)+".png")
		})
		screenTourIn(t, lang, variantTheme{newTheme(), theme.VariantLight}, func(name string, u *testUI) {
			assertRenders(t, u, name+"_light_"+string(lang)+".png")
		})
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

// TestChecklistVerdictsRender renders the checklist in each verdict a run
// can end with after a real run against a loopback system address (the
// demo's server with the shared test PKI, judging certificates at the
// pinned clock, 2026/12/05): ok, a problem (the server refuses the
// certificate: another environment's CA) and ok with a warning (two usable
// certificates, the old one still valid until 2027/01/10), in Japanese and
// English, dark and light. The window without an address is the tour's checklist
// (incomplete).
func TestChecklistVerdictsRender(t *testing.T) {
	p := pkitest.Get(t)
	for _, c := range []struct {
		name      string
		accept    []*x509.Certificate
		installed []*certfile.Identity
		verdict   flow.Verdict
		notOK     map[string]check.Status // the rows that are not ok (skipped ones aside)
	}{
		{"ok", []*x509.Certificate{p.RenewedCA.Cert}, []*certfile.Identity{p.Renewed}, flow.VerdictOK, map[string]check.Status{}},
		{"problem", []*x509.Certificate{p.OtherCA.Cert}, []*certfile.Identity{p.Renewed}, flow.VerdictProblem,
			map[string]check.Status{check.NetMTLS: check.Fail}},
		{"warning", []*x509.Certificate{p.RenewedCA.Cert}, []*certfile.Identity{p.Renewed, p.Current}, flow.VerdictOK,
			map[string]check.Status{check.CertMultiple: check.Warn}},
	} {
		for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
			t.Run(c.name+"_"+string(lang), func(t *testing.T) {
				u := checklistAgainstLoopback(t, lang, c.accept, c.installed...)
				if u.diag.Verdict != c.verdict {
					t.Errorf("verdict %s, want %s", u.diag.Verdict, c.verdict)
				}
				for _, f := range u.diag.Result.Findings {
					if want, listed := c.notOK[f.ID]; (listed && f.Status != want) || (!listed && f.Status != check.OK && f.Status != check.Skip) {
						t.Errorf("%s is %s (%s)", f.ID, f.Status, f.Outcome)
					}
				}
				assertRenders(t, u, "checklist_"+c.name+"_"+string(lang)+".png")
				test.ApplyTheme(t, variantTheme{newTheme(), theme.VariantLight})
				assertRenders(t, u, "checklist_"+c.name+"_light_"+string(lang)+".png")
			})
		}
	}
}

// checklistAgainstLoopback is the window (in the demo, which is how it
// reaches a loopback server) with the certificates installed in the
// Chrome store, after the checklist ran against a system address whose
// server accepts client certificates of the CAs accept. The server's port
// differs run to run: the rendering shows the port of a real system
// address, 443.
func checklistAgainstLoopback(t *testing.T, lang i18n.Lang, accept []*x509.Certificate, installed ...*certfile.Identity) *testUI {
	t.Helper()
	sc := renewaltest.Server(t, accept...)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	m.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	for _, id := range installed {
		if err := m.Import(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	u := newTestUI(t, lang, m)
	u.demo = sc.Scenario
	u.address = sc.URL.String()
	u.w.SetContent(u.content())
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	port := ":" + sc.URL.Port()
	for _, f := range u.diag.Result.Findings {
		if addr, ok := f.Facts["addr"].(string); ok {
			f.Facts["addr"] = strings.Replace(addr, port, ":443", 1)
		}
	}
	u.list.render()
	if text := labels(u.w.Content()); strings.Contains(text, port) {
		t.Fatalf("the loopback port %s is still on the screen:\n%s", port, text)
	}
	return u
}
