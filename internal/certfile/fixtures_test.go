package certfile

import (
	"crypto/x509"
	"testing"
	"time"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/testsupport/shared"
)

// fixture is one test PKI shared by the package's tests: keys are slow to
// make, so each key type is generated once.
type fixture struct {
	root, inter *pki.CA
	leaves      map[pki.KeyType]*pki.Leaf
	expired     *pki.Leaf
	future      *pki.Leaf
	serverOnly  *pki.Leaf
	japanese    *pki.Leaf
}

// testPKI returns the package's test PKI (made on first use).
var testPKI = shared.Fixture(buildFixture)

func buildFixture() (*fixture, error) {
	f := &fixture{}
	var err error
	if f.root, err = pki.NewRootCA("rootip-cloud.net テスト認証局"); err != nil {
		return nil, err
	}
	if f.inter, err = f.root.NewIntermediate("rootip-cloud.net"); err != nil {
		return nil, err
	}
	f.leaves = map[pki.KeyType]*pki.Leaf{}
	for _, kt := range []pki.KeyType{pki.RSA2048, pki.RSA4096, pki.P256, pki.P384} {
		if f.leaves[kt], err = f.inter.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: kt}); err != nil {
			return nil, err
		}
	}
	key := f.leaves[pki.P256].Key
	now := time.Now()
	if f.expired, err = f.inter.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", Key: key,
		NotBefore: now.AddDate(-1, -1, 0), NotAfter: now.AddDate(0, -1, 0)}); err != nil {
		return nil, err
	}
	if f.future, err = f.inter.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", Key: key,
		NotBefore: now.AddDate(0, 1, 0), NotAfter: now.AddDate(1, 1, 0)}); err != nil {
		return nil, err
	}
	if f.serverOnly, err = f.inter.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", Key: key,
		NoClientAuth: true, NoDigitalSignature: true}); err != nil {
		return nil, err
	}
	f.japanese, err = f.inter.NewLeaf(pki.LeafOptions{CommonName: "ルートアイピー.rootip-cloud.net", Key: key,
		Organization: []string{"株式会社テスト商事"}})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func mustP12(t testing.TB, l *pki.Leaf, enc pki.Encoding, password string, chain bool) []byte {
	t.Helper()
	data, err := l.P12(enc, password, chain, 0)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// decoded is l's identity as Decode reads it back from a modern file, with
// its chain, under password.
func decoded(t testing.TB, l *pki.Leaf, password string) *Identity {
	t.Helper()
	id, err := Decode(mustP12(t, l, pki.Modern, password, true), password)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func certsOnly(t testing.TB, certs ...*x509.Certificate) []byte {
	t.Helper()
	data, err := pki.CertsOnlyP12(certs, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
