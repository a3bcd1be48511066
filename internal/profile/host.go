package profile

import (
	"errors"
	"net/netip"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// Errors of NormalizeURL and CanonicalHost, for errors.Is. Their messages
// never repeat what the user typed: it may hold a password.
var (
	// ErrBadURL: the system address is not an https URL with a host.
	ErrBadURL = errors.New("bad system address")
	// ErrUserinfo: the system address carries a user name or password
	// ("https://user:pass@host"); it is refused, never stored or shown.
	ErrUserinfo = errors.New("user name or password in the system address")
)

// Reasons a system address is refused (URLError.Reason): data that the
// front-ends say in words (url.reason.REASON).
const (
	URLEmpty      = "empty"
	URLUserinfo   = "userinfo"
	URLSyntax     = "syntax"
	URLEscape     = "escape" // a % not followed by two hex digits
	URLScheme     = "scheme"
	URLNoHost     = "no-host"
	URLHostChars  = "host-characters"
	URLZone       = "ipv6-zone"
	URLDomain     = "bad-domain"
	URLEmptyLabel = "empty-label"
	URLPort       = "port"
)

// URLError is a refused system address. It Is ErrBadURL (and ErrUserinfo
// for URLUserinfo); its message never repeats what the user typed.
type URLError struct {
	Reason string
	// Cause is the parser's own error (URLSyntax), without the input.
	Cause error
}

var urlReasonText = map[string]string{
	URLEmpty: "empty", URLUserinfo: ErrUserinfo.Error(), URLScheme: "scheme must be https", URLNoHost: "no host",
	URLHostChars: "space or control character in the host", URLZone: "IPv6 zone in the host",
	URLDomain: "host is not a valid domain name", URLEmptyLabel: "empty label in the host", URLPort: "port must be 1 to 65535",
}

func (e *URLError) Error() string {
	if e.Cause != nil {
		return ErrBadURL.Error() + ": " + e.Cause.Error()
	}
	return ErrBadURL.Error() + ": " + urlReasonText[e.Reason]
}

// Is makes errors.Is(err, ErrBadURL) hold, and ErrUserinfo for userinfo.
func (e *URLError) Is(target error) bool {
	return target == ErrBadURL || (target == ErrUserinfo && e.Reason == URLUserinfo)
}

func badURL(reason string) error { return &URLError{Reason: reason} }

// CanonicalHost returns host as it is compared and shown: lower-case, IDN
// labels converted to punycode (ＡＣＭＥ.例え.jp → acme.xn--r8jz45g.jp), one
// trailing dot dropped, IP addresses in their standard form (IPv6 without
// brackets). It refuses an empty host, spaces and control characters, and
// labels IDNA does not allow.
func CanonicalHost(host string) (string, error) {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", badURL(URLNoHost)
	}
	for _, r := range host {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", badURL(URLHostChars)
		}
	}
	if ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")); err == nil {
		if ip.Zone() != "" {
			return "", badURL(URLZone)
		}
		return ip.String(), nil
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", badURL(URLDomain)
	}
	ascii = strings.ToLower(ascii)
	if ascii == "" || strings.HasPrefix(ascii, ".") || strings.Contains(ascii, "..") {
		return "", badURL(URLEmptyLabel)
	}
	return ascii, nil
}

// HostUnder reports whether host is one of domains or lies under one of
// them ("acme.rootip-cloud.net" under "rootip-cloud.net"), whatever its case,
// trailing dot or IDN form. "rootip-cloud.net.attacker.example" and
// "evilrootip-cloud.net" are not. domains are expected canonical (a loaded
// Profile's Domains are).
func HostUnder(host string, domains []string) bool {
	h, err := CanonicalHost(host)
	if err != nil {
		return false
	}
	for _, d := range domains {
		if d != "" && (h == d || strings.HasSuffix(h, "."+d)) {
			return true
		}
	}
	return false
}
