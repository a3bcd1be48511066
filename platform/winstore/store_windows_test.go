package winstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

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
	p := &winPKI{ca: ca}
	for i, enc := range []pki.Encoding{pki.LegacyRC2, pki.Modern} {
		// Wine keeps RSA keys in CryptoAPI (EC and CNG need real Windows).
		l, err := ca.NewLeaf(pki.LeafOptions{CommonName: fmt.Sprintf("acme%d.rootip-cloud.net", i), KeyType: pki.RSA2048})
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
		if i == 0 {
			p.legacy = id
		} else {
			p.aes = id
		}
		if _, err := certfile.Decode(data, "wrong"); certfile.CodeOf(err) != certfile.WrongPassword {
			t.Fatalf("wrong password not refused before the store: %v", err)
		}
	}
	return p
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
	s := New()
	ctx := context.Background()
	for _, id := range []*certfile.Identity{p.legacy, p.aes} {
		if err := s.Import(ctx, id); err != nil {
			t.Fatalf("import: %v", err)
		}
		if err := s.Import(ctx, id); err != nil { // twice: one entry
			t.Fatalf("second import: %v", err)
		}
		if n, key := count(t, id.SHA256()); n != 1 || !key {
			t.Fatalf("%s: %d entries, key %v; want one with its key", id.Leaf.Subject.CommonName, n, key)
		}
	}
	// The file's CA certificate went to 個人 too, as the manual's wizard does.
	my, _ := openStore(Personal, true)
	found := false
	eachCert(my, func(_ *windows.CertContext, c *x509.Certificate) { found = found || c.Equal(p.ca.Cert) })
	windows.CertCloseStore(my, 0)
	if !found {
		t.Error("the chain was not placed in the Personal store")
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
	if err := s.Delete(ctx, p.aes.SHA256()); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(t, p.aes.SHA256()); n != 0 {
		t.Fatal("delete left the certificate")
	}
	if err := s.Delete(ctx, p.aes.SHA256()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete = %v", err)
	}
	if n, _ := count(t, p.legacy.SHA256()); n != 1 {
		t.Fatal("delete removed the other certificate")
	}
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
	p := newPKI(t)
	leaf, err := p.ca.NewLeaf(pki.LeafOptions{CommonName: "misplaced.rootip-cloud.net", KeyType: pki.RSA2048})
	if err != nil {
		t.Fatal(err)
	}
	book := StoreName{Name: "ADDRESSBOOK"}
	h, err := openStore(book, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := windows.CertCreateCertificateContext(encodingX509PKCS7, &leaf.Cert.Raw[0], uint32(len(leaf.Cert.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	if err := windows.CertAddCertificateContextToStore(h, ctx, windows.CERT_STORE_ADD_REPLACE_EXISTING, nil); err != nil {
		t.Fatal(err)
	}
	windows.CertFreeCertificateContext(ctx)
	windows.CertCloseStore(h, 0)
	inv, err := Inventory(context.Background(), []string{"rootip-cloud.net"})
	if err != nil && len(inv) == 0 {
		t.Fatal(err)
	}
	found := false
	for _, e := range inv {
		if e.Cert.Equal(leaf.Cert) {
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

// TestMutualTLSWithStoredKey: a TLS 1.2 request from this process to a
// server on 127.0.0.1 that requires the client certificate, signed by the
// key in the Personal store (CryptoAPI, PKCS#1 v1.5).
func TestMutualTLSWithStoredKey(t *testing.T) {
	p := newPKI(t)
	if err := New().Import(context.Background(), p.legacy); err != nil {
		t.Fatal(err)
	}
	signer, cert, release, err := Signer(p.legacy.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// The signature itself verifies with the certificate.
	digest := make([]byte, 32)
	sig, err := signer.Sign(nil, digest, cryptoSHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyPKCS1(cert, digest, sig); err != nil {
		t.Fatalf("stored key's signature does not verify: %v", err)
	}
	serverCA, _ := pki.NewRootCA("server CA")
	srvLeaf, _ := serverCA.NewServer(time.Time{}, "127.0.0.1")
	pool := x509.NewCertPool()
	pool.AddCert(p.ca.Cert)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{srvLeaf.Cert.Raw}, PrivateKey: srvLeaf.Key}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: pool,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.TLS.PeerCertificates[0].Subject.CommonName)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(serverCA.Cert)
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: roots, MaxVersion: tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{cert.Raw}, PrivateKey: signer, Leaf: cert, SupportedSignatureAlgorithms: Schemes}},
	}}}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	resp, err := client.Get("https://127.0.0.1:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != cert.Subject.CommonName {
		t.Fatalf("server answered %q", body)
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
	if err := New().Import(context.Background(), p.aes); err != nil {
		t.Fatal(err)
	}
	inv, _ := Inventory(context.Background(), []string{"rootip-cloud.net"})
	for _, e := range inv {
		if e.Cert.Equal(p.aes.Leaf) && !e.Key.CNG {
			t.Fatalf("key stored with %q, want a CNG key storage provider", e.Key.Provider)
		}
	}
	signer, cert, release, err := Signer(p.aes.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	digest := make([]byte, 32)
	if _, err := signer.Sign(nil, digest, pssOpts); err != nil {
		t.Fatalf("RSA-PSS with %s: %v", cert.Subject.CommonName, err)
	}
	_ = New().Delete(context.Background(), p.aes.SHA256())
}

// Wine timings for BENCHMARKS.md (scripts/bench-wine.sh): not Windows figures.
func BenchmarkImport(b *testing.B) {
	id := newPKI(b).legacy
	ctx := context.Background()
	for b.Loop() {
		if err := New().Import(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkList(b *testing.B) {
	p := newPKI(b)
	ctx := context.Background()
	if err := New().Import(ctx, p.legacy); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := New().List(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAutoSelectPolicy(t *testing.T) {
	u := mustURL("https://acme.rootip-cloud.net/")
	rule, err := AutoSelectRule(u, "rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // twice: one value
		if _, err := SetAutoSelect(rule); err != nil {
			t.Fatal(err)
		}
	}
	for browser, path := range PolicyKeys {
		k, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE)
		if err != nil {
			t.Fatalf("%s: %v", browser, err)
		}
		names, _ := k.ReadValueNames(-1)
		found := 0
		for _, n := range names {
			if v, _, _ := k.GetStringValue(n); v == rule {
				found++
			}
		}
		k.Close()
		if found != 1 {
			t.Errorf("%s: the rule is there %d times, want once", browser, found)
		}
	}
}

func TestStoreReportsMisplaced(t *testing.T) {
	p := newPKI(t)
	leaf, err := p.ca.NewLeaf(pki.LeafOptions{CommonName: "other-store.rootip-cloud.net", KeyType: pki.RSA2048})
	if err != nil {
		t.Fatal(err)
	}
	h, err := openStore(StoreName{Name: "CA"}, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := windows.CertCreateCertificateContext(encodingX509PKCS7, &leaf.Cert.Raw[0], uint32(len(leaf.Cert.Raw)))
	if err != nil {
		t.Fatal(err)
	}
	_ = windows.CertAddCertificateContextToStore(h, ctx, windows.CERT_STORE_ADD_REPLACE_EXISTING, nil)
	windows.CertFreeCertificateContext(ctx)
	windows.CertCloseStore(h, 0)
	wrong, _ := New().Misplaced(context.Background(), []string{"rootip-cloud.net"})
	for _, e := range wrong {
		if e.Cert.Equal(leaf.Cert) && e.Location == `CurrentUser\CA` {
			return
		}
	}
	t.Fatalf("a client certificate in 中間証明機関 (CA) was not reported: %d entries", len(wrong))
}
