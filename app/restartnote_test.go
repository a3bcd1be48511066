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
// report screen's 「ブラウザ再起動」 box notes, on a line under it, what the tool saw — no
// browser still runs from before the install — never that the tool
// confirmed a restart it cannot see; and the preview (the mail) says that
// fact in the same words as the box.
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
	const name, note = "ブラウザ再起動(タブをすべて閉じて再起動)", "ツールの自動診断: インストールより前から起動したままのブラウザはありません"
	label, shown := u.rep.steps["browser-restart"].Text, u.rep.stepNotes["browser-restart"]
	if label != name || !shown.Visible() || shown.Text != note {
		t.Errorf("the browser restart box says %q with the note %q (shown %v), want %q with %q", label, shown.Text, shown.Visible(), name, note)
	}
	if want := "・" + name + ": 自分では未実施(" + note + ")\n"; !strings.Contains(u.rep.preview.Text, want) {
		t.Errorf("the preview words the restart unlike the box (%q), want %q in:\n%s", shown.Text, want, u.rep.preview.Text)
	}
	if n := u.rep.stepNotes["pc-restart"]; n.Visible() {
		t.Errorf("a step the tool did not see has the note %q", n.Text)
	}
	for _, text := range []string{shown.Text, u.rep.preview.Text} {
		if text == "ツールの自動診断で確認済み" || strings.Contains(text, "再起動): 自分では未実施(ツールの自動診断で確認済み)") {
			t.Errorf("the report screen says the tool confirmed a browser restart:\n%s", text)
		}
	}
	// Ticked, the box keeps its note and the preview says 実施済み with it.
	test.Tap(u.rep.steps["browser-restart"])
	u.loop.settle(t, "the ticked preview", func() bool { return strings.Contains(u.rep.preview.Text, name+": 実施済み") })
	if want := "・" + name + ": 実施済み(" + note + ")\n"; !strings.Contains(u.rep.preview.Text, want) {
		t.Errorf("ticked, the preview lacks %q:\n%s", want, u.rep.preview.Text)
	}
	if got := u.rep.stepNotes["browser-restart"].Text; got != note {
		t.Errorf("ticked, the box's note is %q", got)
	}
}
