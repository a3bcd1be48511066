package keychain

import (
	"os"
	"path/filepath"
	"testing"
)

// `security` output is parsed, never trusted: no input may panic.
func FuzzSecurityParsers(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("SHA-256 hash: ZZ\n-----BEGIN CERTIFICATE-----\nAAAA\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parseFindCertificate(data)
		_ = parseFindIdentity(data)
	})
}
