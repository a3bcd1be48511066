package winstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
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

// PolicyKeys are where Chrome and Edge read the policy, under
// HKEY_LOCAL_MACHINE: the machine-wide place, writable only by an
// administrator (HKCU\Software\Policies is read-only for standard users
// too). chrome://policy (edge://policy) shows whether the browser honours it.
var PolicyKeys = map[string]string{
	"Chrome": `SOFTWARE\Policies\Google\Chrome\AutoSelectCertificateForUrls`,
	"Edge":   `SOFTWARE\Policies\Microsoft\Edge\AutoSelectCertificateForUrls`,
}

// policyBrowsers orders PolicyKeys for output.
var policyBrowsers = []string{"Chrome", "Edge"}

// ErrNeedsAdmin is returned by SetAutoSelect when the process is not
// elevated: nothing was written. AutoSelectRegFile gives the same policy
// as a .reg file for an administrator (or IT's group policy) to apply.
var ErrNeedsAdmin = errors.New("writing the Chrome/Edge policy under HKEY_LOCAL_MACHINE needs administrator rights")

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

// RenderAutoSelectReg renders the policy as regedit writes a .reg file:
// "Windows Registry Editor Version 5.00", CRLF line ends, UTF-16LE with a
// byte-order mark. names gives each browser's value name (missing: "1").
// Double-clicking the file (as administrator) or `reg import FILE` applies
// it; both browsers get the rule under HKEY_LOCAL_MACHINE.
func RenderAutoSelectReg(rule string, names map[string]string) []byte {
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var b strings.Builder
	b.WriteString("Windows Registry Editor Version 5.00\r\n")
	for _, browser := range policyBrowsers {
		name := names[browser]
		if name == "" {
			name = "1"
		}
		fmt.Fprintf(&b, "\r\n[HKEY_LOCAL_MACHINE\\%s]\r\n\"%s\"=\"%s\"\r\n", PolicyKeys[browser], quote.Replace(name), quote.Replace(rule))
	}
	b.WriteString("\r\n")
	u := utf16.Encode([]rune(b.String()))
	out := make([]byte, 2, 2+2*len(u))
	out[0], out[1] = 0xFF, 0xFE
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}
