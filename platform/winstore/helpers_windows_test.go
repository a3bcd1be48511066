package winstore

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/store"
)

var (
	cryptoSHA256 = crypto.SHA256
	cryptoSHA384 = crypto.SHA384
	pssOpts      = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
)

func verifyPKCS1(c *x509.Certificate, digest, sig []byte) error {
	pub, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("not RSA")
	}
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest, sig)
}

// signStored signs digest (opts: its hash, or the PSS options) through
// Signer with the key stored for the certificate sha, releases the key,
// and returns the signature, the certificate Signer found and Sign's
// error; a Signer that fails fails the test.
func signStored(t *testing.T, sha string, digest []byte, opts crypto.SignerOpts) ([]byte, *x509.Certificate, error) {
	t.Helper()
	signer, cert, release, err := Signer(sha)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	sig, err := signer.Sign(nil, digest, opts)
	return sig, cert, err
}

// TestMain fails the run when a test left a certificate or a key
// behind: the suite also runs on the GitHub Windows runner,
// in the runner's own stores, and must leave them as it found them.
func TestMain(m *testing.M) {
	before := takeSnapshot()
	code := m.Run()
	if leaks := before.leaked(takeSnapshot()); len(leaks) > 0 {
		fmt.Println("the tests left these behind (each test must clean up with t.Cleanup):")
		for _, l := range leaks {
			fmt.Println("  " + l)
		}
		code = 1
	}
	os.Exit(code)
}

const testOrg = "rootip-cert test"

// snapshot is what the tests may touch: certificates in the current
// user's stores, key containers and keys (platform/autoselect checks the
// browsers' policy values).
type snapshot map[string]bool

func takeSnapshot() snapshot {
	s := snapshot{}
	for _, sn := range InventoryStores {
		if sn.Machine {
			continue
		}
		h, err := openStore(sn, true)
		if err != nil {
			continue
		}
		eachCert(h, func(_ *windows.CertContext, x *x509.Certificate) {
			// Only the tests' own certificates (internal/pki names its CAs'
			// organisation): Windows may update other stores meanwhile.
			if slices.Contains(x.Subject.Organization, testOrg) || slices.Contains(x.Issuer.Organization, testOrg) {
				s["certificate "+sn.Location()+" "+x.Subject.CommonName+" "+certfile.Fingerprint256(x)] = true
			}
		})
		windows.CertCloseStore(h, 0)
	}
	for _, c := range capiContainers() {
		s["CryptoAPI key container "+c] = true
	}
	for _, k := range cngKeys() {
		s["CNG key "+k] = true
	}
	return s
}

