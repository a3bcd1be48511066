package certfile

import (
	"testing"

	"rootip-cert/internal/pki"
)

// BenchmarkDecode reads the kind of file the vendor hands out (and
// mksample writes): AES-256 PBES2 and a SHA-256 MAC, an RSA-2048 key, its
// certificate and chain. Every import and every diagnose --p12 pays this.
func BenchmarkDecode(b *testing.B) {
	f := testPKI(b)
	data := mustP12(b, f.leaves[pki.RSA2048], pki.Modern, "rootip", true)
	for b.Loop() {
		if _, err := Decode(data, "rootip"); err != nil {
			b.Fatal(err)
		}
	}
}
