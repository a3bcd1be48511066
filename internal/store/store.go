// Package store declares the certificate-store boundary (Windows 個人 store,
// macOS login keychain, NSS databases) and the logic every adapter shares:
// importing with a read-back check, and an in-memory store for tests.
package store

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
)

// Kind names are the `store` values of the CLI's JSON contract.
const (
	KindWindows  = "windows"
	KindKeychain = "keychain"
	KindNSS      = "nss"
)

// Store is one place browsers read client certificates from.
type Store interface {
	// Kind is "windows", "keychain" or "nss".
	Kind() string
	// Location names the place: `CurrentUser\MY`, `login.keychain-db`, an NSS directory.
	Location() string
	// Available returns nil when the store can be used on this machine, or
	// an error saying why not (no Firefox profile, no NSS library ...).
	Available() error
	// Import installs the identity (leaf, key and chain). Importing the same
	// identity twice leaves one entry. On error nothing is left half-written.
	Import(ctx context.Context, id *certfile.Identity) error
	// List returns every certificate the store holds that could be a client
	// certificate, with whether its private key is present.
	List(ctx context.Context) ([]Entry, error)
	// Delete removes the certificate with this SHA-256 (upper-case hex) and
	// its private key. It is only called after the user confirmed.
	Delete(ctx context.Context, sha256 string) error
}

// Entry is a certificate found in a store.
type Entry struct {
	Store    string // Kind of the store
	Location string
	Nickname string // the store's label, when it has one
	Cert     *x509.Certificate
	HasKey   bool
}

// SHA256 is the entry's SHA-256 fingerprint (upper-case hex).
func (e Entry) SHA256() string { return certfile.Fingerprint256(e.Cert) }

// Validity evaluates the entry's certificate at now.
func (e Entry) Validity(now time.Time, p certfile.Policy) certfile.Validity {
	return certfile.Evaluate(e.Cert, now, p)
}

// ErrServedElsewhere is returned by Available for a store that needs no
// import because its browser reads another selected store (Firefox on
// Windows/macOS with security.osclientcerts.autoload reads the OS store).
// It can still be listed.
var ErrServedElsewhere = errors.New("the browser reads the OS certificate store")

// ErrNotFound is returned by Delete when no certificate has that fingerprint.
var ErrNotFound = errors.New("certificate not found")

// States of a store's database that are not "empty" and that the user can
// act on. Adapters wrap them (errors.Is) so that a store that cannot be read
// never looks like one without the certificate.
var (
	// ErrBusy: another program (a running browser, another copy of this
	// tool) holds the database; closing it and retrying fixes it.
	ErrBusy = errors.New("the store is in use by another program")
	// ErrReadOnly: the store cannot be written (read-only folder or file,
	// no permission), or an interrupted write needs write access to be
	// rolled back before it can be read.
	ErrReadOnly = errors.New("the store cannot be written")
	// ErrDamaged: the store's database cannot be read at all (damaged or
	// not a database); a backup may restore it.
	ErrDamaged = errors.New("the store's database is damaged or unreadable")
	// ErrLocked: the store is protected by a password this tool was not
	// given (a Firefox primary password, a locked keychain).
	ErrLocked = errors.New("the store is locked by a password")
	// ErrNoSupport: the library or program that opens the store is missing
	// on this machine (the NSS library).
	ErrNoSupport = errors.New("the store's library is not installed")
	// ErrOutdated: the store's database is in an old format that its
	// browser upgrades when started once (Firefox's cert8.db).
	ErrOutdated = errors.New("the store's database is in an old format")
	// ErrNotReadBack: after an import, reading the store back did not find
	// the certificate.
	ErrNotReadBack = errors.New("certificate not found after import")
	// ErrKeyMissing: after an import the certificate is there but its
	// private key is not, so no browser can use it.
	ErrKeyMissing = errors.New("certificate present but its private key is missing")
)

// ImportAndVerify imports id into s, then reads the store back and returns
// the entry found for the leaf: the result shown to the user is what the
// store holds, not what was written.
func ImportAndVerify(ctx context.Context, s Store, id *certfile.Identity) (Entry, error) {
	var entries []Entry
	if il, ok := s.(ImportLister); ok {
		var err error
		if entries, err = il.ImportAndList(ctx, id); err != nil {
			return Entry{}, fmt.Errorf("import into %s %s: %w", s.Kind(), s.Location(), err)
		}
	} else {
		if err := s.Import(ctx, id); err != nil {
			return Entry{}, fmt.Errorf("import into %s %s: %w", s.Kind(), s.Location(), err)
		}
		var err error
		if entries, err = s.List(ctx); err != nil {
			return Entry{}, fmt.Errorf("read back %s %s: %w", s.Kind(), s.Location(), err)
		}
	}
	want := id.SHA256()
	for _, e := range entries {
		if e.SHA256() == want {
			if !e.HasKey {
				return e, fmt.Errorf("read back %s %s: %w", s.Kind(), s.Location(), ErrKeyMissing)
			}
			return e, nil
		}
	}
	return Entry{}, fmt.Errorf("read back %s %s: %w", s.Kind(), s.Location(), ErrNotReadBack)
}

// ImportLister is implemented by stores that can read themselves back in the
// same session as the import (NSS: one database open instead of two). The
// entries must come from the store, exactly as List would return them.
type ImportLister interface {
	ImportAndList(ctx context.Context, id *certfile.Identity) ([]Entry, error)
}

// Reader says who reads a store: a browser family and, for a Firefox
// profile, the profile's name. It is a fact; front-ends put it in words
// ("Chrome / Edge(Windows の個人ストア)", "Firefox(default-release)").
type Reader struct {
	Kind    string `json:"reader"`
	Profile string `json:"profile,omitempty"`
}

