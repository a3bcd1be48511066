package winstore

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// Store is the current user's Personal store (個人, CurrentUser\MY).
type Store struct {
	mu    sync.Mutex
	notes []string
}

var (
	_ store.Store          = (*Store)(nil)
	_ store.ImportNoter    = (*Store)(nil)
	_ store.KeyDescriber   = (*Store)(nil)
	_ store.SignerProvider = (*Store)(nil)
)

// New returns the Personal store.
func New() *Store { return &Store{} }

// Kind implements store.Store.
func (*Store) Kind() string { return store.KindWindows }

// Location implements store.Store.
func (*Store) Location() string { return Personal.Location() }

// Reader implements store.Owned.
func (*Store) Reader() store.Reader { return store.Reader{Kind: store.ReaderChromeEdge} }

// InUse implements store.Owned: the store is live; the manual still asks
// for a browser (and PC) restart, which restart.pending reports.
func (*Store) InUse() bool { return false }

// Available implements store.Store.
func (*Store) Available() error { return nil }

// Import implements store.Store exactly as the manual's wizard prescribes:
// current user, key not exportable (no CRYPT_EXPORTABLE), no strong
// protection prompt (no CRYPT_USER_PROTECTED), every certificate of the
// file into 個人. The identity is re-encoded in memory as 3DES with a
// random one-time password (every Windows reads 3DES; AES needs 10 1709).
//
// Keys: PKCS12_PREFER_CNG_KSP puts RSA and EC keys in the CNG Software Key
// Storage Provider, which can sign RSA-PSS (TLS 1.3). Wine and old Windows
// refuse that flag; the retry without it stores an RSA key with a
// CryptoAPI provider (PKCS#1 v1.5 only, so TLS 1.2), and ImportNotes then
// says store.NoteCAPIFallback.
//
// Safe over an existing entry: the CA certificates missing from 個人 are
// added first (marked with AddedMarker), then the leaf. An identical leaf
// already in 個人 is not deleted: its key link (and friendly name) is
// switched to the new key in place, one registry write, as certutil
// -repairstore does. Only once the leaf is read back from a fresh handle
// with its key opening is the old key container deleted. When a step fails,
// what this import added is removed again and the old entry stays as it was.
func (s *Store) Import(ctx context.Context, id *certfile.Identity) error {
	s.setNotes(nil)
	if err := ctx.Err(); err != nil {
		return err
	}
	data, pass, err := id.ReencodeOneTime()
	if err != nil {
		return err
	}
	pw, err := windows.UTF16PtrFromString(pass)
	if err != nil {
		return err
	}
	blob := windows.CryptDataBlob{Size: uint32(len(data)), Data: &data[0]}
	tmp, err := windows.PFXImportCertStore(&blob, pw, windows.CRYPT_USER_KEYSET|windows.PKCS12_PREFER_CNG_KSP)
	if err != nil {
		tmp, err = windows.PFXImportCertStore(&blob, pw, windows.CRYPT_USER_KEYSET)
	}
	if err != nil {
		return fmt.Errorf("read PKCS#12 into a temporary store: %w", err)
	}
	defer windows.CertCloseStore(tmp, 0)
	// The leaf as the PFX import linked it to its new key. Other
	// certificates of the temporary store are ignored: the chain comes from
	// the identity (Wine's import returns only the leaf).
	var leaf *windows.CertContext
	var created []keyRef // keys this import created, removed again on failure
	eachCert(tmp, func(c *windows.CertContext, x *x509.Certificate) {
		if k := keyRefOf(c); k != nil && !k.referenced(created) {
			created = append(created, *k)
		}
		if leaf == nil && x.Equal(id.Leaf) {
			leaf = windows.CertDuplicateCertificateContext(c)
		}
	})
	if leaf == nil {
		dropKeys(created)
		return fmt.Errorf("add to %s: the file held no certificate", Personal.Location())
	}
	defer windows.CertFreeCertificateContext(leaf)
	newKey := keyRefOf(leaf)
	if newKey == nil {
		dropKeys(created)
		return fmt.Errorf("add to %s: the certificate's private key was not imported", Personal.Location())
	}
	var notes []string
	switch err := s.place(id, leaf, *newKey); {
	case errors.Is(err, errOldKeyKept):
		notes = append(notes, store.NoteOldKeyKept)
	case err != nil:
		dropKeys(created)
		return err
	}
	// The provider the key landed in decides, not which attempt worked.
	if !newKey.CNG() {
		notes = append(notes, store.NoteCAPIFallback)
	}
	s.setNotes(notes)
	return nil
}

// importStep, when set by a test, is called after each change Import makes
// to 個人, to watch the store in between.
var importStep func(step string)

func step(name string) {
	if importStep != nil {
		importStep(name)
	}
}

