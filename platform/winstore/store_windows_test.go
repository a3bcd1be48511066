package winstore

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/store"
)

func underWine() bool {
	k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Wine`, registry.QUERY_VALUE)
	if err != nil {
		return false
	}
	k.Close()
	return true
}

type winPKI struct {
	ca     *pki.CA
	legacy *certfile.Identity // from an RC2/3DES file
	aes    *certfile.Identity // from an AES-256 file
}

func newPKI(t testing.TB) *winPKI {
	t.Helper()
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	// RSA: Wine keeps RSA keys in CryptoAPI (EC and CNG need real Windows).
	return &winPKI{ca: ca,
		legacy: identityOf(t, ca, "acme0.rootip-cloud.net", pki.RSA2048, pki.LegacyRC2),
		aes:    identityOf(t, ca, "acme1.rootip-cloud.net", pki.RSA2048, pki.Modern)}
}

// identityOf issues a client certificate and reads it back from a .p12 as
// the app does; a wrong password is refused before any store is touched.
func identityOf(t testing.TB, ca *pki.CA, cn string, kt pki.KeyType, enc pki.Encoding) *certfile.Identity {
	t.Helper()
	l, err := ca.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: kt})
	if err != nil {
		t.Fatal(err)
	}
	data, err := l.P12(enc, "rootip", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	id, err := certfile.Decode(data, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := certfile.Decode(data, "wrong"); certfile.CodeOf(err) != certfile.WrongPassword {
		t.Fatalf("wrong password not refused before the store: %v", err)
	}
	return id
}

func count(t *testing.T, sha string) (n int, key bool) {
	t.Helper()
	entries, err := New().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.SHA256() == sha {
			n++
			key = key || e.HasKey
		}
	}
	return n, key
}

func TestImportListDeleteInPersonalStore(t *testing.T) {
	p := newPKI(t)
	p.aes.FriendlyName = "root ip クライアント証明書"
	s := New()
	ctx := context.Background()
	for _, id := range []*certfile.Identity{p.legacy, p.aes} {
		imported(t, id)
		if err := s.Import(ctx, id); err != nil { // twice: one entry
			t.Fatalf("second import: %v", err)
		}
		if n, key := count(t, id.SHA256()); n != 1 || !key {
			t.Fatalf("%s: %d entries, key %v; want one with its key", id.Leaf.Subject.CommonName, n, key)
		}
	}
	// The file's CA certificate went to 個人 too, as the manual's wizard
	// does, marked as added by this tool.
	if found, desc := inStore(t, Personal, p.ca.Cert); !found || desc != AddedMarker {
		t.Errorf("CA certificate in 個人: %v, description %q; want it there, marked", found, desc)
	}
	// The file's friendly name is the entry's nickname; without one, the CN.
	entries, _ := s.List(ctx)
	names := map[string]string{}
	for _, e := range entries {
		names[e.SHA256()] = e.Nickname
	}
	if names[p.aes.SHA256()] != "root ip クライアント証明書" || names[p.legacy.SHA256()] != p.legacy.Leaf.Subject.CommonName {
		t.Errorf("nicknames = %q / %q", names[p.aes.SHA256()], names[p.legacy.SHA256()])
	}
	// The key is linked and, as the manual's wizard leaves it, not exportable.
	inv, _ := Inventory(ctx, []string{"rootip-cloud.net"})
	checked := false
	for _, e := range inv {
		if e.Cert.Equal(p.aes.Leaf) && e.In == Personal {
			checked = true
			if !e.Key.Present || e.Key.Provider == "" {
				t.Errorf("key info = %+v", e.Key)
			}
			if !e.Key.CNG && (e.Key.Exportable == nil || *e.Key.Exportable) {
				t.Errorf("CryptoAPI key exportable = %v, want known and false", e.Key.Exportable)
			}
		}
	}
	if !checked {
		t.Error("the imported certificate is missing from the inventory")
	}
	aesKey, legacyKey := leafKey(t, p.aes.SHA256()), leafKey(t, p.legacy.SHA256())
	if err := s.Delete(ctx, p.aes.SHA256()); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(t, p.aes.SHA256()); n != 0 {
		t.Fatal("delete left the certificate")
	}
	if err := s.Delete(ctx, p.aes.SHA256()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete = %v", err)
	}
	if n, key := count(t, p.legacy.SHA256()); n != 1 || !key {
		t.Fatal("delete removed the other certificate or its key link")
	}
	// The key went with the certificate, unless the other one still uses
	// it (Wine keeps every imported key in one container).
	if shared := aesKey.same(legacyKey); keyExists(aesKey) != shared || !keyExists(legacyKey) {
		t.Errorf("after delete: key %q exists %v, want %v (shared with the other certificate: %v)", aesKey.Container, keyExists(aesKey), shared, shared)
	}
	// The CA certificate stays while the other certificate chains to it...
	if found, _ := inStore(t, Personal, p.ca.Cert); !found {
		t.Error("delete removed the CA certificate another certificate still needs")
	}
	// ... and goes with the last one, with its key.
	if err := s.Delete(ctx, p.legacy.SHA256()); err != nil {
		t.Fatal(err)
	}
	if found, _ := inStore(t, Personal, p.ca.Cert); found {
		t.Error("delete left the CA certificate import had added")
	}
	if keyExists(legacyKey) {
		t.Errorf("delete left the key container %q", legacyKey.Container)
	}
}

// TestDeleteKeepsTheUsersCA: a CA certificate the user had in 個人 before
// the import is neither marked nor deleted.
func TestDeleteKeepsTheUsersCA(t *testing.T) {
	p := newPKI(t)
	planted(t, Personal, p.ca.Cert, "")
	s := imported(t, p.legacy)
	if found, desc := inStore(t, Personal, p.ca.Cert); !found || desc != "" {
		t.Fatalf("the user's CA certificate: present %v, description %q", found, desc)
	}
	if err := s.Delete(context.Background(), p.legacy.SHA256()); err != nil {
		t.Fatal(err)
	}
	if found, _ := inStore(t, Personal, p.ca.Cert); !found {
		t.Fatal("delete removed a CA certificate the user had before the import")
	}
}

// TestReimportNeverLeavesZero: re-importing over a working entry keeps
// one entry with its key at every step, and when the store refuses the
// write the old entry stays, its key signing.
func TestReimportNeverLeavesZero(t *testing.T) {
	p := newPKI(t)
	s := imported(t, p.legacy)
	sha := p.legacy.SHA256()
	var steps []string
	importStep = func(name string) {
		n, key := count(t, sha)
		steps = append(steps, name)
		if n != 1 || !key {
			t.Errorf("after step %q: %d entries, key %v", name, n, key)
		}
	}
	t.Cleanup(func() { importStep = nil })
	// The entry uses another key container than the one a new import
	// creates (as on real Windows, where each import makes a new one; Wine
	// reuses one, so the test moves the link to a container of its own).
	oldKey := linkToOwnContainer(t, sha)
	p.legacy.FriendlyName = "再インポート"
	if err := s.Import(context.Background(), p.legacy); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(steps, []string{"chain", "leaf", "read back", "old key removed"}) {
		t.Errorf("steps seen: %v", steps)
	}
	if newKey := leafKey(t, sha); newKey.same(oldKey) || keyExists(oldKey) || !keyExists(newKey) {
		t.Errorf("after re-import: linked to %q (exists %v), the old %q exists %v; want the new key, the old one gone",
			newKey.Container, keyExists(newKey), oldKey.Container, keyExists(oldKey))
	}
	entries, _ := s.List(context.Background())
	for _, e := range entries {
		if e.SHA256() == sha && e.Nickname != "再インポート" {
			t.Errorf("re-import did not set the friendly name: %q", e.Nickname)
		}
	}
	// The old key cannot be removed: the import still succeeds, and says so.
	oldKey = linkToOwnContainer(t, sha)
	removeWas := removeOldKey
	removeOldKey = func(keyRef) error { return errors.New("injected: the key stays") }
	err := s.Import(context.Background(), p.legacy)
	removeOldKey = removeWas
	if err != nil || !slices.Contains(s.ImportNotes(), store.NoteOldKeyKept) || !keyExists(oldKey) {
		t.Errorf("re-import keeping the old key: %v, notes %v, old key exists %v", err, s.ImportNotes(), keyExists(oldKey))
	}
	// Now every write of a leaf fails: the add, and the relink of the
	// identical entry (CA certificates are still added, to be undone).
	refuse := errors.New("injected: the store refuses the write")
	addWas, setWas := addCertificate, setCertProperty
	addCertificate = func(h windows.Handle, c *windows.CertContext, disposition uint32, out **windows.CertContext) error {
		if x, err := x509.ParseCertificate(der(c)); err == nil && x.IsCA {
			return addWas(h, c, disposition, out)
		}
		return refuse
	}
	setCertProperty = func(c *windows.CertContext, id uint32, data unsafe.Pointer) error {
		if id == certKeyProvInfoPropID || id == certFriendlyNamePropID {
			return refuse
		}
		return setWas(c, id, data)
	}
	t.Cleanup(func() { addCertificate, setCertProperty = addWas, setWas })
	p.legacy.FriendlyName = "失敗するインポート"
	if err := s.Import(context.Background(), p.legacy); !errors.Is(err, refuse) {
		t.Fatalf("import with a refusing store = %v", err)
	}
	if n, key := count(t, sha); n != 1 || !key {
		t.Fatalf("after the failed re-import: %d entries, key %v; want the old one with its key", n, key)
	}
	digest := sha256.Sum256([]byte("still works"))
	sig, cert, err := signStored(t, sha, digest[:], cryptoSHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyPKCS1(cert, digest[:], sig); err != nil {
		t.Fatalf("the old entry's key no longer signs: %v", err)
	}
	// A first import that fails leaves nothing: no leaf, no CA certificate.
	other, _ := pki.NewRootCA("rootip-cloud.net second CA")
	fresh := identityOf(t, other, "fresh.rootip-cloud.net", pki.RSA2048, pki.Modern)
	t.Cleanup(func() { New().Delete(context.Background(), fresh.SHA256()) })
	if err := s.Import(context.Background(), fresh); !errors.Is(err, refuse) {
		t.Fatalf("first import with a refusing store = %v", err)
	}
	if n, _ := count(t, fresh.SHA256()); n != 0 {
		t.Error("a failed import left its certificate")
	}
	if found, _ := inStore(t, Personal, other.Cert); found {
		removeCert(t, Personal, other.Cert)
		t.Error("a failed import left its CA certificate")
	}
}

// linkToOwnContainer creates a CryptoAPI key container with a fresh key
// and links the Personal-store certificate to it, as an entry made by an
// earlier import looks on Windows. The container is removed at the end.
func linkToOwnContainer(t *testing.T, sha string) keyRef {
	t.Helper()
	k := keyRef{Container: "rootip-cert-test-old-key", Provider: "Microsoft Enhanced RSA and AES Cryptographic Provider", ProvType: 24, KeySpec: 1}
	name, _ := windows.UTF16PtrFromString(k.Container)
	prov, _ := windows.UTF16PtrFromString(k.Provider)
	var h windows.Handle
	const cryptNewKeyset, atKeyExchange = 0x8, 1
	if err := windows.CryptAcquireContext(&h, name, prov, k.ProvType, cryptNewKeyset|windows.CRYPT_SILENT); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { deleteKey(k) })
	var key windows.Handle
	r, _, err := advapi32.NewProc("CryptGenKey").Call(uintptr(h), atKeyExchange, 2048<<16, uintptr(unsafe.Pointer(&key)))
	if r == 0 {
		t.Fatalf("CryptGenKey: %v", err)
	}
	procCryptDestroyKey.Call(uintptr(key))
	windows.CryptReleaseContext(h, 0)
	my, err := openStore(Personal, false)
	if err != nil {
		t.Fatal(err)
	}
	defer windows.CertCloseStore(my, 0)
	done := false
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if done || certfile.Fingerprint256(x) != sha {
			return
		}
		info := keyProvInfo{containerName: name, provName: prov, provType: k.ProvType, keySpec: k.KeySpec}
		if err := setCertProperty(c, certKeyProvInfoPropID, unsafe.Pointer(&info)); err != nil {
			t.Fatal(err)
		}
		done = true
	})
	if !done {
		t.Fatal("certificate not found")
	}
	if err := commitStore(my, true); err != nil {
		t.Fatal(err)
	}
	if got := leafKey(t, sha); !got.same(k) {
		t.Fatalf("relink for the test did not stick: %q", got.Container)
	}
	return k
}

func TestWrongPasswordWritesNothing(t *testing.T) {
	p := newPKI(t)
	before, _ := New().List(context.Background())
	data, err := p.legacy.ReencodeLegacy("right")
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := windows.UTF16PtrFromString("wrong")
	blob := windows.CryptDataBlob{Size: uint32(len(data)), Data: &data[0]}
	if h, err := windows.PFXImportCertStore(&blob, pw, windows.CRYPT_USER_KEYSET); err == nil {
		windows.CertCloseStore(h, 0)
		t.Fatal("crypt32 accepted a wrong password")
	}
	after, _ := New().List(context.Background())
	if len(after) != len(before) {
		t.Fatalf("the Personal store changed: %d → %d", len(before), len(after))
	}
}

func TestInventoryFindsWrongStore(t *testing.T) {
	leaf := newPKI(t).plantedLeaf(t, StoreName{Name: "ADDRESSBOOK"}, "misplaced.rootip-cloud.net")
	inv, err := Inventory(context.Background(), []string{"rootip-cloud.net"})
	if err != nil && len(inv) == 0 {
		t.Fatal(err)
	}
	found := false
	for _, e := range inv {
		if e.Cert.Equal(leaf) {
			found = true
			if e.Location != `CurrentUser\ADDRESSBOOK` || e.HasKey || !Misplaced(e.Cert, e.In, []string{"rootip-cloud.net"}) {
				t.Errorf("misplaced entry = %+v", e)
			}
		}
	}
	if !found {
		t.Fatal("the certificate planted in 他の人 (ADDRESSBOOK) was not found")
	}
}

// mtlsServer is a Go HTTPS server on 127.0.0.1 that allows TLS 1.3 and
// requires a client certificate from ca; it answers the client's CN.
func mtlsServer(t *testing.T, ca *x509.Certificate) (addr string, roots *x509.CertPool) {
	t.Helper()
	serverCA, _ := pki.NewRootCA("server CA")
	srvLeaf, _ := serverCA.NewServer(time.Time{}, "127.0.0.1")
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{srvLeaf.Cert.Raw}, PrivateKey: srvLeaf.Key}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: pool, MaxVersion: tls.VersionTLS13,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.TLS.PeerCertificates[0].Subject.CommonName)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	roots = x509.NewCertPool()
	roots.AddCert(serverCA.Cert)
	return ln.Addr().String(), roots
}

// getWithStoredKey makes one request signed by the Personal-store key
// through Store.Signer, capped as the mutual-TLS check caps it.
func getWithStoredKey(t *testing.T, sha, addr string, roots *x509.CertPool, maxVersion uint16) (body string, version uint16, err error) {
	t.Helper()
	signer, schemes, release, err := New().Signer(sha)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	leaf := func() *x509.Certificate {
		entries, _ := New().List(context.Background())
		for _, e := range entries {
			if e.SHA256() == sha {
				return e.Cert
			}
		}
		t.Fatal("certificate gone")
		return nil
	}()
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: roots, MaxVersion: maxVersion,
		Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Raw}, PrivateKey: signer, Leaf: leaf, SupportedSignatureAlgorithms: schemes}},
	}}}
	defer client.CloseIdleConnections()
	resp, err := client.Get("https://" + addr + "/")
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.TLS.Version, nil
}

// TestMutualTLSWithStoredKey: a request from this process to a TLS
// 1.3-capable server that requires the client certificate, signed by the
// key in the Personal store. Where the key is a CryptoAPI key (Wine), the
// signer offers PKCS#1 only: uncapped the handshake fails (the bug users
// saw), capped at store.CapTLSVersion it succeeds with TLS 1.2, and the
// import said so (store.NoteCAPIFallback). With a CNG key (the Windows
// runner) it succeeds uncapped with TLS 1.3.
func TestMutualTLSWithStoredKey(t *testing.T) {
	p := newPKI(t)
	s := imported(t, p.legacy)
	notes := s.ImportNotes()
	digest := make([]byte, 32)
	sig, cert, err := signStored(t, p.legacy.SHA256(), digest, cryptoSHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyPKCS1(cert, digest, sig); err != nil {
		t.Fatalf("stored key's signature does not verify: %v", err)
	}
	_, schemes, release, err := s.Signer(p.legacy.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	release()
	facts, err := s.KeyFacts(context.Background(), p.legacy.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	capped := store.CapTLSVersion(schemes)
	addr, roots := mtlsServer(t, p.ca.Cert)
	if facts.Legacy {
		if capped != tls.VersionTLS12 || !slices.Contains(notes, store.NoteCAPIFallback) {
			t.Fatalf("CryptoAPI key (%s): cap %#x, import notes %v; want TLS 1.2 and %q", facts.Provider, capped, notes, store.NoteCAPIFallback)
		}
		if _, _, err := getWithStoredKey(t, p.legacy.SHA256(), addr, roots, 0); err == nil {
			t.Fatal("a CryptoAPI key authenticated with TLS 1.3: the cap would be pointless")
		}
	} else if capped != 0 || len(notes) != 0 {
		t.Fatalf("CNG key (%s): cap %#x, notes %v; want no cap and no notes", facts.Provider, capped, notes)
	}
	body, version, err := getWithStoredKey(t, p.legacy.SHA256(), addr, roots, capped)
	if err != nil {
		t.Fatal(err)
	}
	want := uint16(tls.VersionTLS13)
	if facts.Legacy {
		want = tls.VersionTLS12
	}
	if body != cert.Subject.CommonName || version != want {
		t.Fatalf("server answered %q over %#x, want %q over %#x", body, version, cert.Subject.CommonName, want)
	}
}

// TestCNGAndPSS needs real Windows: the CNG key storage provider and
// RSA-PSS signatures (TLS 1.3 client auth). The GitHub Actions windows
// runner runs it; Wine skips it.
func TestCNGAndPSS(t *testing.T) {
	if underWine() {
		t.Skip("Wine has no CNG key storage provider (real Windows runner only)")
	}
	p := newPKI(t)
	s := imported(t, p.aes)
	k, err := s.KeyInfo(p.aes.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	if !k.Present || !k.CNG {
		t.Fatalf("key stored with %q, want a CNG key storage provider", k.Provider)
	}
	if notes := s.ImportNotes(); len(notes) != 0 {
		t.Errorf("import notes %v for a CNG key", notes)
	}
	digest := sha256.Sum256([]byte("rootip-cert"))
	sig, cert, err := signStored(t, p.aes.SHA256(), digest[:], pssOpts)
	if err != nil {
		t.Fatalf("RSA-PSS with %s: %v", cert.Subject.CommonName, err)
	}
	if err := rsa.VerifyPSS(cert.PublicKey.(*rsa.PublicKey), cryptoSHA256, digest[:], sig, pssOpts); err != nil {
		t.Fatalf("RSA-PSS signature does not verify: %v", err)
	}
	addr, roots := mtlsServer(t, p.ca.Cert)
	if _, v, err := getWithStoredKey(t, p.aes.SHA256(), addr, roots, 0); err != nil || v != tls.VersionTLS13 {
		t.Fatalf("TLS 1.3 mutual TLS with the CNG key: version %#x, %v", v, err)
	}
	key := leafKey(t, p.aes.SHA256())
	if err := s.Delete(context.Background(), p.aes.SHA256()); err != nil {
		t.Fatal(err)
	}
	if keyExists(key) {
		t.Errorf("delete left the CNG key %q", key.Container)
	}
}

// TestECIdentities: P-256 and P-384 client certificates go to CNG and
// authenticate with TLS 1.3. Wine 8 cannot import EC keys: there the
// failed import must leave nothing, then the test skips.
func TestECIdentities(t *testing.T) {
	for _, kt := range []pki.KeyType{pki.P256, pki.P384} {
		t.Run(string(kt), func(t *testing.T) {
			ca, _ := pki.NewRootCA("rootip-cloud.net")
			id := identityOf(t, ca, "ec.rootip-cloud.net", kt, pki.Modern)
			s := New()
			t.Cleanup(func() { s.Delete(context.Background(), id.SHA256()) })
			if err := s.Import(context.Background(), id); err != nil {
				if n, _ := count(t, id.SHA256()); n != 0 {
					t.Fatalf("a failed EC import left %d entries", n)
				}
				if found, _ := inStore(t, Personal, ca.Cert); found {
					removeCert(t, Personal, ca.Cert)
					t.Fatal("a failed EC import left its CA certificate")
				}
				if underWine() {
					t.Skipf("Wine 8 cannot import EC keys (%v); the Windows runner runs this", err)
				}
				t.Fatal(err)
			}
			k, err := s.KeyInfo(id.SHA256())
			if err != nil || !k.CNG || len(s.ImportNotes()) != 0 {
				t.Fatalf("EC key: %+v, %v, notes %v; want CNG", k, err, s.ImportNotes())
			}
			h := sha512.Sum384([]byte("rootip-cert"))
			sig, cert, err := signStored(t, id.SHA256(), h[:], cryptoSHA384)
			if err != nil || !ecdsa.VerifyASN1(cert.PublicKey.(*ecdsa.PublicKey), h[:], sig) {
				t.Fatalf("ECDSA signature with the stored key: %v", err)
			}
			addr, roots := mtlsServer(t, ca.Cert)
			if _, v, err := getWithStoredKey(t, id.SHA256(), addr, roots, 0); err != nil || v != tls.VersionTLS13 {
				t.Fatalf("TLS 1.3 mutual TLS with the EC key: version %#x, %v", v, err)
			}
		})
	}
}

// Wine timings for BENCHMARKS.md (scripts/bench-wine.sh): not Windows figures.
func BenchmarkImport(b *testing.B) {
	id := newPKI(b).legacy
	ctx := context.Background()
	b.Cleanup(func() { New().Delete(ctx, id.SHA256()) })
	for b.Loop() {
		if err := New().Import(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList(b *testing.B) {
	p := newPKI(b)
	ctx := context.Background()
	imported(b, p.legacy)
	for b.Loop() {
		if _, err := New().List(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func TestStoreReportsMisplaced(t *testing.T) {
	leaf := newPKI(t).plantedLeaf(t, StoreName{Name: "CA"}, "other-store.rootip-cloud.net")
	wrong, _ := New().Misplaced(context.Background(), []string{"rootip-cloud.net"})
	for _, e := range wrong {
		if e.Cert.Equal(leaf) && e.Location == `CurrentUser\CA` {
			return
		}
	}
	t.Fatalf("a client certificate in 中間証明機関 (CA) was not reported: %d entries", len(wrong))
}
