package winstore

import (
	"crypto/x509"
	"testing"
)

func TestWindowsVersion(t *testing.T) {
	for _, tc := range []struct {
		product, display, release, build string
		ubr                              uint64
		name, version, full              string
	}{
		{"Windows 10 Pro", "22H2", "2009", "19045", 3693, "Windows 10 Pro", "22H2", "19045.3693"},
		{"Windows 10 Pro", "23H2", "2009", "22631", 2861, "Windows 11 Pro", "23H2", "22631.2861"},
		{"Windows 10 Enterprise", "", "1909", "18363", 0, "Windows 10 Enterprise", "1909", "18363"},
	} {
		n, v, b := WindowsVersion(tc.product, tc.display, tc.release, tc.build, tc.ubr)
		if n != tc.name || v != tc.version || b != tc.full {
			t.Errorf("WindowsVersion(%q, %q) = %q %q %q", tc.product, tc.build, n, v, b)
		}
	}
}

func TestParseProxy(t *testing.T) {
	p := ParseProxy(1, "http=proxy:8080;https=secure:8443", "*.corp.example;<local>", "http://wpad/proxy.pac")
	if p.HTTPS() != "secure:8443" || len(p.Bypass) != 2 || p.String() != "HTTPS secure:8443; PAC http://wpad/proxy.pac; bypass *.corp.example,<local>" {
		t.Errorf("proxy = %+v (%s)", p, p)
	}
	if q := ParseProxy(1, "proxy.example.co.jp:8080", "", ""); q.HTTPS() != "proxy.example.co.jp:8080" {
		t.Errorf("single server = %q", q.HTTPS())
	}
	if q := ParseProxy(0, "proxy:8080", "", ""); q.HTTPS() != "" || q.String() != "" {
		t.Errorf("disabled proxy = %q", q.String())
	}
}

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
