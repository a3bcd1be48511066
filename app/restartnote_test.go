package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestReportScreenSaysWhatTheToolSawOfTheBrowserRestart: after an install
// with no browser running, the checklist's restart row is fine and the
// report screen's 「ブラウザ再起動」 box notes what the tool saw — no
// browser runs now — never that the tool confirmed a restart it cannot
// see. With a browser running (started after the install, or the row would
// not be fine) the note says no browser runs from before the install.
func TestReportScreenSaysWhatTheToolSawOfTheBrowserRestart(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	u := newTestUI(t, i18n.JA, m)
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
	u.inst.goTo(stepTargets)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	u.showReport()
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
	var verified bool
	for _, s := range u.rep.rep.Steps {
		verified = verified || s.ID == "browser-restart" && s.Verified
	}
	if !verified {
		t.Fatalf("the run does not show the restart row fine: %+v", u.rep.rep.Steps)
	}
	label := u.rep.steps["browser-restart"].Text
	if want := "ブラウザ再起動(タブをすべて閉じて再起動) (ツールの自動診断: いま起動しているブラウザはありません)"; label != want {
		t.Errorf("the browser restart box says %q, want %q", label, want)
	}
	for _, text := range []string{label, u.rep.preview.Text} {
		if strings.Contains(text, "ブラウザ再起動(タブをすべて閉じて再起動) (ツールの自動診断で確認済み)") ||
			strings.Contains(text, "ブラウザ再起動(タブをすべて閉じて再起動): 自分では未実施(ツールの自動診断で確認済み)") {
			t.Errorf("the report screen says the tool confirmed a browser restart:\n%s", text)
		}
	}
	if got, want := verifiedNote(u.ui, "browser-restart", 1), "ツールの自動診断: インストールより前から起動したままのブラウザはありません"; got != want {
		t.Errorf("with a browser running the note is %q, want %q", got, want)
	}
	if got := verifiedNote(u.ui, "cert-check", 0); got != "ツールの自動診断で確認済み" {
		t.Errorf("the certificate check's note is %q", got)
	}
}
