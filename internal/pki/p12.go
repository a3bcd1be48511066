package pki

import (
	"crypto/x509"
	"fmt"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Encoding names a PKCS#12 encryption profile seen in real files.
type Encoding string

// Encodings real .p12 files use.
const (
	// LegacyRC2 is RC2-40 certificates, 3DES key, SHA-1 MAC (old OpenSSL, old Windows).
	LegacyRC2 Encoding = "legacy-rc2"
	// LegacyDES is 3DES everywhere with a SHA-1 MAC (what macOS Keychain accepts).
	LegacyDES Encoding = "legacy-3des"
	// Modern is AES-256-CBC PBES2 with a SHA-256 MAC (OpenSSL 3, Windows 10 1709+).
	Modern Encoding = "aes256"
	// Modern2026 is AES-256 with a PBMAC1 MAC.
	Modern2026 Encoding = "aes256-pbmac1"
)

// Encodings lists every encoding, for table tests.
var Encodings = []Encoding{LegacyRC2, LegacyDES, Modern, Modern2026}

func encoder(enc Encoding) (*pkcs12.Encoder, error) {
	switch enc {
	case LegacyRC2:
		return pkcs12.LegacyRC2, nil
	case LegacyDES, "":
		return pkcs12.LegacyDES, nil
	case Modern:
		return pkcs12.Modern2023, nil
	case Modern2026:
		return pkcs12.Modern2026, nil
	}
	return nil, fmt.Errorf("unknown encoding %q", enc)
}

// P12 encodes the leaf, its key and (when withChain) its chain.
// iterations 0 keeps the encoder's default.
func (l *Leaf) P12(enc Encoding, password string, withChain bool, iterations int) ([]byte, error) {
	e, err := encoder(enc)
	if err != nil {
		return nil, fmt.Errorf("encode p12: %w", err)
	}
	if iterations > 0 {
		e = e.WithIterations(iterations)
	}
	var chain []*x509.Certificate
	if withChain {
		chain = l.Chain
	}
	data, err := e.Encode(l.Key, l.Cert, chain, password)
	if err != nil {
		return nil, fmt.Errorf("encode p12: %w", err)
	}
	return data, nil
}

// CertsOnlyP12 encodes certificates without any private key.
func CertsOnlyP12(certs []*x509.Certificate, password string) ([]byte, error) {
	data, err := pkcs12.LegacyDES.EncodeTrustStore(certs, password)
	if err != nil {
		return nil, fmt.Errorf("encode certificate-only p12: %w", err)
	}
	return data, nil
}
