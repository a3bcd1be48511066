package app

import (
	"strings"
	"testing"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestHelpdeskToggleRedrawsTheScreen: ticking 「ヘルプデスク表示」 shows the
// helpdesk's details on the screen that is showing at once, from what it
// already has (the certificate list kept its old rows until
// 「もう一度確認」); the checklist does not run again.
func TestHelpdeskToggleRedrawsTheScreen(t *testing.T) {
	for _, tc := range []struct {
		name string
		show func(t *testing.T, u *testUI) (detail string, again func() bool)
		root func(u *testUI) string
	}{
		{"certificate list", func(t *testing.T, u *testUI) (string, func() bool) {
			e := pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true)
			u.showCerts()
			u.loop.settle(t, "the certificate list", func() bool { return len(u.crt.list.Objects) > 0 })
			return e.SHA256(), nil // (the labels are read without applying any posted listing)
		}, func(u *testUI) string { return labels(u.crt.root) }},
		{"checklist", func(t *testing.T, u *testUI) (string, func() bool) {
			u.showChecklist(true)
			u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
			id := u.list.runID
			return "[cert.installed]", func() bool { return u.list.runID != id || u.list.running }
		}, func(u *testUI) string { return labels(u.list.root) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := store.NewMemory(store.KindNSS, "/ff")
			m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
			u := newTestUI(t, i18n.JA, m)
			detail, again := tc.show(t, u)
			if text := tc.root(u); strings.Contains(text, detail) {
				t.Fatalf("%q shown before the helpdesk mode:\n%s", detail, text)
			}
			u.helpdesk.SetChecked(true)
			if again != nil && again() {
				t.Error("the toggle ran the checks again")
			}
			if text := tc.root(u); !strings.Contains(text, detail) {
				t.Errorf("the helpdesk mode does not show %q at once:\n%s", detail, text)
			}
			u.helpdesk.SetChecked(false)
			if text := tc.root(u); strings.Contains(text, detail) {
				t.Errorf("%q still shown after the helpdesk mode was turned off", detail)
			}
		})
	}
}
