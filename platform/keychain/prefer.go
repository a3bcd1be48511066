package keychain

import (
	"context"
	"net/url"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// Prefer implements store.Preferrer with the keychain's identity
// preference for the system address (Safari and Chrome offer it first).
func (s *Store) Prefer(ctx context.Context, systemURL *url.URL, e store.Entry) error {
	return s.SetPreference(ctx, systemURL.String(), certfile.Fingerprint1(e.Cert))
}
