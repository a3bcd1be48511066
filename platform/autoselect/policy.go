package autoselect

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf16"
)

// Rule is the AutoSelectCertificateForUrls entry for the system address:
// Chrome and Edge pick the certificate issued by issuerCN there without the
// picker. The pattern has no port and no path, as the policy wants, and a
// lower-case host, so one PC (`import --auto-select`) and a company
// roll-out (`deploy`) write the same rule.
func Rule(systemURL *url.URL, issuerCN string) (string, error) {
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

// Name is the policy's unique (Group Policy and macOS preference) name.
const Name = "AutoSelectCertificateForUrls"

// Policy is one browser's machine policy key, with the names its ADMX
// template gives the setting (the deployment guide lists them).
type Policy struct {
	Browser string // Chrome, Edge
	// Key is under HKEY_LOCAL_MACHINE, the machine-wide place, writable
	// only by an administrator (HKCU\Software\Policies is read-only for
	// standard users too); each rule is a numbered REG_SZ.
	// chrome://policy (edge://policy) shows whether the browser honours it.
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

// Policies are Chrome's and Edge's policy keys, Chrome first.
func Policies() []Policy {
	return []Policy{
		{
			Browser: "Chrome", Key: `SOFTWARE\Policies\Google\Chrome\` + Name,
			ADMXPath: `Google > Google Chrome > Content settings`,
			ADMXName: "Automatically select client certificates for these sites",
			// chrome.adml (ja-JP): Google > Google Chrome > コンテンツの設定
			ADMXNameJA: "これらのサイトのクライアント証明書を自動的に選択する",
			ADMXFile:   "chrome.admx",
			MacDomain:  "com.google.Chrome",
		},
		{
			Browser: "Edge", Key: `SOFTWARE\Policies\Microsoft\Edge\` + Name,
			ADMXPath:  `Microsoft Edge > Content settings`,
			ADMXName:  "Automatically select client certificates for these sites",
			ADMXFile:  "msedge.admx",
			MacDomain: "com.microsoft.Edge",
		},
	}
}

// RegFile renders the policy as regedit writes a .reg file ("Windows
// Registry Editor Version 5.00", CRLF line ends, UTF-16LE with a byte-order
// mark): rule under each browser's key in HKEY_LOCAL_MACHINE, as the value
// names gives for that browser ("1" where it gives none). notes become
// comment lines after the header. Double-clicking the file as administrator,
// `reg import FILE` or a computer startup script applies it.
func RegFile(rule string, names map[string]string, notes ...string) []byte {
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	var b strings.Builder
	b.WriteString("Windows Registry Editor Version 5.00\n\n")
	for _, n := range notes {
		b.WriteString("; " + n + "\n")
	}
	if len(notes) > 0 {
		b.WriteString("\n")
	}
	for _, p := range Policies() {
		name := names[p.Browser]
		if name == "" {
			name = "1"
		}
		fmt.Fprintf(&b, "[HKEY_LOCAL_MACHINE\\%s]\n\"%s\"=\"%s\"\n\n", p.Key, quote.Replace(name), quote.Replace(rule))
	}
	units := utf16.Encode([]rune(strings.ReplaceAll(b.String(), "\n", "\r\n")))
	out := make([]byte, 2, 2+2*len(units))
	out[0], out[1] = 0xFF, 0xFE
	for _, u := range units {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
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
