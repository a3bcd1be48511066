package cli

import (
	"crypto/x509"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/profile"
)

// certJSON is what `list --json` and `inspect --json` both say about one
// certificate (embedded, so its fields stand at the top of each object).
type certJSON struct {
	CommonName string    `json:"common_name"`
	Subject    string    `json:"subject"`
	Issuer     string    `json:"issuer"`
	NotBefore  time.Time `json:"not_before"`
	NotAfter   time.Time `json:"not_after"`
	DaysLeft   int       `json:"days_left"`
	Status     string    `json:"status"`
	SHA256     string    `json:"sha256"`
	SHA1       string    `json:"sha1"`
}

func newCertJSON(c *x509.Certificate, v certfile.Validity) certJSON {
	return certJSON{
		CommonName: c.Subject.CommonName, Subject: c.Subject.String(), Issuer: c.Issuer.String(),
		NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(), DaysLeft: v.DaysLeft, Status: string(v.Status),
		SHA256: certfile.Fingerprint256(c), SHA1: certfile.Fingerprint1(c),
	}
}

// identityJSON is the "identity" object of `inspect --json`.
type identityJSON struct {
	certJSON
	KeyType          string      `json:"key_type"`
	Chain            []chainJSON `json:"chain"`
	FriendlyName     string      `json:"friendly_name,omitempty"`
	ClientAuth       bool        `json:"client_auth"`
	DigitalSignature bool        `json:"digital_signature"`
	Vendor           bool        `json:"vendor"`
	RenewalOpen      bool        `json:"renewal_open"`
	URL              string      `json:"url,omitempty"`
	URLMatch         string      `json:"url_match,omitempty"`
}

type chainJSON struct {
	Subject  string    `json:"subject"`
	Issuer   string    `json:"issuer"`
	NotAfter time.Time `json:"not_after"`
	SHA256   string    `json:"sha256"`
}

func newIdentityJSON(id *certfile.Identity, now time.Time, p *profile.Profile, host string) *identityJSON {
	v := certfile.Evaluate(id.Leaf, now, p)
	j := &identityJSON{
		certJSON:         newCertJSON(id.Leaf, v),
		KeyType:          id.KeyType(),
		Chain:            []chainJSON{},
		FriendlyName:     id.FriendlyName,
		ClientAuth:       certfile.AllowsClientAuth(id.Leaf),
		DigitalSignature: certfile.AllowsDigitalSignature(id.Leaf),
		Vendor:           certfile.LooksLikeVendor(id.Leaf, p.Domains),
		RenewalOpen:      v.RenewalOpen,
	}
	for _, c := range id.Chain {
		j.Chain = append(j.Chain, chainView(c))
	}
	if host != "" {
		j.URL = host
		j.URLMatch = string(certfile.MatchHost(id.Leaf, host, p.Domains))
	}
	return j
}

func chainView(c *x509.Certificate) chainJSON {
	return chainJSON{
		Subject:  c.Subject.String(),
		Issuer:   c.Issuer.String(),
		NotAfter: c.NotAfter.UTC(),
		SHA256:   certfile.Fingerprint256(c),
	}
}
