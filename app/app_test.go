package app

import (
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// TestSharedCatalogLoadsIntoFyne proves the CLI's catalog is valid for
// Fyne's lang package and that the app's language choice wins.
func TestSharedCatalogLoadsIntoFyne(t *testing.T) {
	if err := loadTranslations(i18n.EN); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("app.title"); got != "root ip Cloud certificate tool" {
		t.Fatalf("en title = %q", got)
	}
	if err := loadTranslations(i18n.JA); err != nil {
		t.Fatal(err)
	}
	if got := lang.L("app.title"); got != i18n.New(i18n.JA).T("app.title") {
		t.Fatalf("ja title = %q", got)
	}
	if got := lang.L("Cancel"); got != "キャンセル" {
		t.Fatalf("Fyne's own word Cancel = %q, want Japanese", got)
	}
}

func TestThemeEmbedsJapaneseFont(t *testing.T) {
	th := newTheme()
	if th.Font(fyne.TextStyle{}) != fontRegular || th.Font(fyne.TextStyle{Bold: true}) != fontBold {
		t.Fatal("theme does not use the embedded BIZ UDPGothic faces")
	}
	if len(fontRegular.Content()) < 1<<20 || len(fontBold.Content()) < 1<<20 {
		t.Fatal("embedded fonts look truncated (subsets break typed text)")
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
	if err := checkDisplay(none); err == nil {
		t.Error("no display accepted (Fyne would panic)")
	}
}

// fixture: files from a test PKI with fixed dates, a fixed clock.
var fixedNow = time.Date(2026, 6, 1, 10, 0, 0, 0, time.Local)

type files struct{ good, secret, expired, certsOnly string }

var (
	filesOnce sync.Once
	theFiles  files
	filesErr  error
)

const secret = "別のパスワード"

func testFiles(t *testing.T) files {
	t.Helper()
	filesOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rootip-gui-test")
		if err != nil {
			filesErr = err
			return
		}
		ca, err := pki.NewRootCA("rootip-cloud.net")
		if err != nil {
			filesErr = err
			return
		}
		key, _ := pki.NewKey(pki.P256)
		mk := func(name string, from, to time.Time, pw string) string {
			l, err := ca.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", Key: key, NotBefore: from, NotAfter: to})
			if err != nil {
				filesErr = err
				return ""
			}
			data, err := l.P12(pki.Modern, pw, true, 0)
			if err != nil {
				filesErr = err
				return ""
			}
			p := filepath.Join(dir, name)
			filesErr = errors.Join(filesErr, os.WriteFile(p, data, 0o600))
			return p
		}
		theFiles.good = mk("クライアント証明書.p12", time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), "rootip")
		theFiles.secret = mk("secret.p12", time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), secret)
		theFiles.expired = mk("expired.p12", time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), "rootip")
		only, err := pki.CertsOnlyP12([]*x509.Certificate{ca.Cert}, "rootip")
		if err != nil {
			filesErr = err
			return
		}
		theFiles.certsOnly = filepath.Join(dir, "certs-only.p12")
		filesErr = errors.Join(filesErr, os.WriteFile(theFiles.certsOnly, only, 0o600))
	})
	if filesErr != nil {
		t.Fatal(filesErr)
	}
	return theFiles
}

