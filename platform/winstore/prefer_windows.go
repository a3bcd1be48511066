package winstore

import (
	"context"
	"net/url"

	"rootip-cert/internal/store"
	"rootip-cert/platform/autoselect"
)

// Prefer implements store.Preferrer through the machine's Chrome/Edge
// policy AutoSelectCertificateForUrls (needs an elevated process:
// autoselect.ErrNeedsAdmin otherwise).
func (*Store) Prefer(_ context.Context, systemURL *url.URL, e store.Entry) error {
	_, _, err := autoselect.Set(systemURL, e.Cert.Issuer.CommonName)
	return err
}
