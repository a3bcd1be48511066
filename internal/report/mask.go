package report

import (
	"net/url"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/idna"

	"rootip-cert/internal/certfile"
)

// masker hides what identifies the customer: the user ID, the customer
// part of every vendor host (the system address and the hosts named in
// certificates — other environments too), company names (O=) and the
// user's home directory. Matching ignores case, a trailing dot and the
// punycode/Unicode spelling of a host.
type masker struct {
	pairs [][2]string // secret → replacement, longest first
}

func newMasker(in Input) *masker {
	m := &masker{}
	if in.UserID != "" {
		m.add(in.UserID, MaskUserID(in.UserID))
	}
	hosts := map[string]bool{}
	if in.SystemAddress != nil {
		hosts[in.SystemAddress.Hostname()] = true
	}
	for _, e := range in.Inventory {
		for _, n := range certfile.Names(e.Cert) {
			if in.Profile.IsVendorHost(n) || (in.SystemAddress != nil && strings.EqualFold(n, in.SystemAddress.Hostname())) {
				hosts[n] = true
			}
		}
		for _, o := range e.Cert.Subject.Organization {
			m.add(o, maskWord(o))
		}
	}
	for _, f := range in.Result.Findings {
		for _, k := range []string{"host", "name", "to_host", "subject"} {
			if h, ok := f.Facts[k].(string); ok && in.Profile.IsVendorHost(h) {
				hosts[h] = true
			}
		}
	}
	for h := range hosts {
		if isVendorDomain(h, in.Profile.Domains) {
			continue // the vendor's own domain is no secret
		}
		masked := MaskHost(strings.ToLower(strings.TrimSuffix(h, ".")), in.Profile.Domains)
		for _, v := range hostSpellings(h) {
			m.add(v, masked)
		}
	}
	if in.Home != "" && len(in.Home) > 1 {
		m.add(in.Home, "~")
	}
	sort.SliceStable(m.pairs, func(i, j int) bool { return len(m.pairs[i][0]) > len(m.pairs[j][0]) })
	return m
}

func isVendorDomain(h string, domains []string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	for _, d := range domains {
		if h == d {
			return true
		}
	}
	return false
}

func (m *masker) add(secret, repl string) {
	if strings.TrimSpace(secret) != "" && secret != repl {
		m.pairs = append(m.pairs, [2]string{secret, repl})
	}
}

// hostSpellings are the ways one host can be written.
func hostSpellings(h string) []string {
	h = strings.TrimSuffix(h, ".")
	out := []string{h}
	if a, err := idna.ToASCII(h); err == nil && a != h {
		out = append(out, a)
	}
	if u, err := idna.ToUnicode(h); err == nil && u != h {
		out = append(out, u)
	}
	return out
}

// mask replaces every secret in s, ignoring case.
func (m *masker) mask(s string) string {
	for _, p := range m.pairs {
		if strings.Contains(strings.ToLower(s), strings.ToLower(p[0])) {
			s = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(p[0])).ReplaceAllLiteralString(s, p[1])
		}
	}
	return s
}

func (m *masker) maskAny(v any) any {
	switch x := v.(type) {
	case string:
		return m.mask(x)
	case []any:
		for i := range x {
			x[i] = m.maskAny(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = m.maskAny(x[k])
		}
	}
	return v
}

// apply masks the report in place (it holds copies of the input).
func (m *masker) apply(r *Report) {
	r.UserID = m.mask(r.UserID)
	if u, err := url.Parse(r.SystemAddress); err == nil && r.SystemAddress != "" {
		u.Host = m.mask(u.Host)
		r.SystemAddress = m.mask(u.String())
	}
	for i := range r.Checks {
		for k, v := range r.Checks[i].Facts {
			r.Checks[i].Facts[k] = m.maskAny(v)
		}
	}
	for i := range r.Certificates {
		c := &r.Certificates[i]
		c.Subject, c.Location = m.mask(c.Subject), m.mask(c.Location)
	}
	for i := range r.Firefox {
		r.Firefox[i].Name, r.Firefox[i].Location = m.mask(r.Firefox[i].Name), m.mask(r.Firefox[i].Location)
	}
}

// MaskUserID keeps the first character of each part: test@rootip.co.jp →
// t***@r***.co.jp.
func MaskUserID(id string) string {
	local, domain, ok := strings.Cut(id, "@")
	if !ok {
		return maskWord(id)
	}
	first, rest, _ := strings.Cut(domain, ".")
	if rest != "" {
		rest = "." + rest
	}
	return maskWord(local) + "@" + maskWord(first) + rest
}

// MaskHost hides the customer label of a vendor host: acme.rootip-cloud.net
// → a***.rootip-cloud.net; other hosts keep only their first letter.
func MaskHost(host string, domains []string) string {
	for _, d := range domains {
		if label, ok := strings.CutSuffix(host, "."+d); ok {
			return maskWord(label) + "." + d
		}
	}
	return maskWord(host)
}

func maskWord(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + "***"
}
