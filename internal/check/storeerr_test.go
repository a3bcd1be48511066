package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"unicode"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// storeErrorCases are the errors store adapters return, as the adapters
// wrap them, and the kind each must be shown as.
var storeErrorCases = []struct {
	name string
	err  error
	want StoreError
}{
	{"busy", fmt.Errorf("import into nss /p: import: cert9.db is locked by another program (NSS error -8174): %w", store.ErrBusy), StoreError{Kind: StoreBusy}},
	{"read-only", fmt.Errorf("import into nss /p: import: %w", store.ErrReadOnly), StoreError{Kind: StoreReadOnly}},
	{"damaged", fmt.Errorf("import into nss /p: cert9.db is not an SQLite database (NSS error -8174): %w", store.ErrDamaged), StoreError{Kind: StoreDamaged}},
	{"primary password", fmt.Errorf("import into nss /p: %w", fmt.Errorf("the NSS database has a primary password: %w", store.ErrLocked)), StoreError{Kind: StoreLocked}},
	{"NSS library missing", fmt.Errorf("available: %w", fmt.Errorf("NSS library not found: %w", store.ErrNoSupport)), StoreError{Kind: StoreNoSupport}},
	{"cert8.db", fmt.Errorf("import: old cert8.db database: %w", store.ErrOutdated), StoreError{Kind: StoreOutdated}},
	{"not read back", fmt.Errorf("read back nss /p: %w", store.ErrNotReadBack), StoreError{Kind: StoreNotReadBack}},
	{"key missing", fmt.Errorf("read back nss /p: %w", store.ErrKeyMissing), StoreError{Kind: StoreKeyMissing}},
	{"served by the OS store", store.ErrServedElsewhere, StoreError{Kind: StoreServedElsewhere}},
	{"install deadline", fmt.Errorf("install into /p: %w", context.DeadlineExceeded), StoreError{Kind: StoreTimeout}},
	{"permission", fmt.Errorf("import: %w", &fs.PathError{Op: "open", Path: "/p/cert9.db", Err: syscall.EACCES}), StoreError{Kind: StoreDenied}},
	{"SEC_ERROR_READ_ONLY", recorded("PK11_ImportCert: SEC_ERROR_READ_ONLY: security library: read-only database."), StoreError{Kind: StoreReadOnly}},
	{"SEC_ERROR_BAD_DATABASE", recorded("certutil: function failed: SEC_ERROR_BAD_DATABASE: security library: bad database."), StoreError{Kind: StoreDamaged}},
	{"SEC_ERROR_BAD_PASSWORD", recorded("pk12util: SEC_ERROR_BAD_PASSWORD: The security password entered is incorrect."), StoreError{Kind: StoreLocked}},
	{"SEC_ERROR_TOKEN_NOT_LOGGED_IN", recorded("SEC_ERROR_TOKEN_NOT_LOGGED_IN: The operation failed because the PKCS#11 token is not logged in."), StoreError{Kind: StoreLocked}},
	{"Windows access denied", recorded("PFXImportCertStore: Access is denied."), StoreError{Kind: StoreDenied}},
	{"Windows HRESULT access denied", errors.New("NCryptImportKey: 0x80070005"), StoreError{Kind: StoreDenied}},
	{"Windows cancelled", recorded("CertAddCertificateContextToStore: The operation was canceled by the user."), StoreError{Kind: StoreDenied}},
	{"Windows file in use", recorded("open: The process cannot access the file because it is being used by another process."), StoreError{Kind: StoreBusy}},
	{"keychain cancelled", recorded("security import: User canceled the operation."), StoreError{Kind: StoreDenied}},
	{"keychain auth failed", errors.New("SecKeychainItemImport: errSecAuthFailed (-25293)"), StoreError{Kind: StoreLocked}},
	{"keychain locked", errors.New("security: The user name or passphrase you entered is not correct; the keychain is locked"), StoreError{Kind: StoreLocked}},
	{"keychain no interaction", recorded("SecKeychainItemImport: User interaction is not allowed."), StoreError{Kind: StoreLocked}},
	{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}, StoreError{Kind: StoreNetwork, Net: ErrRefused}},
	{"connection refused as text", recorded("dial tcp 127.0.0.1:443: connectex: No connection could be made because the target machine actively refused it."), StoreError{Kind: StoreNetwork, Net: ErrRefused}},
	{"no such host", &net.DNSError{Err: "no such host", Name: "example.invalid", IsNotFound: true}, StoreError{Kind: StoreNetwork, Net: ErrNoHost}},
	{"no such host as text", errors.New("lookup example.invalid: no such host"), StoreError{Kind: StoreNetwork, Net: ErrNoHost}},
	{"something else", errors.New("PK11_ImportDERPrivateKeyInfo: NSS error -8191"), StoreError{Kind: StoreOther}},
	{"none", nil, StoreError{}},
}

