package nss

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"slices"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/store"
)

// localServer is a throwaway server CA named caCN and, issued by it, the
// TLS certificate of a server on 127.0.0.1 (and localhost).
func localServer(t *testing.T, caCN string) (*x509.Certificate, tls.Certificate) {
	t.Helper()
	ca, err := pki.NewRootCA(caCN)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.NewServer(time.Time{}, "127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	return ca.Cert, tls.Certificate{Certificate: [][]byte{leaf.Cert.Raw}, PrivateKey: leaf.Key}
}

// handshake runs a TLS handshake against a Go server that requires a
// client certificate from ca, and returns the certificate it verified.
func handshake(t *testing.T, ca *x509.Certificate, version uint16, client tls.Certificate) (*x509.Certificate, error) {
	t.Helper()
	serverCA, server := localServer(t, "signer test server CA")
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(ca)
	roots := x509.NewCertPool()
	roots.AddCert(serverCA)
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	got := make(chan *x509.Certificate, 1)
	srvErr := make(chan error, 1)
	go func() {
		srv := tls.Server(b, &tls.Config{
			Certificates: []tls.Certificate{server},
			ClientAuth:   tls.RequireAndVerifyClientCert, ClientCAs: clientCAs,
			MinVersion: version, MaxVersion: version,
		})
		err := srv.Handshake()
		if err == nil {
			got <- srv.ConnectionState().PeerCertificates[0]
		}
		srvErr <- err
		srv.Close()
	}()
	c := tls.Client(a, &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: version, MaxVersion: version,
		Certificates: []tls.Certificate{client}})
	a.SetDeadline(time.Now().Add(20 * time.Second))
	cerr := c.Handshake()
	if cerr == nil {
		// TLS 1.3: the server checks the client certificate after the
		// client's handshake finished; wait for its verdict.
		if err := <-srvErr; err != nil {
			return nil, err
		}
		return <-got, nil
	}
	return nil, cerr
}

// The NSS signer (issue 15 item 5): identities imported with Import sign a
// real TLS handshake, 1.2 and 1.3, RSA (PSS and PKCS#1 v1.5) and P-256,
// with the key left in NSS; the signatures verify independently.
func TestSignerDoesMutualTLS(t *testing.T) {
	needNSS(t)
	noShutdownLeaks(t)
	root, err := pki.NewRootCA("rootip-cloud.net signer")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := New(dir, "t")
	ctx := context.Background()
	for _, kt := range []pki.KeyType{pki.RSA2048, pki.P256} {
		leaf, err := root.NewLeaf(pki.LeafOptions{CommonName: string(kt) + ".signer.test", KeyType: kt})
		if err != nil {
			t.Fatal(err)
		}
		id := &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key}
		if err := s.Import(ctx, id); err != nil {
			t.Fatal(err)
		}
		t.Run(string(kt), func(t *testing.T) {
			signer, schemes, release, err := s.Signer(id.SHA256())
			if err != nil {
				t.Fatal(err)
			}
			defer release()
			if _, isGo := signer.(*rsa.PrivateKey); isGo {
				t.Fatal("the signer is a Go key: the key left NSS")
			}
			if _, isGo := signer.(*ecdsa.PrivateKey); isGo {
				t.Fatal("the signer is a Go key: the key left NSS")
			}
			verifyDirectly(t, signer, id.Leaf.PublicKey)
			if kt == pki.RSA2048 && !slices.Contains(schemes, tls.PSSWithSHA256) {
				t.Fatalf("this NSS does RSA-PSS, schemes lack it: %v", schemes)
			}
			cases := []struct {
				name    string
				version uint16
				schemes []tls.SignatureScheme
			}{
				{"TLS 1.3", tls.VersionTLS13, schemes},
				{"TLS 1.2", tls.VersionTLS12, schemes},
			}
			if kt == pki.RSA2048 {
				cases = append(cases, struct {
					name    string
					version uint16
					schemes []tls.SignatureScheme
				}{"TLS 1.2 PKCS#1 v1.5", tls.VersionTLS12, []tls.SignatureScheme{tls.PKCS1WithSHA256}})
			}
			for _, c := range cases {
				cert := tls.Certificate{Certificate: [][]byte{id.Leaf.Raw}, PrivateKey: signer, Leaf: id.Leaf, SupportedSignatureAlgorithms: c.schemes}
				peer, err := handshake(t, root.Cert, c.version, cert)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				if !peer.Equal(id.Leaf) {
					t.Fatalf("%s: the server saw %s", c.name, peer.Subject)
				}
			}
		})
	}
	// Released: no more signatures, and the store works again.
	signer, _, release, err := s.Signer(certfile.Fingerprint256(mustList(t, s)[0].Cert))
	if err != nil {
		t.Fatal(err)
	}
	release()
	release() // twice is harmless
	sum := sha256.Sum256([]byte("x"))
	if _, err := signer.Sign(rand.Reader, sum[:], crypto.SHA256); !errors.Is(err, ErrSignerReleased) {
		t.Fatalf("Sign after release = %v", err)
	}
	if _, _, _, err := s.Signer("00"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Signer of an unknown certificate = %v", err)
	}
	// A certificate without key has no signer.
	other, err := root.NewLeaf(pki.LeafOptions{CommonName: "nokey.signer.test", KeyType: pki.P256})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, &certfile.Identity{Leaf: other.Cert, Chain: other.Chain, Key: other.Key}); err != nil {
		t.Fatal(err)
	}
	sess, err := openSession(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	err = sess.deleteKey(keyIDOf(other.Cert.PublicKey))
	sess.close()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.Signer(certfile.Fingerprint256(other.Cert)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Signer of a certificate without key = %v", err)
	}
}

