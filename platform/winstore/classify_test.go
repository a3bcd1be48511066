package winstore

import (
	"crypto/x509"
	"slices"
	"sort"
	"testing"

	"rootip-cert/internal/pki"
)

func TestMisplaced(t *testing.T) {
	domains := []string{"rootip-cloud.net"}
	client := &x509.Certificate{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	client.Subject.CommonName = "acme.rootip-cloud.net"
	ca := &x509.Certificate{IsCA: true}
	ca.Subject.CommonName = "rootip-cloud.net"
	for _, tc := range []struct {
		c    *x509.Certificate
		s    StoreName
		want bool
	}{
		{client, Personal, false},
		{client, StoreName{Name: "ADDRESSBOOK"}, true},
		{client, StoreName{Name: "CA"}, true},
		{client, StoreName{Machine: true, Name: "MY"}, true},
		{ca, StoreName{Name: "CA"}, false},
	} {
		if got := Misplaced(tc.c, tc.s, domains); got != tc.want {
			t.Errorf("Misplaced(%s in %s) = %v", tc.c.Subject.CommonName, tc.s.Location(), got)
		}
	}
	if !IsCNGProvider(0, "Microsoft Software Key Storage Provider") || IsCNGProvider(24, "Microsoft Enhanced RSA and AES Cryptographic Provider") {
		t.Error("IsCNGProvider")
	}
}

func TestKeyRefSame(t *testing.T) {
	capi := keyRef{Container: "{6F1B…}", Provider: "Microsoft Enhanced Cryptographic Provider v1.0", ProvType: 1}
	for _, tc := range []struct {
		a, b keyRef
		want bool
	}{
		{capi, keyRef{Container: "{6f1b…}", Provider: "Microsoft Enhanced RSA and AES Cryptographic Provider", ProvType: 24}, true},
		{capi, keyRef{Container: "{6F1B…}", Flags: machineKeyset}, false},
		{capi, keyRef{Container: "other"}, false},
		{keyRef{}, keyRef{}, false}, // no container names no key
	} {
		if got := tc.a.same(tc.b); got != tc.want {
			t.Errorf("%+v same %+v = %v", tc.a, tc.b, got)
		}
	}
	if !capi.referenced([]keyRef{{Container: "x"}, {Container: "{6F1B…}"}}) || capi.referenced(nil) {
		t.Error("referenced")
	}
	if capi.CNG() || !(keyRef{Provider: "Microsoft Software Key Storage Provider"}).CNG() {
		t.Error("CNG")
	}
}

// TestOrphanedCAs: Delete removes a CA certificate Import added only when
// no remaining certificate chains through it.
func TestOrphanedCAs(t *testing.T) {
	root, _ := pki.NewRootCA("rootip-cloud.net")
	inter, _ := root.NewIntermediate("rootip-cloud.net client CA")
	other, _ := pki.NewRootCA("user's own CA")
	leaf := func(ca *pki.CA, cn string) *x509.Certificate {
		l, err := ca.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: pki.P256})
		if err != nil {
			t.Fatal(err)
		}
		return l.Cert
	}
	a, b, c := leaf(inter, "a.rootip-cloud.net"), leaf(inter, "b.rootip-cloud.net"), leaf(other, "c.example")
	names := func(cs []*x509.Certificate) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Subject.CommonName)
		}
		sort.Strings(out)
		return out
	}
	both := []*x509.Certificate{root.Cert, inter.Cert}
	for _, tc := range []struct {
		name               string
		removed, remaining []*x509.Certificate
		candidates         []*x509.Certificate
		want               []string
	}{
		{"last leaf of the chain", []*x509.Certificate{a}, []*x509.Certificate{root.Cert, inter.Cert, c, other.Cert}, both,
			[]string{"rootip-cloud.net", "rootip-cloud.net client CA"}},
		{"another leaf still uses it", []*x509.Certificate{a}, []*x509.Certificate{root.Cert, inter.Cert, b}, both, nil},
		{"the user had the root", []*x509.Certificate{a}, []*x509.Certificate{root.Cert, inter.Cert}, []*x509.Certificate{inter.Cert},
			[]string{"rootip-cloud.net client CA"}},
		{"nothing added", []*x509.Certificate{a}, []*x509.Certificate{root.Cert, inter.Cert}, nil, nil},
		{"unrelated chain", []*x509.Certificate{c}, []*x509.Certificate{root.Cert, inter.Cert, other.Cert}, both, nil},
	} {
		got := names(orphanedCAs(tc.removed, tc.remaining, tc.candidates))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: orphaned = %v, want %v", tc.name, got, tc.want)
		}
	}
}
