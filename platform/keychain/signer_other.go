//go:build !darwin || !cgo

package keychain

import (
	"crypto"
	"crypto/x509"
	"errors"
	"runtime"
)

// ErrNeedsCgo: the keychain signer uses Security.framework through cgo;
// a macOS build without cgo can import and list, but not sign.
var ErrNeedsCgo = errors.New("the keychain's mutual-TLS check needs the macOS build made with cgo")

// Signer is only available in the macOS cgo build.
func Signer(string) (crypto.Signer, *x509.Certificate, func(), error) {
	if runtime.GOOS == "darwin" {
		return nil, nil, nil, ErrNeedsCgo
	}
	return nil, nil, nil, ErrNotMacOS
}