// imported is a fresh database in a temporary folder holding ids (one
// Import each, in order), and its store.
func imported(t *testing.T, ids ...*certfile.Identity) (string, *Store) {
	t.Helper()
	dir := t.TempDir()
	s := New(dir, "t")
	for _, id := range ids {
		if err := s.Import(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	return dir, s
}

func mustList(t *testing.T, s *Store) []store.Entry {
	t.Helper()
	e, err := s.List(context.Background())
	if err != nil || len(e) == 0 {
		t.Fatalf("List = %v, %v", e, err)
	}
	return e
}

// verifyDirectly checks signatures made in NSS with Go's verifiers.
func verifyDirectly(t *testing.T, signer crypto.Signer, pub crypto.PublicKey) {
	t.Helper()
	msg := []byte("rootip-cert NSS signer")
	d256 := sha256.Sum256(msg)
	d384 := sha512.Sum384(msg)
	switch k := pub.(type) {
	case *rsa.PublicKey:
		sig, err := signer.Sign(rand.Reader, d256[:], crypto.SHA256)
		if err != nil || rsa.VerifyPKCS1v15(k, crypto.SHA256, d256[:], sig) != nil {
			t.Fatalf("PKCS#1 v1.5 SHA-256: %v", err)
		}
		sig, err = signer.Sign(rand.Reader, d384[:], crypto.SHA384)
		if err != nil || rsa.VerifyPKCS1v15(k, crypto.SHA384, d384[:], sig) != nil {
			t.Fatalf("PKCS#1 v1.5 SHA-384: %v", err)
		}
		pss := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
		sig, err = signer.Sign(rand.Reader, d256[:], pss)
		if err != nil || rsa.VerifyPSS(k, crypto.SHA256, d256[:], sig, pss) != nil {
			t.Fatalf("PSS SHA-256: %v", err)
		}
		if _, err := signer.Sign(rand.Reader, d256[:5], crypto.SHA256); err == nil {
			t.Fatal("a short digest was signed")
		}
	case *ecdsa.PublicKey:
		sig, err := signer.Sign(rand.Reader, d256[:], crypto.SHA256)
		if err != nil || !ecdsa.VerifyASN1(k, d256[:], sig) {
			t.Fatalf("ECDSA: %v", err)
		}
	}
	if !signerPublicMatches(signer.Public(), pub) {
		t.Fatal("Public() is not the certificate's key")
	}
}

func signerPublicMatches(a, b crypto.PublicKey) bool {
	type eq interface{ Equal(crypto.PublicKey) bool }
	e, ok := a.(eq)
	return ok && e.Equal(b)
}

// Without RSA-PSS the schemes leave it out (a caller then caps TLS at 1.2).
func TestSignatureSchemesWithoutPSS(t *testing.T) {
	k, err := pki.NewKey(pki.RSA2048)
	if err != nil {
		t.Fatal(err)
	}
	with := signatureSchemes(k.Public(), true)
	without := signatureSchemes(k.Public(), false)
	for _, sc := range without {
		switch sc {
		case tls.PSSWithSHA256, tls.PSSWithSHA384, tls.PSSWithSHA512:
			t.Fatalf("PSS offered without PSS: %v", without)
		}
	}
	if !slices.Contains(with, tls.PSSWithSHA256) || !slices.Contains(without, tls.PKCS1WithSHA256) {
		t.Fatalf("with %v, without %v", with, without)
	}
	ec, _ := pki.NewKey(pki.P384)
	if s := signatureSchemes(ec.Public(), false); s[0] != tls.ECDSAWithP384AndSHA384 {
		t.Fatalf("P-384 schemes %v", s)
	}
}
