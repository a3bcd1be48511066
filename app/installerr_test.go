package app

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestInstallErrorsReachTheWindowInJapanese: stores failing with the
// errors the adapters return (NSS, Windows, the keychain, the network)
// show a Japanese sentence in the result row; the raw error only in the
// row's detail line.
func TestInstallErrorsReachTheWindowInJapanese(t *testing.T) {
	f := testFiles(t)
	errs := []error{
		fmt.Errorf("import: cert9.db is locked by another program (NSS error -8174): %w", store.ErrBusy),
		recorded("PK11_ImportCert: SEC_ERROR_READ_ONLY: security library: read-only database."),
		recorded("SEC_ERROR_BAD_DATABASE: security library: bad database."),
		&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}},
		&net.DNSError{Err: "no such host", Name: "example.invalid", IsNotFound: true},
		recorded("PFXImportCertStore: Access is denied."),
		recorded("security import: User canceled the operation."),
		errors.New("PK11_ImportDERPrivateKeyInfo: NSS error -8191"),
	}
	var stores []store.Store
	for i, e := range errs {
		m := store.NewMemory(store.KindNSS, fmt.Sprintf("/broken/%d", i))
		m.FailImport = e
		stores = append(stores, m)
	}
	u := newTestUI(t, i18n.JA, stores...)
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil })
	u.inst.goTo(stepTargets)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	rows := 0
	for _, o := range u.inst.progress.Objects {
		box, ok := o.(*fyne.Container)
		if !ok || len(box.Objects) < 2 {
			continue
		}
		text, detail := box.Objects[0].(*textBlock), box.Objects[1].(*textBlock)
		rows++
		for _, e := range errs {
			if strings.Contains(text.Text, e.Error()) {
				t.Errorf("the raw error %q is in the row's sentence:\n%s", e, text.Text)
			}
		}
		for _, s := range sentences(text.Text) {
			if !japanese(s) {
				t.Errorf("an ASCII-only sentence %q in the row:\n%s", s, text.Text)
			}
		}
		if !detail.Visible() || !strings.HasPrefix(detail.Text, "詳細") {
			t.Errorf("no detail line under %q", text.Text)
		}
	}
	if rows != len(errs) {
		t.Fatalf("%d result rows, want %d:\n%s", rows, len(errs), labels(u.inst.root))
	}
	for _, e := range errs {
		if !strings.Contains(labels(u.inst.root), e.Error()) {
			t.Errorf("the raw error %q is in no detail line", e)
		}
	}
}

// sentences splits a text at Japanese and Latin full stops and line ends.
func sentences(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '。' || r == '\n' }) {
		if p = strings.TrimSpace(strings.Trim(p, "✓✗! ")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func japanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// recorded is an error whose text is as a system prints it (ending with a
// full stop, unlike Go's own).
func recorded(text string) error { return errors.New(text) }
