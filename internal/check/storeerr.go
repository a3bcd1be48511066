package check

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// Store error kinds: why writing to (or reading) a certificate store
// failed, as data. The catalog says each in words (storeerr.KIND); the raw
// error stays for the helpdesk's detail line.
const (
	StoreBusy            = "busy"
	StoreReadOnly        = "read-only"
	StoreDamaged         = "damaged"
	StoreLocked          = "locked"
	StoreDenied          = "denied"
	StoreNoSupport       = "no-support"
	StoreOutdated        = "outdated"
	StoreTimeout         = "timeout"
	StoreNotReadBack     = "not-read-back"
	StoreKeyMissing      = "key-missing"
	StoreServedElsewhere = "served-elsewhere"
	StoreNetwork         = "network"
	StoreOther           = "other"
)

// StoreError is a store failure as data: its kind and, for a network
// failure, the network code (ErrRefused ...).
type StoreError struct {
	Kind string `json:"kind"`
	Net  string `json:"net,omitempty"`
}

// storeSentinels map the store package's typed errors to kinds, first match wins.
var storeSentinels = []struct {
	err  error
	kind string
}{
	{store.ErrServedElsewhere, StoreServedElsewhere},
	{store.ErrBusy, StoreBusy},
	{store.ErrReadOnly, StoreReadOnly},
	{store.ErrDamaged, StoreDamaged},
	{store.ErrLocked, StoreLocked},
	{store.ErrNoSupport, StoreNoSupport},
	{store.ErrOutdated, StoreOutdated},
	{store.ErrNotReadBack, StoreNotReadBack},
	{store.ErrKeyMissing, StoreKeyMissing},
	{context.DeadlineExceeded, StoreTimeout},
	{context.Canceled, StoreTimeout},
	{fs.ErrPermission, StoreDenied},
}

// storeMessages map the texts of errors that reach us untyped (NSS's
// SEC_ERROR names, Windows' and the keychain's messages and codes) to
// kinds; they are matched case-insensitively.
var storeMessages = []struct {
	text, kind string
}{
	{"SEC_ERROR_READ_ONLY", StoreReadOnly},
	{"SEC_ERROR_BAD_DATABASE", StoreDamaged},
	{"SEC_ERROR_BAD_PASSWORD", StoreLocked},
	{"SEC_ERROR_TOKEN_NOT_LOGGED_IN", StoreLocked},
	{"SEC_ERROR_LEGACY_DATABASE", StoreOutdated},
	{"SEC_ERROR_NO_MODULE", StoreNoSupport},
	{"access is denied", StoreDenied},
	{"0x80070005", StoreDenied},
	{"E_ACCESSDENIED", StoreDenied},
	{"operation was canceled by the user", StoreDenied},
	{"user canceled", StoreDenied},
	{"errSecUserCanceled", StoreDenied},
	{"errSecAuthFailed", StoreLocked},
	{"keychain is locked", StoreLocked},
	{"user interaction is not allowed", StoreLocked},
	{"being used by another process", StoreBusy},
	{"database is locked", StoreBusy},
}

// ClassifyStoreError gives a store's error its kind (nil: no error, the
// zero StoreError).
func ClassifyStoreError(err error) StoreError {
	if err == nil {
		return StoreError{}
	}
	for _, s := range storeSentinels {
		if errors.Is(err, s.err) {
			return StoreError{Kind: s.kind}
		}
	}
	msg := strings.ToLower(err.Error())
	for _, m := range storeMessages {
		if strings.Contains(msg, strings.ToLower(m.text)) {
			return StoreError{Kind: m.kind}
		}
	}
	switch code := classify(context.Background(), err); code {
	case ErrRefused, ErrNoHost, ErrReset, ErrUnreachable, ErrTimeout:
		if code == ErrTimeout {
			return StoreError{Kind: StoreTimeout}
		}
		return StoreError{Kind: StoreNetwork, Net: code}
	}
	return StoreError{Kind: StoreOther}
}

// StoreErrorText says a store failure in msg's language for the window:
// what happened and what to do, naming only controls of the window's
// install steps.
func StoreErrorText(e StoreError, msg *i18n.Catalog) string {
	return StoreErrorTextFor(e, msg, ForWindow, "")
}

// StoreErrorTextFor says a store failure for an audience, from the one
// catalog (storeerr.KIND, with a .cli variant where the window's words name
// its buttons). detail is the raw error the command line shows beside a
// failure whose cause is unknown (the window keeps it for helpdesk mode).
func StoreErrorTextFor(e StoreError, msg *i18n.Catalog, a Audience, detail string) string {
	kind := e.Kind
	if kind == "" || !msg.Has("storeerr."+kind) {
		kind = StoreOther
	}
	data := map[string]any{"Detail": detail}
	if e.Net != "" {
		data["Reason"] = msg.T("neterr." + e.Net)
	}
	key := "storeerr." + kind
	if a == ForCLI && msg.Has(key+".cli") {
		key += ".cli"
	}
	return msg.T(key, data)
}
