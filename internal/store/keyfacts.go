package store

import (
	"context"
	"crypto/tls"
)

// Import note codes: stable identifiers a store reports about an import
// that succeeded with a caveat. Callers map them to catalog messages.
const (
	// NoteCAPIFallback: the private key went to a legacy CryptoAPI provider
	// (Windows refused the CNG key storage provider), which cannot sign
	// RSA-PSS: TLS 1.3 client authentication with an RSA key fails there,
	// and browsers cap such a certificate at TLS 1.2.
	NoteCAPIFallback = "capi-fallback"
	// NoteOldKeyKept: a re-import replaced the certificate's key, but the
	// previous key could not be removed; it stays, unused.
	NoteOldKeyKept = "old-key-kept"
)

// ImportNoter is implemented by stores whose Import can succeed with a
// caveat. ImportNotes returns the note codes (Note*) of the last
// successful Import made through this value, nil when there were none.
type ImportNoter interface {
	ImportNotes() []string
}

// KeyFacts describes where a stored certificate's private key is held.
type KeyFacts struct {
	Present  bool
	Provider string // the CSP or KSP name ("Microsoft Software Key Storage Provider")
	// Legacy: a provider that cannot sign RSA-PSS (a Windows CryptoAPI
	// CSP): with an RSA key, TLS 1.3 client authentication fails.
	Legacy bool
	// Exportable is known only for some providers (nil: unknown).
	Exportable *bool
}

// KeyDescriber is implemented by stores that can say where a certificate's
// key is held (the Windows 個人 store), for the cert.key check.
type KeyDescriber interface {
	// KeyFacts describes the key of the certificate with this SHA-256
	// (upper-case hex); ErrNotFound when the store has no such certificate.
	KeyFacts(ctx context.Context, sha256 string) (KeyFacts, error)
}

// CapTLSVersion returns the highest TLS version a client certificate whose
// signer makes only these signature schemes can authenticate with:
// tls.VersionTLS12 when none of them is allowed in TLS 1.3 (RSA PKCS#1
// v1.5 only, as a CryptoAPI key), else 0, which leaves tls.Config's
// default maximum. nil schemes mean "any" (0). Chromium caps the same way.
func CapTLSVersion(schemes []tls.SignatureScheme) uint16 {
	if len(schemes) == 0 {
		return 0
	}
	for _, s := range schemes {
		switch s {
		case tls.PSSWithSHA256, tls.PSSWithSHA384, tls.PSSWithSHA512,
			tls.ECDSAWithP256AndSHA256, tls.ECDSAWithP384AndSHA384, tls.ECDSAWithP521AndSHA512,
			tls.Ed25519:
			return 0
		}
	}
	return tls.VersionTLS12
}