func (s snapshot) leaked(after snapshot) []string {
	var out []string
	for k := range after {
		if !s[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// capiContainers lists the current user's CryptoAPI RSA key containers.
func capiContainers() []string {
	var prov windows.Handle
	aes, _ := windows.UTF16PtrFromString("Microsoft Enhanced RSA and AES Cryptographic Provider")
	if err := windows.CryptAcquireContext(&prov, nil, aes, 24, windows.CRYPT_VERIFYCONTEXT|windows.CRYPT_SILENT); err != nil {
		return nil
	}
	defer windows.CryptReleaseContext(prov, 0)
	getParam := advapi32.NewProc("CryptGetProvParam")
	const ppEnumContainers, cryptFirst = 2, 1
	var out []string
	flag := uintptr(cryptFirst)
	for range 10000 {
		buf := make([]byte, 1024)
		n := uint32(len(buf))
		if r, _, _ := getParam.Call(uintptr(prov), ppEnumContainers, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), flag); r == 0 {
			break
		}
		name, _, _ := strings.Cut(string(buf[:n]), "\x00")
		out = append(out, name)
		flag = 0
	}
	return out
}

// cngKeys lists the current user's keys in the Microsoft Software Key
// Storage Provider (nil where NCryptEnumKeys is not implemented: Wine).
func cngKeys() []string {
	enum, free := ncrypt.NewProc("NCryptEnumKeys"), ncrypt.NewProc("NCryptFreeBuffer")
	ksp, _ := windows.UTF16PtrFromString("Microsoft Software Key Storage Provider")
	var hp uintptr
	if r, _, _ := procNCryptOpenStorageProvider.Call(uintptr(unsafe.Pointer(&hp)), uintptr(unsafe.Pointer(ksp)), 0); r != 0 {
		return nil
	}
	defer procNCryptFreeObject.Call(hp)
	type keyName struct {
		name, alg         *uint16
		legacySpec, flags uint32
	}
	var state uintptr
	var out []string
	for range 10000 {
		var kn *keyName
		if r, _, _ := enum.Call(hp, 0, uintptr(unsafe.Pointer(&kn)), uintptr(unsafe.Pointer(&state)), ncryptSilentFlag); r != 0 {
			break
		}
		out = append(out, windows.UTF16PtrToString(kn.name))
		free.Call(uintptr(unsafe.Pointer(kn)))
	}
	if state != 0 {
		free.Call(state)
	}
	return out
}

// keyExists reports whether a key container (CryptoAPI) or key (CNG) can
// still be opened.
func keyExists(k keyRef) bool {
	name, _ := windows.UTF16PtrFromString(k.Container)
	if k.CNG() {
		prov, _ := windows.UTF16PtrFromString(k.Provider)
		var hp, hk uintptr
		if r, _, _ := procNCryptOpenStorageProvider.Call(uintptr(unsafe.Pointer(&hp)), uintptr(unsafe.Pointer(prov)), 0); r != 0 {
			return false
		}
		defer procNCryptFreeObject.Call(hp)
		if r, _, _ := procNCryptOpenKey.Call(hp, uintptr(unsafe.Pointer(&hk)), uintptr(unsafe.Pointer(name)), 0, ncryptSilentFlag); r != 0 {
			return false
		}
		procNCryptFreeObject.Call(hk)
		return true
	}
	var prov *uint16
	if k.Provider != "" {
		prov, _ = windows.UTF16PtrFromString(k.Provider)
	}
	var h windows.Handle
	if windows.CryptAcquireContext(&h, name, prov, k.ProvType, windows.CRYPT_SILENT|(k.Flags&machineKeyset)) != nil {
		return false
	}
	windows.CryptReleaseContext(h, 0)
	return true
}

// imported imports id into 個人 and removes it (with what Import added)
// when the test ends.
func imported(t testing.TB, id *certfile.Identity) *Store {
	t.Helper()
	s := New()
	t.Cleanup(func() {
		if err := s.Delete(context.Background(), id.SHA256()); err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("cleanup: %v", err)
		}
	})
	if err := s.Import(context.Background(), id); err != nil {
		t.Fatalf("import %s: %v", id.Leaf.Subject.CommonName, err)
	}
	return s
}

// plantedLeaf issues a client certificate for cn (RSA, no key kept) and
// plants it in sn, as a user importing into the wrong store would.
func (p *winPKI) plantedLeaf(t *testing.T, sn StoreName, cn string) *x509.Certificate {
	t.Helper()
	leaf, err := p.ca.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: pki.RSA2048})
	if err != nil {
		t.Fatal(err)
	}
	planted(t, sn, leaf.Cert, "")
	return leaf.Cert
}

// planted adds a bare certificate (no key) to a store and removes it when
// the test ends. The description, when given, is set first.
func planted(t *testing.T, sn StoreName, c *x509.Certificate, description string) {
	t.Helper()
	h, err := openStore(sn, false)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CertCloseStore(h, 0)
	cc, err := windows.CertCreateCertificateContext(encodingX509PKCS7, &c.Raw[0], uint32(len(c.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CertFreeCertificateContext(cc)
	if description != "" {
		if err := setStringProperty(cc, certDescriptionPropID, description); err != nil {
			t.Fatal(err)
		}
	}
	if err := windows.CertAddCertificateContextToStore(h, cc, windows.CERT_STORE_ADD_NEW, nil); err != nil {
		t.Fatal(err)
	}
	if err := commit(h); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { removeCert(t, sn, c) })
}

// removeCert deletes a certificate from a store (test cleanup).
func removeCert(t *testing.T, sn StoreName, c *x509.Certificate) {
	h, err := openStore(sn, false)
	if err != nil {
		t.Error(err)
		return
	}
	defer windows.CertCloseStore(h, 0)
	if _, err := deleteBySHA(h, certfile.Fingerprint256(c)); err != nil {
		t.Errorf("cleanup %s: %v", sn.Location(), err)
	}
}

// inStore finds a certificate in a store: whether it is there and its
// description (AddedMarker for what Import added).
func inStore(t *testing.T, sn StoreName, c *x509.Certificate) (found bool, description string) {
	t.Helper()
	h, err := openStore(sn, true)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CertCloseStore(h, 0)
	eachCert(h, func(cc *windows.CertContext, x *x509.Certificate) {
		if !found && x.Equal(c) {
			found, description = true, stringProperty(cc, certDescriptionPropID)
		}
	})
	return found, description
}

// leafKey returns the key link of the Personal-store certificate.
func leafKey(t *testing.T, sha string) keyRef {
	t.Helper()
	my, err := openStore(Personal, true)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CertCloseStore(my, 0)
	var k *keyRef
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if k == nil && certfile.Fingerprint256(x) == sha {
			k = keyRefOf(c)
		}
	})
	if k == nil {
		t.Fatalf("no key linked to %s", sha)
	}
	return *k
}
