package store_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/loopback"
)

func TestCapTLSVersion(t *testing.T) {
	pkcs1 := []tls.SignatureScheme{tls.PKCS1WithSHA256, tls.PKCS1WithSHA384, tls.PKCS1WithSHA512, tls.PKCS1WithSHA1}
	for _, tc := range []struct {
		schemes []tls.SignatureScheme
		want    uint16
	}{
		{nil, 0},
		{pkcs1, tls.VersionTLS12},
		{[]tls.SignatureScheme{tls.PKCS1WithSHA256, tls.PSSWithSHA256}, 0},
		{[]tls.SignatureScheme{tls.ECDSAWithP384AndSHA384}, 0},
		{[]tls.SignatureScheme{tls.ECDSAWithSHA1}, tls.VersionTLS12},
		{[]tls.SignatureScheme{tls.Ed25519}, 0},
	} {
		if got := store.CapTLSVersion(tc.schemes); got != tc.want {
			t.Errorf("store.CapTLSVersion(%v) = %#x, want %#x", tc.schemes, got, tc.want)
		}
	}
}

// pkcs1Only signs like a Windows CryptoAPI key: PKCS#1 v1.5, never PSS.
type pkcs1Only struct{ k *rsa.PrivateKey }

func (s pkcs1Only) Public() crypto.PublicKey { return s.k.Public() }
func (s pkcs1Only) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if _, pss := opts.(*rsa.PSSOptions); pss {
		return nil, errors.New("this key cannot sign RSA-PSS")
	}
	return rsa.SignPKCS1v15(r, s.k, opts.HashFunc(), digest)
}

// TestCapTLSVersionAgainstTLS13Server: a TLS 1.3 server that requires a
// client certificate refuses a PKCS#1-only signer unless the client caps
// at the version store.CapTLSVersion returns.
func TestCapTLSVersionAgainstTLS13Server(t *testing.T) {
	ca, leaf := pkitest.Issue(t, "rootip-cloud.net", pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.RSA2048})
	srv, err := ca.NewServer(time.Time{}, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	cfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{srv.Cert.Raw}, PrivateKey: srv.Key}},
		ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: pool,
	}
	addr := loopback.Serve(t, func(raw net.Conn) {
		c := tls.Server(raw, cfg)
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if c.Handshake() == nil {
			c.Write([]byte("ok"))
		}
	})
	schemes := []tls.SignatureScheme{tls.PKCS1WithSHA256, tls.PKCS1WithSHA384, tls.PKCS1WithSHA512}
	dial := func(maxVersion uint16) (uint16, error) {
		cfg := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MaxVersion: maxVersion,
			Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Cert.Raw}, PrivateKey: pkcs1Only{leaf.Key.(*rsa.PrivateKey)},
				Leaf: leaf.Cert, SupportedSignatureAlgorithms: schemes}}}
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 10 * time.Second}, "tcp", addr, cfg)
		if err != nil {
			return 0, err
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 2)
		// TLS 1.3 client auth fails after the client's handshake: the server's alert arrives on read.
		if _, err := io.ReadFull(c, buf); err != nil {
			return 0, err
		}
		return c.ConnectionState().Version, nil
	}
	// Uncapped, Go's client finds no TLS 1.3 scheme for the key and sends no
	// certificate ("certificate required"), as with a CryptoAPI key.
	if _, err := dial(0); err == nil {
		t.Fatal("a PKCS#1-only signer authenticated with TLS 1.3: the cap would be pointless")
	}
	v, err := dial(store.CapTLSVersion(schemes))
	if err != nil || v != tls.VersionTLS12 {
		t.Fatalf("capped at store.CapTLSVersion: version %#x, %v", v, err)
	}
}
