package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestHomeInstallAfterAnInstallStartsAtStepOne: after an install the
// wizard stays at ⑥; home's 「証明書をインストール」 opens it at ① again,
// with the files found now listed and the first (the newest) preselected,
// and the Back button off as on a fresh start. The file read before stays
// read while it is still the one selected; another one is not shown with
// the old file's details.
func TestHomeInstallAfterAnInstallStartsAtStepOne(t *testing.T) {
	f := testFiles(t)
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb"))
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
	test.Tap(u.inst.next) // ② → ③
	test.Tap(u.inst.next) // ③ → install
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	test.Tap(u.inst.next) // ⑤ → ⑥
	if u.inst.step != stepOpen {
		t.Fatalf("the wizard is at step %d after the install, want ⑥", u.inst.step)
	}
	u.showHome()

	// The same file is still the newest found: it stays read.
	u.inst.candidates = func() []string { return []string{f.good, f.old} }
	test.Tap(u.home.install)
	if u.body.Objects[0] != u.inst.root || u.inst.step != stepFile {
		t.Fatalf("home's install button opened step %d, want ①", u.inst.step)
	}
	if got, want := u.inst.header.Text, "① 証明書ファイルを選ぶ"; got != want {
		t.Errorf("header %q, want %q", got, want)
	}
	if u.file != f.good || u.inst.fileLabel.Text != "選択中のファイル: "+filepath.Base(f.good) {
		t.Errorf("preselected %q (%q), want the newest %s", u.file, u.inst.fileLabel.Text, f.good)
	}
	if !u.inst.back.Disabled() || u.inst.next.Disabled() {
		t.Errorf("① after an install: back disabled %v, next disabled %v", u.inst.back.Disabled(), u.inst.next.Disabled())
	}
	if got := len(u.inst.found.Objects); got != 3 { // the heading and two files
		t.Errorf("① lists %d objects, want the heading and 2 files", got)
	}
	if u.identity == nil {
		t.Error("the file read before, still selected, was forgotten")
	}

	// A newer download appeared: it is preselected, and the old file's
	// details are not shown for it.
	u.showHome()
	u.inst.candidates = func() []string { return []string{f.old, f.good} }
	test.Tap(u.home.install)
	if u.inst.step != stepFile || u.file != f.old {
		t.Fatalf("step %d, file %q; want ① with %s", u.inst.step, u.file, f.old)
	}
	if u.identity != nil || len(u.inst.details.Objects) != 0 {
		t.Error("the newly preselected file shows the previous file's details")
	}
}