// newTestUI is the window against fake stores, synchronous, in Japanese.
func newTestUI(t *testing.T, stores ...store.Store) (*ui, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := loadTranslations(i18n.JA); err != nil {
		t.Fatal(err)
	}
	prof, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	b := &Backend{Profile: prof, Lang: i18n.JA, Now: func() time.Time { return fixedNow }, Version: "1.0.0", Sync: true,
		Stores:     func() ([]store.Store, error) { return stores, nil },
		Candidates: func() []string { return nil }, Timeout: time.Second,
		Network: func(env *check.Env) { env.URL = nil },
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(b, w)
	w.SetContent(u.content())
	w.Resize(fyne.NewSize(760, 900))
	u.showHome()
	return u, w
}

func TestInstallWizardRightPassword(t *testing.T) {
	f := testFiles(t)
	ff := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/x.default-release")
	chrome := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	u, _ := newTestUI(t, ff, chrome)
	u.showInstall(f.good)
	s := u.inst
	if s.identity == nil || !strings.HasPrefix(s.status.Text, "✓") {
		t.Fatalf("file not read with the default password: %q", s.status.Text)
	}
	if s.install.Disabled() {
		t.Fatal("install button disabled for a good file")
	}
	test.Tap(s.install)
	if ff.Imports() != 1 || chrome.Imports() != 1 {
		t.Fatalf("imports = %d, %d; want one into each ticked store", ff.Imports(), chrome.Imports())
	}
	for _, r := range s.results {
		if !strings.HasPrefix(r.Text, "✓") || !strings.Contains(r.Text, "2027/01/10") {
			t.Errorf("result = %q, want ✓ with the date read back", r.Text)
		}
	}
}

func TestInstallWizardWrongPasswordThenRight(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/db")
	u, _ := newTestUI(t, m)
	u.showInstall(f.secret)
	s := u.inst
	if s.identity != nil || !strings.Contains(s.status.Text, "パスワードが違います") || !s.install.Disabled() {
		t.Fatalf("wrong password not reported: %q (install disabled %v)", s.status.Text, s.install.Disabled())
	}
	s.password.SetText("")
	test.Type(s.password, secret)
	test.Tap(s.prove)
	if s.identity == nil || s.install.Disabled() {
		t.Fatalf("right password not accepted: %q", s.status.Text)
	}
	if m.Imports() != 0 {
		t.Fatal("something was written before Install was pressed")
	}
}

func TestInstallWizardRefusesBadFiles(t *testing.T) {
	f := testFiles(t)
	for _, tc := range []struct{ file, want string }{
		{f.expired, "有効期限が切れている"},
		{f.certsOnly, "秘密鍵が入っていません"},
	} {
		m := store.NewMemory(store.KindNSS, "/db")
		u, _ := newTestUI(t, m)
		u.showInstall(tc.file)
		if !strings.Contains(u.inst.status.Text, tc.want) || !u.inst.install.Disabled() {
			t.Errorf("%s: status %q, install disabled %v", filepath.Base(tc.file), u.inst.status.Text, u.inst.install.Disabled())
		}
	}
}

func TestInstallWizardStoreFailingMidway(t *testing.T) {
	f := testFiles(t)
	a, c := store.NewMemory(store.KindNSS, "/a"), store.NewMemory(store.KindNSS, "/c")
	broken := store.NewMemory(store.KindNSS, "/b")
	broken.FailImport = errors.New("database is locked")
	u, _ := newTestUI(t, a, broken, c)
	u.showInstall(f.good)
	test.Tap(u.inst.install)
	got := []string{u.inst.results[0].Text, u.inst.results[1].Text, u.inst.results[2].Text}
	if !strings.HasPrefix(got[0], "✓") || !strings.HasPrefix(got[1], "✗") || !strings.Contains(got[1], "database is locked") || !strings.HasPrefix(got[2], "✓") {
		t.Fatalf("results = %q", got)
	}
	if a.Imports() != 1 || c.Imports() != 1 {
		t.Fatal("a failing store stopped the others")
	}
}

func TestChecklistShowsEveryStatus(t *testing.T) {
	u, _ := newTestUI(t)
	u.show(u.list.root)
	u.list.show([]check.Finding{
		{ID: "cert.installed", Status: check.OK, Title: "証明書のインストール", Detail: "インストール済み"},
		{ID: "cert.expiry", Status: check.Warn, Title: "有効期限", Detail: "まもなく期限切れ", Fix: "新しい証明書を入れてください"},
		{ID: "net.http", Status: check.Fail, Title: "ログイン画面", Detail: "HTTP 403", Fix: "IP アドレス制限を確認", Manual: "2 (3-1)"},
		{ID: "net.mtls", Status: check.Skip, Title: "クライアント証明書での接続", Detail: "未確認"},
	})
	text := labels(u.list.root)
	for _, want := range []string{"インストール済み", "→ 新しい証明書を入れてください", "→ IP アドレス制限を確認 (マニュアル 2 (3-1))", "未確認", "確認中…"} {
		if !strings.Contains(text, want) {
			t.Errorf("checklist lacks %q", want)
		}
	}
	if !strings.Contains(u.list.next.Text, "IP アドレス制限を確認") {
		t.Errorf("next step = %q, want the failing check's fix", u.list.next.Text)
	}
	u.helpdesk.SetChecked(true)
	if !strings.Contains(labels(u.list.root), "[net.http]") {
		t.Error("helpdesk mode does not show check ids")
	}
}

func TestReportPreview(t *testing.T) {
	f := testFiles(t)
	m := store.NewMemory(store.KindNSS, "/db")
	u, _ := newTestUI(t, m)
	u.showInstall(f.good)
	test.Tap(u.inst.install)
	u.showReport()
	r := u.rep
	test.Type(r.userID, "test@rootip.co.jp")
	r.steps["cache"].SetChecked(true)
	for _, want := range []string{"ユーザID: test@rootip.co.jp", "[x] ブラウザのキャッシュを削除", "利用端末情報", "acme.rootip-cloud.net"} {
		if !strings.Contains(r.preview.Text, want) {
			t.Errorf("preview lacks %q:\n%s", want, r.preview.Text)
		}
	}
	if link := r.mailto(); !strings.HasPrefix(link, "mailto:mail@rootip.co.jp?") || len(link) > 2000 {
		t.Errorf("mailto = %d chars", len(link))
	}
	r.mask.SetChecked(true)
	if strings.Contains(r.preview.Text, "test@rootip.co.jp") {
		t.Error("masking left the user ID in the preview")
	}
	zipPath := filepath.Join(t.TempDir(), "r.zip")
	if err := r.saveZIPTo(zipPath); err != nil {
		t.Fatal(err)
	}
	r.addImage("bad.png", []byte("not an image"))
	if len(r.images) != 0 {
		t.Error("a bad image was attached")
	}
}

// labels concatenates every label's text under o.
func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, obj := range test.LaidOutObjects(o) {
		if l, ok := obj.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

func TestHomeActionsAndRenewalBanner(t *testing.T) {
	u, _ := newTestUI(t)
	if u.home.banner.Visible() {
		t.Error("banner shown in June with nothing expiring")
	}
	test.Tap(u.home.install)
	if u.body.Objects[0] != u.inst.root {
		t.Fatal("the install action did not open the wizard")
	}
	u.b.Now = func() time.Time { return time.Date(2026, 12, 5, 9, 0, 0, 0, time.Local) }
	u.showHome()
	if !u.home.banner.Visible() || !strings.Contains(u.home.bannerText.Text, "電子証明書ダウンロード") {
		t.Fatalf("renewal banner in December: visible %v, %q", u.home.banner.Visible(), u.home.bannerText.Text)
	}
	test.Tap(u.home.support)
	if u.body.Objects[0] != u.rep.root {
		t.Fatal("the report action did not open the report screen")
	}
}

// firefoxStore is a memory store that is a Firefox profile with the OS
// client-certificate module off.
type firefoxStore struct {
	*store.Memory
	dir string
	on  bool
}

func (f *firefoxStore) ProfileDir() string      { return f.dir }
func (f *firefoxStore) UsesOSClientCerts() bool { return f.on }

func TestEnableFirefoxOSCertificates(t *testing.T) {
	dir := t.TempDir()
	ff := &firefoxStore{Memory: store.NewMemory(store.KindNSS, dir), dir: dir}
	u, w := newTestUI(t, ff)
	u.b.GOOS = "windows"
	u.showChecklist(true)
	if !u.list.osCerts.Visible() {
		t.Fatal("no button for a Windows Firefox profile that ignores the OS store")
	}
	test.Tap(u.list.osCerts)
	// The confirmation dialog: press its confirm button.
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == lang.L("Yes") {
			confirm = b
		}
	}
	if confirm == nil {
		t.Fatal("no confirmation asked")
	}
	test.Tap(confirm)
	data, err := os.ReadFile(filepath.Join(dir, "user.js"))
	if err != nil || !strings.Contains(string(data), `user_pref("security.osclientcerts.autoload", true);`) {
		t.Fatalf("user.js = %q, %v", data, err)
	}
	u.b.GOOS = "linux"
	u.list.run()
	if u.list.osCerts.Visible() {
		t.Error("the button shows on Linux, where Firefox has no OS module")
	}
}
