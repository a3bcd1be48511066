// Package pkitest is the one test PKI every test shares: a vendor CA, a
// server CA, another customer's CA, and client identities with fixed dates
// around the yearly renewal (the old certificate ends on January 10, its
// successor a year later), so that tests pin the clock instead of racing
// it. Generated once per test binary; nothing is ever committed.
package pkitest

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/shared"
)

// JST is Japan's time zone (the vendor's calendar).
var JST = time.FixedZone("JST", 9*3600)

// Fixed moments: Now is inside the renewal window (December), Summer
// outside it.
var (
	Now    = time.Date(2026, 12, 5, 10, 0, 0, 0, JST)
	Summer = time.Date(2026, 6, 1, 10, 0, 0, 0, JST)
)

// Host is the customer's system address host; OtherHost another
// environment's.
const (
	Host      = "acme.rootip-cloud.net"
	OtherHost = "beta.rootip-enterprise.net"
	Password  = "rootip"
)

// Set is the shared PKI.
type Set struct {
	VendorCA, ServerCA, OtherCA *pki.CA
	// Current ends on 2027-01-10 (renewed in the window); Successor runs
	// 2027-01-05 to 2028-01-10 with its own key; Expired ended 2026-01-10;
	// OtherEnv is another environment's valid certificate; Foreign is
	// issued by another customer's CA for Host.
	Current, Successor, Expired, OtherEnv, Foreign *certfile.Identity
	// Live is valid around the real clock (from yesterday for a year): real
	// TLS peers judge certificates by the machine's time.
	Live *certfile.Identity

	// RenewedCA is the vendor's CA of the next year (the server of the new
	// season accepts only it); FixedServerCA and FixedServer a server
	// identity for Host. All three are valid 2020–2040, so that a TLS peer
	// whose clock is pinned to Now accepts them whatever the real date.
	RenewedCA, FixedServerCA *pki.CA
	FixedServer              *pki.Leaf
	// Renewed is the successor issued by RenewedCA (2026-12-01 to
	// 2028-01-10, its own key).
	Renewed *certfile.Identity
}

var sharedSet = shared.Fixture(newSet)

// Get returns the shared PKI (made on first use).
func Get(t testing.TB) *Set {
	t.Helper()
	return sharedSet(t)
}

func newSet() (*Set, error) {
	s := &Set{}
	var err error
	if s.VendorCA, err = pki.NewRootCA("rootip-cloud.net"); err != nil {
		return nil, err
	}
	if s.ServerCA, err = pki.NewRootCA("test server CA"); err != nil {
		return nil, err
	}
	if s.OtherCA, err = pki.NewRootCA("other-customer CA"); err != nil {
		return nil, err
	}
	mk := func(ca *pki.CA, cn string, from, to time.Time) *certfile.Identity {
		if err != nil {
			return nil
		}
		var l *pki.Leaf
		l, err = ca.NewLeaf(pki.LeafOptions{CommonName: cn, Organization: []string{"アクメ株式会社"}, KeyType: pki.P256, NotBefore: from, NotAfter: to})
		if err != nil {
			return nil
		}
		return &certfile.Identity{Leaf: l.Cert, Chain: l.Chain, Key: l.Key}
	}
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 9, 0, 0, 0, JST) }
	s.Current = mk(s.VendorCA, Host, d(2026, 1, 10), d(2027, 1, 10))
	s.Successor = mk(s.VendorCA, Host, d(2026, 12, 1), d(2028, 1, 10))
	s.Expired = mk(s.VendorCA, Host, d(2025, 1, 10), d(2026, 1, 10))
	s.OtherEnv = mk(s.VendorCA, OtherHost, d(2026, 1, 10), d(2027, 6, 1))
	s.Foreign = mk(s.OtherCA, Host, d(2026, 1, 10), d(2027, 6, 1))
	s.Live = mk(s.VendorCA, Host, time.Now().Add(-24*time.Hour), time.Now().AddDate(1, 0, 0))
	if err != nil {
		return nil, err
	}
	from, to := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	if s.RenewedCA, err = pki.NewRootCABetween("rootip-cloud.net 2027", from, to); err != nil {
		return nil, err
	}
	if s.FixedServerCA, err = pki.NewRootCABetween("test server CA (fixed dates)", from, to); err != nil {
		return nil, err
	}
	if s.FixedServer, err = s.FixedServerCA.NewServerBetween(from, to, Host, "127.0.0.1"); err != nil {
		return nil, err
	}
	s.Renewed = mk(s.RenewedCA, Host, d(2026, 12, 1), d(2028, 1, 10))
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Issue makes a throwaway root CA named caCN and one client certificate
// from it (opts as pki.CA.NewLeaf takes them), for a test that needs a
// certificate, a key type or an issuer of its own instead of the shared Set.
func Issue(t testing.TB, caCN string, opts pki.LeafOptions) (*pki.CA, *pki.Leaf) {
	t.Helper()
	ca, err := pki.NewRootCA(caCN)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.NewLeaf(opts)
	if err != nil {
		t.Fatal(err)
	}
	return ca, leaf
}

// Identity is leaf as a .p12 reader returns it.
func Identity(leaf *pki.Leaf) *certfile.Identity {
	return &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key}
}

// Profile is the embedded vendor profile.
func Profile(t testing.TB) *profile.Profile {
	t.Helper()
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Entry is the identity's certificate as a store entry at location.
func Entry(id *certfile.Identity, kind, location string, hasKey bool) store.Entry {
	return store.Entry{Store: kind, Location: location, Cert: id.Leaf, HasKey: hasKey}
}

// P12 writes the identity as a .p12 file (AES, chain included) in dir.
func P12(t testing.TB, dir, name string, id *certfile.Identity, password string) string {
	t.Helper()
	l := &pki.Leaf{Cert: id.Leaf, Key: id.Key, Chain: id.Chain}
	data, err := l.P12(pki.Modern, password, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Pool is a certificate pool of cas.
func Pool(cas ...*x509.Certificate) *x509.CertPool {
	p := x509.NewCertPool()
	for _, c := range cas {
		p.AddCert(c)
	}
	return p
}
