package profile

import (
	"errors"
	"fmt"
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

// CanonicalHost returns host as it is compared and shown: lower-case, IDN
// labels converted to punycode (ＡＣＭＥ.例え.jp → acme.xn--r8jz45g.jp), one
// trailing dot dropped, IP addresses in their standard form (IPv6 without
// brackets). It refuses an empty host, spaces and control characters, and
// labels IDNA does not allow.
func CanonicalHost(host string) (string, error) {
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", fmt.Errorf("%w: no host", ErrBadURL)
	}
	for _, r := range host {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", fmt.Errorf("%w: space or control character in the host", ErrBadURL)
		}
	}
	if ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")); err == nil {
		if ip.Zone() != "" {
			return "", fmt.Errorf("%w: IPv6 zone in the host", ErrBadURL)
		}
		return ip.String(), nil
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("%w: host is not a valid domain name", ErrBadURL)
	}
	ascii = strings.ToLower(ascii)
	if ascii == "" || strings.HasPrefix(ascii, ".") || strings.Contains(ascii, "..") {
		return "", fmt.Errorf("%w: empty label in the host", ErrBadURL)
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
