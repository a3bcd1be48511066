package winstore

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"

	"golang.org/x/sys/windows"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// Store is the current user's Personal store (個人, CurrentUser\MY).
type Store struct{}

var _ store.Store = (*Store)(nil)

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
// Real Windows takes the first path: PKCS12_PREFER_CNG_KSP puts the key in
// the CNG Software Key Storage Provider, which can sign RSA-PSS (TLS 1.3).
// Wine and old Windows refuse that flag; the retry without it stores the
// key with a CryptoAPI provider (PKCS#1 v1.5 only, so TLS 1.2).
func (s *Store) Import(ctx context.Context, id *certfile.Identity) error {
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
	my, err := openStore(Personal, false)
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(my, 0)
	// Replace an identical certificate (same SHA-256) by hand and add with
	// ADD_ALWAYS: Wine's REPLACE_EXISTING takes a different certificate
	// whose key lives in the same container for "existing" and drops it.
	existing := map[string]*windows.CertContext{}
	present := map[string]bool{}
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		sha := certfile.Fingerprint256(x)
		existing[sha], present[sha] = windows.CertDuplicateCertificateContext(c), true
	})
	defer func() {
		for _, c := range existing {
			if c != nil {
				windows.CertFreeCertificateContext(c)
			}
		}
	}()
	var addErr error
	added := 0
	eachCert(tmp, func(c *windows.CertContext, x *x509.Certificate) {
		sha := certfile.Fingerprint256(x)
		if old := existing[sha]; old != nil {
			existing[sha] = nil
			if err := windows.CertDeleteCertificateFromStore(old); err != nil { // frees old
				addErr = errors.Join(addErr, err)
				return
			}
		}
		if err := windows.CertAddCertificateContextToStore(my, c, windows.CERT_STORE_ADD_ALWAYS, nil); err != nil {
			addErr = errors.Join(addErr, err)
			return
		}
		present[sha] = true
		added++
	})
	// Every certificate of the file into 個人, as the manual's wizard does.
	// Windows' PFX import returns them all; Wine's returns only the leaf,
	// so missing chain certificates are added from the identity. Those
	// already present are left alone: under Wine, re-adding one drops the
	// leaf added in the same session.
	for _, c := range id.Chain {
		if present[certfile.Fingerprint256(c)] {
			continue
		}
		cc, err := windows.CertCreateCertificateContext(encodingX509PKCS7, &c.Raw[0], uint32(len(c.Raw)))
		if err != nil {
			addErr = errors.Join(addErr, err)
			continue
		}
		if err := windows.CertAddCertificateContextToStore(my, cc, windows.CERT_STORE_ADD_NEW, nil); err != nil {
			addErr = errors.Join(addErr, err)
		}
		windows.CertFreeCertificateContext(cc)
	}
	if addErr != nil {
		return fmt.Errorf("add to %s: %w", Personal.Location(), addErr)
	}
	if added == 0 {
		return fmt.Errorf("add to %s: the file held no certificate", Personal.Location())
	}
	return nil
}

// List implements store.Store: the Personal store's certificates.
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
		out = append(out, store.Entry{Store: store.KindWindows, Location: Personal.Location(), Cert: cert,
			HasKey: keyInfo(c).Present, Nickname: cert.Subject.CommonName})
	})
	return out, ctx.Err()
}

// Delete implements store.Store with the pattern that also works under
// Wine (deleting while enumerating loops forever there): collect
// duplicates, delete them, then commit the store.
func (s *Store) Delete(ctx context.Context, sha256 string) error {
	my, err := openStore(Personal, false)
	if err != nil {
		return err
	}
	defer windows.CertCloseStore(my, 0)
	var victims []*windows.CertContext
	eachCert(my, func(c *windows.CertContext, cert *x509.Certificate) {
		if certfile.Fingerprint256(cert) == sha256 {
			victims = append(victims, windows.CertDuplicateCertificateContext(c))
		}
	})
	if len(victims) == 0 {
		return store.ErrNotFound
	}
	for _, v := range victims {
		if err := windows.CertDeleteCertificateFromStore(v); err != nil {
			return fmt.Errorf("delete from %s: %w", Personal.Location(), err)
		}
	}
	return commit(my)
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

// Signer implements store.SignerProvider for the mutual-TLS check.
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