// place puts the chain and the leaf (linked to newKey) into 個人, reads the
// leaf back, then retires the key an identical old entry used.
func (s *Store) place(id *certfile.Identity, leaf *windows.CertContext, newKey keyRef) error {
	my, err := openStore(Personal, false)
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(my, 0)
	sha := id.SHA256()
	var old *windows.CertContext
	present := map[string]bool{}
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		fp := certfile.Fingerprint256(x)
		present[fp] = true
		if old == nil && fp == sha {
			old = windows.CertDuplicateCertificateContext(c)
		}
	})
	if old != nil {
		defer windows.CertFreeCertificateContext(old)
	}
	var addedCAs []*windows.CertContext
	defer func() {
		for _, c := range addedCAs {
			windows.CertFreeCertificateContext(c)
		}
	}()
	undo := func(cause error) error {
		var errs []error
		for _, c := range addedCAs {
			if err := windows.CertDeleteCertificateFromStore(windows.CertDuplicateCertificateContext(c)); err != nil {
				errs = append(errs, err)
			}
		}
		if err := commit(my); err != nil {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return fmt.Errorf("add to %s: %w (undo: %w)", Personal.Location(), cause, errors.Join(errs...))
		}
		return fmt.Errorf("add to %s: %w", Personal.Location(), cause)
	}
	// 1. Every certificate of the file into 個人, as the manual's wizard
	// does; those already there (the user's, or from an earlier import) are
	// left alone: under Wine, re-adding one drops the leaf of the session.
	for _, c := range id.Chain {
		if present[certfile.Fingerprint256(c)] {
			continue
		}
		cc, err := windows.CertCreateCertificateContext(encodingX509PKCS7, &c.Raw[0], uint32(len(c.Raw)))
		if err != nil {
			return undo(err)
		}
		err = setStringProperty(cc, certDescriptionPropID, AddedMarker)
		var inStore *windows.CertContext
		if err == nil {
			err = addCertificate(my, cc, windows.CERT_STORE_ADD_NEW, &inStore)
		}
		windows.CertFreeCertificateContext(cc)
		if err != nil {
			return undo(err)
		}
		addedCAs = append(addedCAs, inStore)
		present[certfile.Fingerprint256(c)] = true
	}
	step("chain")
	// 2. The leaf: added, or the identical entry relinked to the new key.
	var oldKey *keyRef
	var oldInfo []byte // the old CRYPT_KEY_PROV_INFO, to restore on failure
	oldName := ""
	if old == nil {
		if id.FriendlyName != "" {
			if err := setStringProperty(leaf, certFriendlyNamePropID, id.FriendlyName); err != nil {
				return undo(err)
			}
		}
		if err := addCertificate(my, leaf, windows.CERT_STORE_ADD_NEW, nil); err != nil {
			return undo(err)
		}
	} else {
		oldKey, oldInfo, oldName = keyRefOf(old), property(old, certKeyProvInfoPropID), stringProperty(old, certFriendlyNamePropID)
		info, buf := keyProvInfoOf(leaf)
		err := setCertProperty(old, certKeyProvInfoPropID, unsafe.Pointer(info))
		runtime.KeepAlive(buf)
		if err == nil && id.FriendlyName != "" && id.FriendlyName != oldName {
			err = setStringProperty(old, certFriendlyNamePropID, id.FriendlyName)
		}
		if err != nil {
			restore(old, oldInfo, oldName)
			commitStore(my, true)
			return undo(err)
		}
	}
	// Windows writes system stores through; Wine writes on commit. What a
	// fresh handle reads back decides, not the commit's answer.
	commitErr := commitStore(my, old != nil)
	step("leaf")
	// 3. Read back from a fresh handle: the leaf, linked to the new key,
	// which opens.
	if err := readBack(sha, newKey); err != nil {
		err = errors.Join(err, commitErr)
		if old == nil {
			deleteBySHA(my, sha)
		} else {
			restore(old, oldInfo, oldName)
			commitStore(my, true)
		}
		return undo(fmt.Errorf("read back: %w", err))
	}
	step("read back")
	// 4. Only now retire the key the old entry used, unless something else
	// still uses it (Wine keeps every key in one container).
	// The certificate works either way: a key that cannot be removed is a
	// note, not a failed import.
	if oldKey != nil && !oldKey.same(newKey) && !oldKey.referenced(linkedKeys()) {
		if err := removeOldKey(*oldKey); err != nil {
			return errOldKeyKept
		}
		step("old key removed")
	}
	return nil
}

// removeOldKey is deleteKey; a test makes it fail.
var removeOldKey = deleteKey

// errOldKeyKept: place succeeded but the replaced key could not be removed.
var errOldKeyKept = errors.New("the previous key stays")

