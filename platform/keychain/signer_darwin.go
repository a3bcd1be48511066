//go:build darwin && cgo

package keychain

import (
	"crypto"
	"crypto/x509"
	"fmt"

	"github.com/tailscale/certstore"

	"rootip-cert/internal/certfile"
)

// Signer returns the keychain identity whose certificate has this SHA-256,
// as a crypto.Signer for the mutual-TLS check (the key never leaves the
// keychain). close releases it.
func Signer(sha256 string) (crypto.Signer, *x509.Certificate, func(), error) {
	st, err := certstore.Open(certstore.User)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open keychain: %w", err)
	}
	ids, err := st.Identities()
	if err != nil {
		st.Close()
		return nil, nil, nil, fmt.Errorf("list keychain identities: %w", err)
	}
	closeAll := func() {
		for _, id := range ids {
			id.Close()
		}
		st.Close()
	}
	for _, id := range ids {
		c, err := id.Certificate()
		if err != nil || certfile.Fingerprint256(c) != sha256 {
			continue
		}
		s, err := id.Signer()
		if err != nil {
			closeAll()
			return nil, nil, nil, fmt.Errorf("keychain signer: %w", err)
		}
		return s, c, closeAll, nil
	}
	closeAll()
	return nil, nil, nil, fmt.Errorf("no keychain identity with SHA-256 %s", sha256)
}
