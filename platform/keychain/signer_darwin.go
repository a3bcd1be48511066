//go:build darwin && cgo

package keychain

import (
	"crypto"
	"crypto/x509"

	"rootip-cert/platform/osidentity"
)

// Signer returns the login-keychain identity whose certificate has this
// SHA-256, as a crypto.Signer for the mutual-TLS check (the key never leaves
// the keychain). close releases it.
func Signer(sha256 string) (crypto.Signer, *x509.Certificate, func(), error) {
	return osidentity.Signer(sha256)
}
