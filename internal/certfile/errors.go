// Package certfile reads the customer's PKCS#12 file (クライアント証明書.p12)
// before anything is written anywhere: it bounds the size, proves the
// password, classifies every failure, and builds the Identity model that the
// stores, the checks and the report use.
//
// # Which reader
//
// go-pkcs12 was the only reader. It reads only DER with at most two safes
// and a few algorithms, and it derives every key of the file in one call:
// a hostile iteration count inside an encrypted safe or a shrouded key
// would run inside it unchecked, and no check can see that count without
// decrypting the layer around it. So every file first goes through this
// package's own layer-by-layer reader (p12.go), which accepts what NSS's
// importer (pk12util, Firefox) accepts: BER (pk12util -o, Firefox
// backups), any number of safes (certtool), nested safe contents bags,
// MACs with MD5/SHA-1/SHA-2 or PBMAC1, PKCS#12 PBE with 3DES/RC2/RC4 and
// PBES2 with AES, 3DES, DES, RC2 and Camellia, passwords outside the BMP
// (not SEED, which NSS also takes: see the corpus test). It checks the iteration count of
// each layer before deriving that layer's key — the MAC, each encrypted safe
// and, once a safe is open, every shrouded key inside it — and charges all
// derivations to one budget per file (MaxIterations, MaxWork). The MAC is
// verified before anything is decrypted, so a wrong password is told apart
// from damage and nothing is read, let alone written, before the password
// is proven. The shrouded keys are then decrypted by this reader too, once:
// go-pkcs12 used to read the file a second time for the key, repeating the
// MAC's and every safe's key derivation (five derivations instead of three
// for a usual file; 64 % of the read's time in a profile of import), and
// gave the same key wherever it could read the file at all
// (TestCorpusGoPKCS12Agrees keeps comparing the two). go-pkcs12 still
// writes the 3DES re-encoding of a file without a friendly name
// (ReencodeLegacy).
//
// It runs on every OS without NSS, a scratch database or the OS importer:
// NSS's decoder (SEC_PKCS12Decoder*) and the Windows/macOS importers derive
// the inner keys themselves and offer no point at which to check an
// iteration count first, so bounding them would need this same
// layer-by-layer decryption anyway — at which point the file is read.
// Nothing from the file reaches the stores but the Identity, which each
// store re-encodes in its one accepted form, as before.
package certfile

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Code classifies why a file could not be used. The values are part of the
// CLI's JSON contract.
type Code string

// The failure taxonomy.
const (
	WrongPassword Code = "wrong-password"
	// Corrupt is structural damage only: truncated, garbled, another kind of file.
	Corrupt  Code = "corrupt"
	TooLarge Code = "too-large"
	// NoKey is a file with certificates but no private key.
	NoKey Code = "no-key"
	// Unsupported is an encryption or integrity scheme this reader (and the
	// browsers' importers) cannot open, or a file over a decoding bound
	// (iteration counts, total work, certificates).
	Unsupported Code = "unsupported"
	// Unreadable is a file that could not be opened at all (missing, no permission).
	Unreadable Code = "unreadable"
	// NoCertificate is a private key without any certificate.
	NoCertificate Code = "no-certificate"
	// KeyMismatch is a private key that matches none of the file's certificates.
	KeyMismatch Code = "key-mismatch"
	// UnsupportedKey is a key type browsers cannot use for client
	// authentication (DSA, Ed25519, RSA-PSS, other curves); Error.KeyType names it.
	UnsupportedKey Code = "unsupported-key"
	// UnsupportedCertificate is a certificate the key belongs to that is
	// well formed enough for OpenSSL and NSS but refused by Go's x509.
	UnsupportedCertificate Code = "unsupported-certificate"
	// SeveralIdentities is a file with two or more key + certificate pairs:
	// Error.Candidates lists them; OpenPick/DecodePick takes one by SHA-256.
	SeveralIdentities Code = "several-identities"
)

// Codes lists every code, for message catalogs and exit-code tables.
var Codes = []Code{WrongPassword, Corrupt, TooLarge, NoKey, Unsupported, Unreadable,
	NoCertificate, KeyMismatch, UnsupportedKey, UnsupportedCertificate, SeveralIdentities}

// Candidate is one identity of a file that holds several: what a user
// picks by (発行先, 有効期限, SHA-256).
type Candidate struct {
	IssuedTo     string // the subject's common name (発行先)
	NotAfter     time.Time
	SHA256       string // upper-case hex, what a pick names
	FriendlyName string
}

// Error is a classified failure to read a PKCS#12 file.
type Error struct {
	Code Code
	Op   string
	Err  error
	// KeyType names the key of an UnsupportedKey error ("DSA", "Ed25519", "RSA-PSS").
	KeyType string
	// Candidates are the identities of a SeveralIdentities error, in file order.
	Candidates []Candidate
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Op, e.Code)
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	for _, c := range e.Candidates {
		fmt.Fprintf(&b, "; %s (until %s) SHA-256 %s", c.IssuedTo, c.NotAfter.Format("2006-01-02"), c.SHA256)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the classification of err, or "" when err is not a
// certfile.Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// CandidatesOf returns the identities listed by a SeveralIdentities error.
func CandidatesOf(err error) []Candidate {
	var e *Error
	if errors.As(err, &e) {
		return e.Candidates
	}
	return nil
}
