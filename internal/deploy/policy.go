package deploy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
)

// AutoSelectRule is the AutoSelectCertificateForUrls entry for the system
// address: Chrome and Edge pick the certificate issued by issuerCN there
// without the picker. The pattern has no port and no path, as the policy
// wants. It is the same rule `import --auto-select` writes for one user.
func AutoSelectRule(systemURL *url.URL, issuerCN string) (string, error) {
	if systemURL == nil || systemURL.Hostname() == "" {
		return "", fmt.Errorf("auto-select rule: no system address")
	}
	if strings.TrimSpace(issuerCN) == "" {
		return "", fmt.Errorf("auto-select rule: %w", ErrNoIssuer)
	}
	rule := struct {
		Pattern string `json:"pattern"`
		Filter  struct {
			Issuer struct {
				CN string `json:"CN"`
			} `json:"ISSUER"`
		} `json:"filter"`
	}{Pattern: "https://" + strings.ToLower(systemURL.Hostname())}
	rule.Filter.Issuer.CN = issuerCN
	data, err := json.Marshal(rule)
	if err != nil {
		return "", fmt.Errorf("encode auto-select rule: %w", err)
	}
	return string(data), nil
}

// Policy is one browser's machine policy key, with the names its ADMX
// template gives the setting (the guide lists them).
type Policy struct {
	Browser string // Chrome, Edge
	// Key is under HKEY_LOCAL_MACHINE; each rule is a numbered REG_SZ.
	Key string
	// ADMXPath is where the setting sits in the Group Policy editor
	// (Computer Configuration > Administrative Templates > ...).
	ADMXPath string
	// ADMXName is the setting's English display name; ADMXNameJA the
	// Japanese one where the vendor ships a Japanese ADML we know.
	ADMXName, ADMXNameJA string
	// ADMXFile is the template that defines it.
	ADMXFile string
	// MacDomain is the preference domain of the browser on macOS.
	MacDomain string
}

// PolicyName is the policy's unique (GP and macOS preference) name.
const PolicyName = "AutoSelectCertificateForUrls"

// PolicyKeys are the HKLM keys for Chrome and Edge, Chrome first.
func PolicyKeys() []Policy {
	return []Policy{
		{
			Browser: "Chrome", Key: `SOFTWARE\Policies\Google\Chrome\` + PolicyName,
			ADMXPath: `Google > Google Chrome > Content settings`,
			ADMXName: "Automatically select client certificates for these sites",
			// chrome.adml (ja-JP): Google > Google Chrome > コンテンツの設定
			ADMXNameJA: "これらのサイトのクライアント証明書を自動的に選択する",
			ADMXFile:   "chrome.admx",
			MacDomain:  "com.google.Chrome",
		},
		{
			Browser: "Edge", Key: `SOFTWARE\Policies\Microsoft\Edge\` + PolicyName,
			ADMXPath:  `Microsoft Edge > Content settings`,
			ADMXName:  "Automatically select client certificates for these sites",
			ADMXFile:  "msedge.admx",
			MacDomain: "com.microsoft.Edge",
		},
	}
}

// RegFile is a registry script (regedit's "Version 5.00" format, UTF-16LE
// with a byte-order mark and CRLF, as regedit itself exports) that sets
// value "1" of each policy key to rule under HKEY_LOCAL_MACHINE. `reg
// import FILE` as administrator, or a computer startup script, applies it.
func RegFile(policies []Policy, rule string) []byte {
	var b strings.Builder
	b.WriteString("Windows Registry Editor Version 5.00\n\n")
	b.WriteString("; root ip cloud: Chrome / Edge choose the client certificate for the system address\n")
	b.WriteString("; without asking (" + PolicyName + ", machine policy).\n")
	b.WriteString("; Value \"1\" is the first rule: if your policy already has rules, renumber it.\n\n")
	for _, p := range policies {
		fmt.Fprintf(&b, "[HKEY_LOCAL_MACHINE\\%s]\n", p.Key)
		fmt.Fprintf(&b, "\"1\"=\"%s\"\n\n", regEscape(rule))
	}
	text := strings.ReplaceAll(b.String(), "\n", "\r\n")
	units := utf16.Encode([]rune(text))
	out := make([]byte, 2, 2+2*len(units))
	out[0], out[1] = 0xFF, 0xFE
	for _, u := range units {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// regEscape escapes a REG_SZ value for a .reg file: backslash and quote.
func regEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
