package autoselect

import (
	"net/url"

	"rootip-cert/platform/winstore"
)

// Set writes the rule for the system address and the certificate's issuer
// and returns, per browser, the policy value written.
func Set(systemURL *url.URL, issuerCN string) (map[string]string, error) {
	rule, err := winstore.AutoSelectRule(systemURL, issuerCN)
	if err != nil {
		return nil, err
	}
	return winstore.SetAutoSelect(rule)
}
