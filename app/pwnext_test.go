package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestPreselectedFileIsReadWithTheDefaultPassword: a file found in
// Downloads and preselected in ① is read at ② with the pre-filled
// password, as a chosen one is: its contents shown and 次へ usable without
// pressing 確認.
func TestPreselectedFileIsReadWithTheDefaultPassword(t *testing.T) {
	f := testFiles(t)
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/db"))
	u.inst.candidates = func() []string { return []string{f.good} }
	u.startInstall()
	s := u.inst
	if s.step != stepFile || s.next.Disabled() {
		t.Fatalf("① with a preselected file: step %d, 次へ disabled %v", s.step, s.next.Disabled())
	}
	test.Tap(s.next)
	u.loop.settle(t, "the preselected file read", func() bool { return u.identity != nil && !s.next.Disabled() })
	if len(s.details.Objects) == 0 {
		t.Error("the file's contents are not shown")
	}
	test.Tap(s.next)
	if s.step != stepTargets {
		t.Errorf("次へ went to step %d, want ③", s.step)
	}
}

// TestNextChecksATypedPassword: a password typed but not checked with
// 確認 leaves 次へ usable; pressing it checks the password and goes on
// when it is right, and shows the error at the field (staying at ②)
// when it is wrong.
func TestNextChecksATypedPassword(t *testing.T) {
	f := testFiles(t)
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/db"))
	u.showInstall(f.secret)
	s := u.inst
	u.loop.settle(t, "the refused default password", func() bool { return s.pwError.Visible() })
	if !s.next.Disabled() {
		t.Fatal("次へ usable after the password was refused")
	}
	s.password.SetText("wrong")
	if s.next.Disabled() {
		t.Fatal("次へ greyed with a password typed and not yet checked")
	}
	test.Tap(s.next)
	u.loop.settle(t, "the wrong password refused", func() bool { return !s.reading && s.pwError.Visible() })
	if s.step != stepPassword || !s.next.Disabled() {
		t.Fatalf("after a wrong password: step %d, 次へ disabled %v", s.step, s.next.Disabled())
	}
	s.password.SetText(secret)
	test.Tap(s.next)
	u.loop.settle(t, "③", func() bool { return s.step == stepTargets })
	if u.identity == nil || s.pwError.Visible() {
		t.Error("the right password was not accepted")
	}
}

// TestUntickingEveryTargetSaysWhy: with no install target ticked the
// greyed 「インストール」 has its reason beside it, gone again once one
// is ticked.
func TestUntickingEveryTargetSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		lang i18n.Lang
		why  string
	}{{i18n.JA, "インストール先を1つ以上選んでください"}, {i18n.EN, "Choose at least one place to install into"}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			f := testFiles(t)
			u := newTestUI(t, tc.lang, store.NewMemory(store.KindNSS, "/db"))
			u.showInstall(f.good)
			s := u.inst
			u.loop.settle(t, "the file", func() bool { return u.identity != nil && !s.next.Disabled() })
			test.Tap(s.next)
			if s.step != stepTargets || len(s.checks) != 1 {
				t.Fatalf("step %d with %d targets, want ③ with one", s.step, len(s.checks))
			}
			if strings.Contains(labels(s.root), tc.why) {
				t.Fatal("the reason is shown with a target ticked")
			}
			s.checks[0].SetChecked(false)
			if !s.next.Disabled() {
				t.Fatal("install usable with nothing ticked")
			}
			if !strings.Contains(labels(s.root), tc.why) {
				t.Errorf("no reason beside the greyed button:\n%s", labels(s.root))
			}
			s.checks[0].SetChecked(true)
			if strings.Contains(labels(s.root), tc.why) || s.next.Disabled() {
				t.Error("the reason stays after a target was ticked")
			}
		})
	}
}
