package winstore

import (
	"crypto/x509"
	"testing"
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