// restore puts an entry's previous key link and friendly name back (none:
// removes them; a nil value deletes a property).
func restore(c *windows.CertContext, info []byte, name string) {
	if len(info) > 0 {
		setCertProperty(c, certKeyProvInfoPropID, unsafe.Pointer(&info[0]))
		runtime.KeepAlive(info)
	} else {
		setCertProperty(c, certKeyProvInfoPropID, nil)
	}
	if name != "" {
		setStringProperty(c, certFriendlyNamePropID, name)
	} else {
		setCertProperty(c, certFriendlyNamePropID, nil)
	}
}

// readBack opens 個人 anew and checks that the certificate is there, linked
// to want, and that its key opens.
func readBack(sha string, want keyRef) error {
	my, err := openStore(Personal, true)
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(my, 0)
	var errs []error
	found := false
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if found || certfile.Fingerprint256(x) != sha {
			return
		}
		k := keyRefOf(c)
		switch {
		case k == nil:
			errs = append(errs, errors.New("the certificate has no private key linked"))
		case !k.same(want):
			errs = append(errs, fmt.Errorf("the certificate is linked to key %q, not the imported %q", k.Container, want.Container))
		default:
			if err := keyOpens(c); err != nil {
				errs = append(errs, err)
			} else {
				found = true
			}
		}
	})
	if found {
		return nil
	}
	if len(errs) == 0 {
		return errors.New("the certificate is not in the store")
	}
	return errors.Join(errs...)
}

// deleteBySHA deletes every certificate with this SHA-256 from an open
// store (collect, then delete: deleting while enumerating spins in Wine).
func deleteBySHA(h windows.Handle, sha string) (n int, err error) {
	var victims []*windows.CertContext
	eachCert(h, func(c *windows.CertContext, x *x509.Certificate) {
		if certfile.Fingerprint256(x) == sha {
			victims = append(victims, windows.CertDuplicateCertificateContext(c))
		}
	})
	var errs []error
	for _, v := range victims {
		if err := windows.CertDeleteCertificateFromStore(v); err != nil { // frees v
			errs = append(errs, err)
		} else {
			n++
		}
	}
	if err := commit(h); err != nil {
		errs = append(errs, err)
	}
	return n, errors.Join(errs...)
}

// holds reports whether a fresh handle on the store sees the certificate.
func holds(sn StoreName, sha string) bool {
	h, err := openStore(sn, true)
	if err != nil {
		return true // unknown: assume the worst
	}
	defer windows.CertCloseStore(h, 0)
	found := false
	eachCert(h, func(_ *windows.CertContext, x *x509.Certificate) {
		found = found || certfile.Fingerprint256(x) == sha
	})
	return found
}

// linkedKeys lists the keys certificates in the current user's stores
// (and the machine's Personal store) link to.
func linkedKeys() []keyRef {
	var refs []keyRef
	for _, sn := range InventoryStores {
		h, err := openStore(sn, true)
		if err != nil {
			continue
		}
		eachCert(h, func(c *windows.CertContext, _ *x509.Certificate) {
			if k := keyRefOf(c); k != nil {
				refs = append(refs, *k)
			}
		})
		windows.CertCloseStore(h, 0)
	}
	return refs
}

// dropKeys deletes keys an import created that no certificate links to.
func dropKeys(keys []keyRef) {
	refs := linkedKeys()
	for _, k := range keys {
		if !k.referenced(refs) {
			deleteKey(k)
		}
	}
}

// ImportNotes implements store.ImportNoter for the last successful Import:
// store.NoteCAPIFallback when the key is held by a CryptoAPI provider,
// store.NoteOldKeyKept when the key a re-import replaced could not be
// removed.
func (s *Store) ImportNotes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.notes...)
}

func (s *Store) setNotes(n []string) {
	s.mu.Lock()
	s.notes = n
	s.mu.Unlock()
}

// List implements store.Store: the Personal store's certificates. Nickname
// is the friendly name (the file's, set by Import), else the common name.
func (s *Store) List(ctx context.Context) ([]store.Entry, error) {
	my, err := openStore(Personal, true)
	if err != nil {
		return nil, err
	}
	defer windows.CertCloseStore(my, 0)
	var out []store.Entry
	eachCert(my, func(c *windows.CertContext, cert *x509.Certificate) {
		if cert.IsCA {
			return
		}
		name := stringProperty(c, certFriendlyNamePropID)
		if name == "" {
			name = cert.Subject.CommonName
		}
		out = append(out, store.Entry{Store: store.KindWindows, Location: Personal.Location(), Cert: cert,
			HasKey: keyRefOf(c) != nil, Nickname: name})
	})
	return out, ctx.Err()
}

