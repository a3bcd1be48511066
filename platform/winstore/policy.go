package winstore

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// AutoSelectRule is one AutoSelectCertificateForUrls entry: for the system
// address, Chrome and Edge pick the certificate issued by issuerCN without
// showing the picker. The pattern has no port, as Chrome requires.
func AutoSelectRule(systemURL *url.URL, issuerCN string) (string, error) {
	if systemURL == nil || systemURL.Hostname() == "" || issuerCN == "" {
		return "", fmt.Errorf("auto-select needs the system address and the issuer")
	}
	rule := struct {
		Pattern string `json:"pattern"`
		Filter  struct {
			Issuer struct {
				CN string `json:"CN"`
			} `json:"ISSUER"`
		} `json:"filter"`
	}{Pattern: "https://" + systemURL.Hostname()}
	rule.Filter.Issuer.CN = issuerCN
	data, err := json.Marshal(rule)
	if err != nil {
		return "", fmt.Errorf("encode auto-select rule: %w", err)
	}
	return string(data), nil
}

// PolicyKeys are where Chrome and Edge read the policy for the current
// user (HKCU). The machine-wide HKLM keys need administrator rights, which
// users usually lack; an administrator can deploy the same value there.
// chrome://policy (edge://policy) shows whether the browser honours it.
var PolicyKeys = map[string]string{
	"Chrome": `Software\Policies\Google\Chrome\AutoSelectCertificateForUrls`,
	"Edge":   `Software\Policies\Microsoft\Edge\AutoSelectCertificateForUrls`,
}

// nextValueName picks the numbered value to write: the one already holding
// rule (idempotent), else the first free number.
func nextValueName(existing map[string]string, rule string) string {
	for name, v := range existing {
		if v == rule {
			return name
		}
	}
	for i := 1; ; i++ {
		name := fmt.Sprint(i)
		if _, used := existing[name]; !used {
			return name
		}
	}
}
