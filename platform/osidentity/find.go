//go:build windows || (darwin && cgo)

package osidentity

import (
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"

	"github.com/tailscale/certstore"

	"rootip-cert/internal/certfile"
)

// ErrNotFound means the user's store has no identity with that SHA-256.
var ErrNotFound = errors.New("no identity with that SHA-256 in the OS store")

// Signer returns the signer of the user-store identity whose certificate
// has this SHA-256, the certificate, and a function releasing the store.
func Signer(sha256 string) (crypto.Signer, *x509.Certificate, func(), error) {
	st, err := certstore.Open(certstore.User)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open the OS certificate store: %w", err)
	}
	ids, err := st.Identities()
	if err != nil {
		st.Close()
		return nil, nil, nil, fmt.Errorf("list OS store identities: %w", err)
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
			return nil, nil, nil, fmt.Errorf("OS store signer: %w", err)
		}
		return s, c, closeAll, nil
	}
	closeAll()
	return nil, nil, nil, ErrNotFound
}
