// Package renewaltest is test support, imported only by _test.go files:
// the demo's renewal system address on loopback with the shared test PKI,
// judging certificates at the pinned clock.
package renewaltest

import (
	"crypto/x509"
	"testing"
	"time"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/pki/pkitest"
)

// Server starts the renewal demo's server (old certificate p.Current, new
// p.Renewed, the fixed-date server certificate) accepting client
// certificates of accept only, until the test ends.
func Server(t testing.TB, accept ...*x509.Certificate) *demo.RenewalScenario {
	t.Helper()
	p := pkitest.Get(t)
	sc, err := demo.StartRenewal(demo.RenewalOptions{Now: func() time.Time { return pkitest.Now }, Old: p.Current, New: p.Renewed,
		Accept: accept, Server: p.FixedServer, ServerCA: p.FixedServerCA.Cert, Host: pkitest.Host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sc.Close)
	return sc
}