// Reader kinds.
const (
	ReaderChromeEdge  = "chrome-edge"  // Windows' 個人 store: Chrome, Edge (and Firefox with osclientcerts)
	ReaderKeychain    = "keychain"     // macOS login keychain: Safari, Chrome, Edge
	ReaderFirefox     = "firefox"      // a Firefox profile's NSS database
	ReaderChromeLinux = "chrome-linux" // ~/.pki/nssdb: Chrome and Chromium on Linux
	ReaderNSS         = "nss"          // an NSS database named by the user (--nss-db)
	ReaderScratch     = "scratch"      // the demo's throwaway store
)

// Owned is implemented by stores that know who reads them.
type Owned interface {
	// Reader says which browser (and profile) reads the store.
	Reader() Reader
	// InUse reports whether that browser is running now.
	InUse() bool
}

// ReaderOf returns who reads s and whether that browser runs; a store that
// does not say is read by its kind ("nss" ...).
func ReaderOf(s Store) (Reader, bool) {
	if o, ok := s.(Owned); ok {
		return o.Reader(), o.InUse()
	}
	return Reader{Kind: s.Kind()}, false
}

// FirefoxProfile is implemented by stores that are a Firefox profile.
type FirefoxProfile interface {
	// ProfileDir is the profile directory (where user.js lives).
	ProfileDir() string
	// UsesOSClientCerts: Firefox also offers the OS store's certificates.
	UsesOSClientCerts() bool
}

// Selection is which stores a run uses: kind (windows, keychain, nss, all),
// an explicit NSS directory, and an NSS primary password.
type Selection struct {
	Kind        string
	NSSDB       string
	NSSPassword string
}

// Finder returns the stores for a selection. When it found stores but
// could not read some list of them (a Firefox profiles.ini), it returns
// those stores with an *UnlistedError.
type Finder func(Selection) ([]Store, error)

// Unlisted is a list of stores that could not be read (a Firefox
// profiles.ini): the stores it names are unknown, not absent.
type Unlisted struct {
	Reader Reader // who reads the stores it lists (ReaderFirefox)
	Path   string // the list (profiles.ini)
	Err    error  // why it could not be read
}

// UnlistedError is a Finder's error when it found stores but could not
// read some lists of them; the flow keeps the stores and the lists as facts.
type UnlistedError struct{ Lists []Unlisted }

func (e *UnlistedError) Error() string {
	msgs := make([]string, len(e.Lists))
	for i, u := range e.Lists {
		msgs[i] = u.Err.Error()
	}
	return strings.Join(msgs, "; ")
}

// SignerProvider is implemented by stores that can sign with a stored key
// (Windows 個人 store, macOS keychain, NSS): the mutual-TLS check then proves
// the installed certificate itself, its key never leaving the store. Some
// signers hold a process-wide resource until release (NSS: the one database
// a process may open, on the caller's locked OS thread): call release on the
// goroutine that called Signer, and call no other method of that store in
// between.
type SignerProvider interface {
	// Signer returns a signer for the certificate with this SHA-256, the
	// TLS signature schemes it can make (nil: any), and a release function.
	Signer(sha256 string) (crypto.Signer, []tls.SignatureScheme, func(), error)
}

// Orphan is a private key a store holds without any certificate: left by
// an import killed between the key and the certificate writes, or by a tool
// that deleted only the certificate. It is invisible to browsers and to List
// (an Entry needs a certificate), but it is a copy of a secret.
type Orphan struct {
	Store    string // Kind of the store
	Location string
	// ID identifies the key for DeleteOrphan (NSS: its CKA_ID, upper-case
	// hex, the SHA-1 of the public key that certutil -K prints).
	ID      string
	Label   string // the key's nickname, when it has one
	KeyType string // "RSA 2048", "ECDSA P-256", "" when unknown
}

// OrphanLister is implemented by stores that can hold private keys without
// a certificate (NSS keeps them in another file than the certificates).
type OrphanLister interface {
	// Orphans lists the private keys that no certificate uses. Like List,
	// it returns an error rather than an empty list when the store cannot
	// be read.
	Orphans(ctx context.Context) ([]Orphan, error)
	// DeleteOrphan removes the orphan key with this ID (ErrNotFound when no
	// orphan has it; a key a certificate uses is never removed here) and
	// reads the store back.
	DeleteOrphan(ctx context.Context, id string) error
}

// WholeLister is implemented by an OrphanLister that finds its
// certificates and its orphan keys in one read of the store: List and
// Orphans in one pass, for the inventory.
type WholeLister interface {
	ListWithOrphans(ctx context.Context) ([]Entry, []Orphan, error)
}

// MisplacedLister is implemented by stores that can see vendor client
// certificates where browsers do not look for them (Windows' 他の人, CA and
// machine stores; the macOS System keychain).
type MisplacedLister interface {
	Misplaced(ctx context.Context, domains []string) ([]Entry, error)
}

// OSClientCertsSwitch is implemented by Firefox profiles (Windows/macOS)
// that can be told to offer the OS store's certificates too
// (security.osclientcerts.autoload), so one install in the OS store serves
// Firefox as well.
type OSClientCertsSwitch interface {
	// OSClientCertsOff reports whether the profile ignores the OS store now.
	OSClientCertsOff() bool
	// EnableOSClientCerts turns it on (Firefox applies it at its next start).
	EnableOSClientCerts() error
}

// Preferrer is implemented by stores that can make the browsers pick one
// certificate for the system address without asking (the macOS identity
// preference; the Chrome/Edge AutoSelectCertificateForUrls policy of the
// Windows store). It is optional: the popup works without it.
type Preferrer interface {
	// Prefer makes e the certificate the browsers offer for systemURL.
	Prefer(ctx context.Context, systemURL *url.URL, e Entry) error
}
