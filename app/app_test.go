package app

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/storetest"
)

// TestFyneGetsOnlyItsOwnWords: Fyne's lang package translates Fyne's
// words (Cancel, Yes …); the window's own sentences come from the catalog.
func TestFyneGetsOnlyItsOwnWords(t *testing.T) {
	if err := loadFyneWords(i18n.JA); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("Cancel"); got != "キャンセル" {
		t.Fatalf("Fyne's own word Cancel = %q, want Japanese", got)
	}
	if got := lang.L("app.title"); got != "app.title" {
		t.Fatalf("an app key reached Fyne's lang: %q", got)
	}
}

func TestThemeEmbedsJapaneseFont(t *testing.T) {
	th := newTheme()
	if th.Font(fyne.TextStyle{}) != fontRegular || th.Font(fyne.TextStyle{Bold: true}) != fontBold {
		t.Fatal("theme does not use the embedded BIZ UDPGothic faces")
	}
	if len(fontRegular.Content()) < 1<<20 || len(fontBold.Content()) < 1<<20 {
		t.Fatal("embedded fonts look truncated (assets' TestFontsCoverEveryMessage checks the subsets' coverage)")
	}
}

func TestCheckDisplay(t *testing.T) {
	none := func(string) string { return "" }
	x11 := func(k string) string {
		if k == "DISPLAY" {
			return ":99"
		}
		return ""
	}
	if checkDisplay(x11) != nil {
		t.Error("DISPLAY set but refused")
	}
	switch runtime.GOOS {
	case "windows", "darwin":
		if checkDisplay(none) != nil {
			t.Error("a desktop OS refused without DISPLAY")
		}
	default:
		if checkDisplay(none) == nil {
			t.Error("no display accepted (Fyne would panic)")
		}
	}
}

// TestWizardWalksToTheLoginStep: file → contents and password → targets →
// install into two stores that finish out of order → the result of each,
// read back → the system-address step naming the certificate to pick.
func TestWizardWalksToTheLoginStep(t *testing.T) {
	f := testFiles(t)
	ff := storetest.NewGated(store.KindNSS, "/ff")
	ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	ff.Running = true
	chrome := storetest.NewGated(store.KindNSS, "/chrome")
	chrome.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	u := newTestUI(t, i18n.JA, ff, chrome)
	u.showInstall(f.good)
	s := u.inst
	u.loop.settle(t, "the file read with the default password", func() bool { return u.identity != nil && !s.next.Disabled() })
	if s.step != stepPassword || !strings.Contains(labels(s.root), "2028/01/10(残り 401 日)") {
		t.Fatalf("step %d:\n%s", s.step, labels(s.root))
	}
	test.Tap(s.next)
	if s.step != stepTargets || !strings.Contains(labels(s.root), "Firefox(プロファイル default-release)") ||
		!strings.Contains(labels(s.root), "Chrome / Chromium") || strings.Contains(labels(s.root), "NSS") {
		t.Fatalf("targets:\n%s", labels(s.root))
	}
	test.Tap(s.next) // インストール
	if s.step != stepInstall || !s.installing || !s.next.Disabled() {
		t.Fatal("install did not start")
	}
	chrome.Release() // the second store finishes first
	u.loop.settle(t, "chrome's row", func() bool { return strings.Contains(labels(s.root), "✓ Chrome / Chromium") })
	if !s.installing || !s.next.Disabled() {
		t.Fatal("the wizard finished before every store did")
	}
	ff.Release()
	u.loop.settle(t, "the install", func() bool { return !s.installing })
	text := labels(s.root)
	for _, want := range []string{"⑤ インストールの結果", "✓ Firefox(プロファイル default-release): インストールし、読み直して確認しました", "2028/01/10", "再起動"} {
		if !strings.Contains(text, want) {
			t.Errorf("result lacks %q:\n%s", want, text)
		}
	}
	test.Tap(s.next)
	text = labels(s.root)
	if s.step != stepOpen || !strings.Contains(text, "発行先 acme.rootip-cloud.net、有効期限 2028/01/10") ||
		!strings.Contains(text, "Firefox(プロファイル default-release)") {
		t.Fatalf("open step:\n%s", text)
	}
	test.Type(s.address, "http://acme.rootip-cloud.net")
	if !s.addrError.Visible() || !s.openBtn.Disabled() {
		t.Error("an http:// address was not refused at the field")
	}
	s.address.SetText("acme.rootip-cloud.net")
	if s.addrError.Visible() || s.openBtn.Disabled() {
		t.Error("a good address was refused")
	}
}

