package winstore

import (
	"context"
	"net/url"

	"rootip-cert/internal/store"
)

// Prefer implements store.Preferrer through the machine's Chrome/Edge
// policy AutoSelectCertificateForUrls (needs an elevated process:
// ErrNeedsAdmin otherwise).
func (*Store) Prefer(_ context.Context, systemURL *url.URL, e store.Entry) error {
	rule, err := AutoSelectRule(systemURL, e.Cert.Issuer.CommonName)
	if err != nil {
		return err
	}
	_, err = SetAutoSelect(rule)
	return err
}