// KeyFacts implements store.KeyDescriber for the cert.key check: where the
// Personal-store certificate's key is held; Legacy for a CryptoAPI CSP.
func (s *Store) KeyFacts(ctx context.Context, sha256 string) (store.KeyFacts, error) {
	k, err := s.KeyInfo(sha256)
	if err != nil {
		return store.KeyFacts{}, err
	}
	return store.KeyFacts{Present: k.Present, Provider: k.Provider, Legacy: k.Present && !k.CNG, Exportable: k.Exportable}, ctx.Err()
}

// KeyInfo describes the key of the Personal-store certificate with this
// SHA-256 (store.ErrNotFound when there is none).
func (s *Store) KeyInfo(sha256 string) (KeyInfo, error) {
	my, err := openStore(Personal, true)
	if err != nil {
		return KeyInfo{}, err
	}
	defer windows.CertCloseStore(my, 0)
	var k KeyInfo
	found := false
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if !found && certfile.Fingerprint256(x) == sha256 {
			k, found = keyInfo(c), true
		}
	})
	if !found {
		return KeyInfo{}, store.ErrNotFound
	}
	return k, nil
}

// Delete implements store.Store: the certificate, then the CA
// certificates Import added for it (AddedMarker) that no other certificate
// in 個人 chains through, then its key (CryptoAPI container or CNG key)
// unless another certificate still links to it. CA certificates the user
// had are never touched. Collect, delete, commit: deleting while
// enumerating loops forever under Wine.
func (s *Store) Delete(ctx context.Context, sha256 string) error {
	my, err := openStore(Personal, false)
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(my, 0)
	var removed []*x509.Certificate
	var keys []keyRef
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if certfile.Fingerprint256(x) == sha256 {
			removed = append(removed, x)
			if k := keyRefOf(c); k != nil && !k.referenced(keys) {
				keys = append(keys, *k)
			}
		}
	})
	if len(removed) == 0 {
		return store.ErrNotFound
	}
	if _, err := deleteBySHA(my, sha256); err != nil && holds(Personal, sha256) {
		return fmt.Errorf("delete from %s: %w", Personal.Location(), err)
	}
	var errs []error
	var remaining, added []*x509.Certificate
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		remaining = append(remaining, x)
		if x.IsCA && stringProperty(c, certDescriptionPropID) == AddedMarker {
			added = append(added, x)
		}
	})
	for _, ca := range orphanedCAs(removed, remaining, added) {
		if _, err := deleteBySHA(my, certfile.Fingerprint256(ca)); err != nil && holds(Personal, certfile.Fingerprint256(ca)) {
			errs = append(errs, fmt.Errorf("delete CA certificate %s: %w", ca.Subject.CommonName, err))
		}
	}
	refs := linkedKeys()
	for _, k := range keys {
		if !k.referenced(refs) {
			if err := deleteKey(k); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("delete from %s: %w", Personal.Location(), errors.Join(errs...))
	}
	return ctx.Err()
}

// InventoryEntry is a certificate found in one of InventoryStores.
type InventoryEntry struct {
	store.Entry
	In  StoreName
	Key KeyInfo
}

// Inventory reads every store of InventoryStores (LocalMachine read-only)
// and returns the certificates that look like the vendor's.
func Inventory(ctx context.Context, domains []string) ([]InventoryEntry, error) {
	var out []InventoryEntry
	var errs []error
	for _, sn := range InventoryStores {
		h, err := openStore(sn, true)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		eachCert(h, func(c *windows.CertContext, cert *x509.Certificate) {
			if !certfile.LooksLikeVendor(cert, domains) {
				return
			}
			k := keyInfo(c)
			out = append(out, InventoryEntry{Entry: store.Entry{Store: store.KindWindows, Location: sn.Location(), Cert: cert, HasKey: k.Present}, In: sn, Key: k})
		})
		windows.CertCloseStore(h, 0)
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, errors.Join(errs...)
}

// Signer implements store.SignerProvider for the mutual-TLS check. A
// CryptoAPI key gets Schemes (PKCS#1 v1.5 only): the caller caps the
// handshake at store.CapTLSVersion(schemes), TLS 1.2, as Chromium does. A
// CNG key gets nil (any scheme, TLS 1.3 included).
func (*Store) Signer(sha256 string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	s, _, release, err := Signer(sha256)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, capi := s.(*capiSigner); capi {
		return s, Schemes, release, nil
	}
	return s, nil, release, nil
}

// Misplaced implements store.MisplacedLister: vendor client certificates
// in the stores of InventoryStores other than 個人.
func (*Store) Misplaced(ctx context.Context, domains []string) ([]store.Entry, error) {
	inv, err := Inventory(ctx, domains)
	var out []store.Entry
	for _, e := range inv {
		if Misplaced(e.Cert, e.In, domains) {
			out = append(out, e.Entry)
		}
	}
	return out, err
}