func TestWizardWrongPasswordThenRight(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/db")
	u := newTestUI(t, i18n.JA, m)
	u.showInstall(f.secret)
	s := u.inst
	u.loop.settle(t, "the wrong-password error", func() bool { return s.pwError.Visible() })
	if !strings.Contains(s.pwError.Text, "パスワードが違います") || s.pwError.Importance != widget.DangerImportance || !s.next.Disabled() {
		t.Fatalf("wrong password not reported at the field: %q", s.pwError.Text)
	}
	s.password.SetText("")
	test.Type(s.password, secret)
	s.password.OnSubmitted(secret)
	u.loop.settle(t, "the right password", func() bool { return u.identity != nil })
	if s.pwError.Visible() || s.next.Disabled() {
		t.Fatal("right password not accepted")
	}
	if m.Imports() != 0 {
		t.Fatal("something was written before Install was pressed")
	}
}

func TestWizardRefusesBadFiles(t *testing.T) {
	f := testFiles(t)
	for _, tc := range []struct{ file, want string }{
		{f.expired, "有効期限が切れている"},
		{f.certsOnly, "秘密鍵が入っていません"},
	} {
		u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/db"))
		u.showInstall(tc.file)
		u.loop.settle(t, "the refusal", func() bool { return strings.Contains(labels(u.inst.root), tc.want) })
		if !u.inst.next.Disabled() {
			t.Errorf("%s: the wizard goes on", tc.file)
		}
	}
}

func TestWizardFlagsAnOlderFile(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/db")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/db", true))
	u := newTestUI(t, i18n.JA, m)
	u.showInstall(f.old)
	u.loop.settle(t, "the older-file note", func() bool { return u.inst.older.Visible() })
	if !strings.Contains(u.inst.older.Text, "2028/01/10") {
		t.Errorf("note = %q", u.inst.older.Text)
	}
}

func TestWizardStoreFailingMidway(t *testing.T) {
	f := testFiles(t)
	a, c := store.NewMemory(store.KindNSS, "/a"), store.NewMemory(store.KindNSS, "/c")
	broken := store.NewMemory(store.KindNSS, "/b")
	broken.FailImport = errors.New("database is locked")
	u := newTestUI(t, i18n.JA, a, broken, c)
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil })
	u.inst.goTo(stepTargets)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	text := labels(u.inst.root)
	if strings.Count(text, "✓") != 2 || !strings.Contains(text, "✗") || !strings.Contains(text, "database is locked") {
		t.Fatalf("results:\n%s", text)
	}
	if a.Imports() != 1 || c.Imports() != 1 {
		t.Fatal("a failing store stopped the others")
	}
}

// TestChecklistOnTheDemoReachesOK: the real checklist against the demo's
// loopback server with the certificate installed: verdict ok.
func TestChecklistOnTheDemoReachesOK(t *testing.T) {
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	u := installedDemo(t, i18n.EN, sc)
	u.showChecklist(true)
	u.loop.settle(t, "the verdict", func() bool { return u.diag != nil && !u.list.running })
	if u.diag.Verdict != "ok" || u.list.verdict.Importance != widget.SuccessImportance || !strings.HasPrefix(u.list.verdict.Text, "No problem found") {
		t.Fatalf("verdict %s %q, next %q\n%s", u.diag.Verdict, u.list.verdict.Text, u.list.next.Text, labels(u.list.root))
	}
}