func TestClassifyStoreError(t *testing.T) {
	for _, tc := range storeErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ClassifyStoreError(tc.err); got != tc.want {
				t.Errorf("ClassifyStoreError(%v) = %+v, want %+v", tc.err, got, tc.want)
			}
		})
	}
}

// Every kind is said in both languages, in Japanese with Japanese words,
// never with the raw error, a CLI command or flag.
func TestStoreErrorTextEveryKind(t *testing.T) {
	kinds := []string{StoreBusy, StoreReadOnly, StoreDamaged, StoreLocked, StoreDenied, StoreNoSupport, StoreOutdated,
		StoreTimeout, StoreNotReadBack, StoreKeyMissing, StoreServedElsewhere, StoreNetwork, StoreOther}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		msg := i18n.New(lang)
		for _, k := range kinds {
			if !msg.Has("storeerr." + k) {
				t.Errorf("%s: no message storeerr.%s", lang, k)
			}
		}
		for _, tc := range storeErrorCases {
			if tc.err == nil {
				continue
			}
			text := StoreErrorText(ClassifyStoreError(tc.err), msg)
			if strings.Contains(text, "{{") || strings.Contains(text, "storeerr.") || strings.Contains(text, "neterr.") {
				t.Errorf("%s %s: unrendered text %q", lang, tc.name, text)
			}
			if strings.Contains(text, "--") || strings.Contains(text, "rootip-cert ") {
				t.Errorf("%s %s: a CLI word in %q", lang, tc.name, text)
			}
			if strings.Contains(text, tc.err.Error()) {
				t.Errorf("%s %s: the raw error in %q", lang, tc.name, text)
			}
			if lang == i18n.JA && !hasJapanese(text) {
				t.Errorf("%s: %q is not Japanese", tc.name, text)
			}
		}
	}
	ja := i18n.New(i18n.JA)
	if got := StoreErrorText(StoreError{Kind: StoreNetwork, Net: ErrRefused}, ja); !strings.Contains(got, "接続を拒否されました") {
		t.Errorf("network text lacks the network reason: %q", got)
	}
}

func hasJapanese(s string) bool {
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

// The command line says every store failure from the same catalog as the
// window, in its own words: never a window button, the raw error only where
// the cause is unknown.
func TestStoreErrorTextForCLI(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		msg := i18n.New(lang)
		for _, tc := range storeErrorCases {
			if tc.err == nil {
				continue
			}
			e := ClassifyStoreError(tc.err)
			text := StoreErrorTextFor(e, msg, ForCLI, tc.err.Error())
			for _, button := range []string{"「戻る」", "「インストール」", "ホームの", "Press Back", "press Back", "Install again", "home screen"} {
				if strings.Contains(text, button) {
					t.Errorf("%s %s: the window's button %q in %q", lang, tc.name, button, text)
				}
			}
			if strings.Contains(text, "{{") || strings.Contains(text, "storeerr.") {
				t.Errorf("%s %s: unrendered text %q", lang, tc.name, text)
			}
			if lang == i18n.JA && !hasJapanese(text) {
				t.Errorf("%s: %q is not Japanese", tc.name, text)
			}
			if got := strings.Contains(text, tc.err.Error()); got != (e.Kind == StoreOther) {
				t.Errorf("%s %s: raw error shown %v in %q", lang, tc.name, got, text)
			}
		}
	}
}
