package app

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestCertsIntroIsThisOSs: the certificate list says where the OS itself
// shows the same certificates — Windows' 「証明書の管理 > 個人」 only on
// Windows, Keychain Access on macOS, no Windows reference elsewhere — and
// the screen on this machine uses this OS's words.
func TestCertsIntroIsThisOSs(t *testing.T) {
	ja := i18n.New(i18n.JA)
	for goos, want := range map[string]string{"windows": "証明書の管理 > 個人", "darwin": "キーチェーンアクセス", "linux": "Firefox・Chrome"} {
		text := ja.T(certsIntroKey(goos))
		if !strings.Contains(text, want) || (goos != "windows" && strings.Contains(text, "Windows")) {
			t.Errorf("%s: %q, want %q and no Windows reference", goos, text, want)
		}
	}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		u := newTestUI(t, lang)
		u.showCerts()
		got := u.crt.intro.Text
		if runtime.GOOS != "windows" && strings.Contains(got, "Windows") {
			t.Errorf("%s on %s: the list says %q", lang, runtime.GOOS, got)
		}
		if got != i18n.New(lang).T(certsIntroKey(runtime.GOOS)) {
			t.Errorf("%s: intro %q is not this OS's", lang, got)
		}
	}
}

// TestCertsNameTheStoreNotABrowser: each certificate says where it is
// stored (「保存先」), and the demo's store, which no browser reads, says
// so: it is not a browser (「使うブラウザ: デモ用の一時ストア」 before).
func TestCertsNameTheStoreNotABrowser(t *testing.T) {
	p := pkitest.Get(t)
	for lang, want := range map[i18n.Lang][]string{
		i18n.JA: {"保存先", "デモ用の一時ストア(ブラウザは使いません)"},
		i18n.EN: {"Stored in", "the demo's temporary store (no browser uses it)"},
	} {
		m := store.NewMemory(store.KindNSS, "/demo/nssdb")
		m.ReadBy = store.Reader{Kind: store.ReaderScratch}
		m.Put(pkitest.Entry(p.Current, "nss", "/demo/nssdb", true))
		u := newTestUI(t, lang, m)
		u.showCerts()
		var text string
		u.loop.settle(t, "the list", func() bool { return u.crt.loaded })
		text = labels(u.crt.list)
		walkVisible(u.crt.list, func(o fyne.CanvasObject) bool {
			if f, ok := o.(*widget.Form); ok {
				for _, it := range f.Items {
					text += it.Text + "\n"
				}
			}
			return true
		})
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the list lacks %q:\n%s", lang, w, text)
			}
		}
		if strings.Contains(text, "使うブラウザ") || strings.Contains(text, "Used by") {
			t.Errorf("%s: the list calls the store a browser:\n%s", lang, text)
		}
	}
}

// TestDemoCertsIntroNamesTheDemoStore: over the demo's scratch store,
// which no browser reads, the list's header says it is the demo's store,
// not the places this PC's browsers read (the rows said 「ブラウザは使い
// ません」 under a header naming Firefox and Chrome); over a browser's
// store it keeps this OS's words.
func TestDemoCertsIntroNamesTheDemoStore(t *testing.T) {
	p := pkitest.Get(t)
	for lang, want := range map[i18n.Lang]string{i18n.JA: "デモ用の一時ストア", i18n.EN: "the demo's temporary store"} {
		m := store.NewMemory(store.KindNSS, "/demo/nssdb")
		m.ReadBy = store.Reader{Kind: store.ReaderScratch}
		m.Put(pkitest.Entry(p.Current, "nss", "/demo/nssdb", true))
		u := newTestUI(t, lang, m)
		u.showCerts()
		u.loop.settle(t, "the list", func() bool { return u.crt.loaded })
		got := u.crt.intro.Text
		if !strings.Contains(got, want) || got == i18n.New(lang).T(certsIntroKey(runtime.GOOS)) {
			t.Errorf("%s: the demo's list says %q, want %q", lang, got, want)
		}
	}
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Current, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.showCerts()
	u.loop.settle(t, "the list", func() bool { return u.crt.loaded })
	if got := u.crt.intro.Text; got != i18n.New(i18n.JA).T(certsIntroKey(runtime.GOOS)) {
		t.Errorf("over a browser's store the list says %q", got)
	}
}