// TestChecklistWithoutAddressIsIncomplete: no system address is never
// "no problem"; the screen offers the field, which refuses a bad address.
func TestChecklistWithoutAddressIsIncomplete(t *testing.T) {
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.showChecklist(true)
	u.loop.settle(t, "the verdict", func() bool { return u.diag != nil && !u.list.running })
	if u.diag.Verdict != "incomplete" || strings.Contains(u.list.verdict.Text, "問題は見つかりませんでした") || !u.list.addrBox.Visible() {
		t.Fatalf("verdict %s %q, address field %v", u.diag.Verdict, u.list.verdict.Text, u.list.addrBox.Visible())
	}
	if !strings.Contains(u.list.next.Text, "「確認」") {
		t.Errorf("next step = %q, want the address field's button named", u.list.next.Text)
	}
	u.list.address.SetText("https://bad host")
	u.list.useAddress()
	if !u.list.addrError.Visible() {
		t.Error("an address with a space was accepted")
	}
	u.helpdesk.SetChecked(true)
	if !strings.Contains(labels(u.list.root), "[net.http]") {
		t.Error("helpdesk mode does not show check ids")
	}
}

func TestReportPreviewMaskingAndSave(t *testing.T) {
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.address = "https://acme.rootip-cloud.net/"
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	u.showReport()
	r := u.rep
	test.Type(r.userID, "test@rootip.co.jp")
	r.steps["cache"].SetChecked(true)
	u.loop.settle(t, "the preview", func() bool { return strings.Contains(r.preview.Text, "ユーザID: test@rootip.co.jp") })
	for _, want := range []string{"ブラウザのキャッシュを削除: 実施済み", "利用端末情報", "Windows 11", "見つかった証明書: 1", "会社名:"} {
		if !strings.Contains(r.preview.Text, want) {
			t.Errorf("preview lacks %q:\n%s", want, r.preview.Text)
		}
	}
	if link := r.mailto(); !strings.HasPrefix(link, "mailto:mail@rootip.co.jp?") || len(link) > 2000 {
		t.Errorf("mailto = %d chars", len(link))
	}
	r.mask.SetChecked(true)
	u.loop.settle(t, "the masked preview", func() bool { return !strings.Contains(r.preview.Text, "test@rootip.co.jp") })
	r.mask.SetChecked(false)
	u.loop.settle(t, "the unmasked preview", func() bool { return strings.Contains(r.preview.Text, "test@rootip.co.jp") })
	r.addImage("bad.png", "browser", []byte("not an image"))
	if len(r.images) != 0 {
		t.Error("a bad image was attached")
	}
}

func TestHomeRenewalBanner(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Current, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.showHome()
	u.loop.settle(t, "the banner", func() bool { return u.home.banner.Visible() })
	if !strings.Contains(u.home.bannerText.Text, "2027/01/10 に期限切れ") || strings.Contains(u.home.bannerText.Text, "残り -") {
		t.Fatalf("banner = %q", u.home.bannerText.Text)
	}
	// The successor installed: the card no longer asks for a download; it
	// says the new one is not yet shown to work.
	m.Put(pkitest.Entry(p.Successor, "nss", "/ff", true))
	u.fl.Refresh(false)
	u.showHome()
	u.loop.settle(t, "the card on the successor", func() bool { return strings.Contains(u.home.bannerText.Text, "インストール済み") })
	if text := u.home.bannerText.Text; strings.Contains(text, "期限切れ") || !strings.Contains(text, "2028/01/10") {
		t.Fatalf("banner with the successor = %q", text)
	}
	// The successor proven: the card goes (the manual's 3-3 ⑦).
	if err := u.fl.RememberProof(renewal.Proof{Status: renewal.Proven, SHA256: p.Successor.SHA256(), Host: pkitest.Host, At: pkitest.Now}); err != nil {
		t.Fatal(err)
	}
	u.showHome()
	u.loop.settle(t, "the banner to go", func() bool { return !u.home.banner.Visible() })
	test.Tap(u.home.support)
	if u.body.Objects[0] != u.rep.root {
		t.Fatal("the report action did not open the report screen")
	}
}

