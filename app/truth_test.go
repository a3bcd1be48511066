package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestDemoSaysItIsADemo: the demo's window says on every screen that it
// writes nothing to the real stores; an ordinary window says no such thing.
func TestDemoSaysItIsADemo(t *testing.T) {
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		want := map[i18n.Lang]string{i18n.JA: "デモ: 本物の証明書ストアには何も書き込みません", i18n.EN: "Demo: nothing is written to the real certificate stores"}[lang]
		u := newTestUI(t, lang, store.NewMemory(store.KindNSS, "/scratch"))
		if strings.Contains(labels(u.w.Content()), want) {
			t.Fatalf("%s: an ordinary window calls itself a demo", lang)
		}
		u.demo = sc
		u.w.SetContent(u.content())
		for _, show := range []func(){u.showHome, func() { u.showInstall(sc.P12Path) }, func() { u.showChecklist(false) }} {
			show()
			if !strings.Contains(labels(u.w.Content()), want) {
				t.Errorf("%s: the demo does not say it is one:\n%s", lang, labels(u.w.Content()))
			}
		}
	}
}

// TestDemoTargetsStepNamesTheScratchStore: step ③ of the demo does not
// speak of "the browsers ticked" when its only target is the scratch store.
func TestDemoTargetsStepNamesTheScratchStore(t *testing.T) {
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/scratch"))
	u.demo = sc
	u.w.SetContent(u.content())
	u.showInstall(sc.P12Path)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil })
	u.inst.goTo(stepTargets)
	text := labels(u.w.Content())
	if strings.Contains(text, "チェックしたブラウザ") || !strings.Contains(text, "デモ用の一時ストアにインストールします") {
		t.Errorf("the demo's step ③ does not name the scratch store:\n%s", text)
	}
}

// TestCleanupSaysWhyItIsGreyedOut: 「期限切れの証明書を削除」 is enabled
// only with expired certificates found, and otherwise says why not.
func TestCleanupSaysWhyItIsGreyedOut(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Successor, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	if !u.list.cleanup.Disabled() || !u.list.cleanupWhy.Visible() || !strings.Contains(u.list.cleanupWhy.Text, "期限切れの証明書はありません") {
		t.Fatalf("no expired certificate: cleanup disabled %v, reason %v %q", u.list.cleanup.Disabled(), u.list.cleanupWhy.Visible(), u.list.cleanupWhy.Text)
	}
	m.Put(pkitest.Entry(p.Expired, "nss", "/ff", true))
	u.fl.Refresh(true)
	u.list.run()
	u.loop.settle(t, "the second checklist", func() bool { return !u.list.running })
	if u.list.cleanup.Disabled() || u.list.cleanupWhy.Visible() {
		t.Fatalf("an expired certificate: cleanup disabled %v, reason shown %q", u.list.cleanup.Disabled(), u.list.cleanupWhy.Text)
	}
}

// TestChecklistSpeaksPlainWords: the checklist on the demo says no
// 「HTTP 200」, no Go duration (「差 1s」) and, in English, no "(s)".
func TestChecklistSpeaksPlainWords(t *testing.T) {
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		u := installedDemo(t, lang, sc)
		u.showChecklist(true)
		u.loop.settle(t, "the verdict", func() bool { return u.diag != nil && !u.list.running })
		text := labels(u.list.root)
		for _, jargon := range []string{"HTTP ", "(s)", "差 ", "インストール記録がありません", "no record of an install"} {
			if strings.Contains(text, jargon) {
				t.Errorf("%s: the checklist says %q:\n%s", lang, jargon, text)
			}
		}
		if !strings.Contains(text, map[i18n.Lang]string{i18n.JA: "インストール後に再起動が必要なものはありません", i18n.EN: "Nothing needs a restart after the install"}[lang]) {
			t.Errorf("%s: the restart row does not know the demo's install:\n%s", lang, text)
		}
	}
}

// installedDemo is the window on the demo with its file installed through
// the wizard into a scratch store.
func installedDemo(t *testing.T, lang i18n.Lang, sc *demo.Scenario) *testUI {
	t.Helper()
	u := newTestUI(t, lang, store.NewMemory(store.KindNSS, "/scratch"))
	*u.now = time.Now() // the demo server judges certificates by the real clock
	u.demo = sc
	u.showInstall(sc.P12Path)
	u.loop.settle(t, "the demo file", func() bool { return u.identity != nil })
	u.inst.goTo(stepTargets)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	return u
}

// TestDemoOpenStepTitleIsTrue: the demo's step ⑥ opens no browser, so its
// title says what it does there (the login page checked); the real
// wizard's ⑥ keeps 「システムアドレスを開く」.
func TestDemoOpenStepTitleIsTrue(t *testing.T) {
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	u := installedDemo(t, i18n.JA, sc)
	test.Tap(u.inst.next)
	if u.inst.step != stepOpen || u.inst.header.Text != "⑥ ログイン画面の確認" {
		t.Errorf("the demo's step %d is titled %q, want ⑥ ログイン画面の確認", u.inst.step, u.inst.header.Text)
	}
	u.demo = nil
	u.inst.goTo(stepOpen)
	if u.inst.header.Text != "⑥ システムアドレスを開く" {
		t.Errorf("the real step ⑥ is titled %q", u.inst.header.Text)
	}
}