// switchStore is a Firefox profile that ignores the OS certificate store.
type switchStore struct {
	*store.Memory
	off bool
}

func (s *switchStore) OSClientCertsOff() bool     { return s.off }
func (s *switchStore) EnableOSClientCerts() error { s.off = false; return nil }

func TestEnableFirefoxOSCertificates(t *testing.T) {
	ff := &switchStore{Memory: store.NewMemory(store.KindNSS, "/ff"), off: true}
	u := newTestUI(t, i18n.JA, ff)
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	if !u.list.osCerts.Visible() {
		t.Fatal("no button for a Firefox profile that ignores the OS store")
	}
	test.Tap(u.list.osCerts)
	confirm := u.dialogButton(t, lang.L("Yes")) // fails the test when no confirmation is asked
	test.Tap(confirm)
	if ff.off || u.list.osCerts.Visible() {
		t.Fatal("the profile was not switched")
	}
}

// TestCertificateListDeletesExpiredOnes: the list shows every vendor
// certificate; only the expired one can be deleted, after a confirmation
// that names it; the store is read back.
func TestCertificateListDeletesExpiredOnes(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Expired, "nss", "/ff", true))
	m.Put(pkitest.Entry(p.Successor, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	test.Tap(u.home.certs)
	u.loop.settle(t, "the list", func() bool { return len(u.crt.deletes) > 0 })
	if len(u.crt.deletes) != 1 || !strings.Contains(labels(u.crt.root), "2028/01/10") {
		t.Fatalf("deletes %d:\n%s", len(u.crt.deletes), labels(u.crt.root))
	}
	for _, b := range u.crt.deletes {
		test.Tap(b)
	}
	text := labels(u.w.Canvas().Overlays().Top())
	if !strings.Contains(text, "2026/01/10") {
		t.Fatalf("the confirmation does not name the certificate:\n%s", text)
	}
	yes := u.dialogButton(t, lang.L("Yes"))
	test.Tap(yes)
	u.loop.settle(t, "the deletion", func() bool {
		entries, _ := m.List(context.Background())
		return len(entries) == 1 && len(u.crt.deletes) == 0
	})
}

// untouchable fails the test if the window lists or writes it.
type untouchable struct {
	*store.Memory
	t *testing.T
}

func (s untouchable) List(context.Context) ([]store.Entry, error) {
	s.t.Error("the helpdesk view listed a local store")
	return nil, nil
}

// TestHelpdeskOpensAUsersReport: a report made on another PC opens as its
// checklist and summary, and no local store is touched.
func TestHelpdeskOpensAUsersReport(t *testing.T) {
	p := pkitest.Get(t)
	// The user's side: a report from a run on their machine.
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Successor, "nss", "/ff", true))
	user := newTestUI(t, i18n.JA, m)
	user.showChecklist(true)
	user.loop.settle(t, "the user's checklist", func() bool { return user.diag != nil && !user.list.running })
	if !strings.Contains(user.list.next.Text, "サポートコード: ") {
		t.Errorf("the checklist shows no support code: %q", user.list.next.Text)
	}
	rep, err := user.fl.Report(context.Background(), flowReport(user))
	if err != nil {
		t.Fatal(err)
	}
	js, _ := rep.JSON()
	// The helpdesk's side, in English, with a store that must not be read.
	desk := newTestUI(t, i18n.EN, untouchable{store.NewMemory(store.KindNSS, "/desk"), t})
	desk.openReport("report.json", strings.NewReader(string(js)))
	text := labels(desk.help.root)
	if desk.body.Objects[0] != desk.help.root || !strings.Contains(text, "[net.dns] no-url") || !strings.Contains(text, "Certificate installed") {
		t.Fatalf("helpdesk view:\n%s", text)
	}
}
