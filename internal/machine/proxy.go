package machine

import (
	"net"
	"net/url"
	"strings"
)

// Proxy sources.
const (
	ProxyNone    = "none"    // nothing configured
	ProxyEnv     = "env"     // HTTPS_PROXY / NO_PROXY
	ProxyWinINet = "wininet" // Windows Internet Settings (what Chrome and Edge use)
	ProxyScutil  = "scutil"  // macOS system configuration
)

// Proxy is a proxy configuration as data, never with credentials: a
// user:password in a proxy URL is stripped when the settings are read.
type Proxy struct {
	Source string `json:"source"`
	// HTTPS is the proxy for https URLs ("host:port"), "" for none.
	HTTPS string `json:"https,omitempty"`
	// Bypass lists hosts or patterns that go direct ("*.corp.example", "<local>").
	Bypass []string `json:"bypass,omitempty"`
	// PAC is the automatic configuration script's URL.
	PAC string `json:"pac,omitempty"`
	// AutoDetect is WPAD (Windows "automatically detect settings").
	AutoDetect bool `json:"auto_detect,omitempty"`
	// Credentials for the proxy, used only to dial it: never serialised,
	// never printed.
	Credentials *url.Userinfo `json:"-"`
}

// For returns the proxy to use for u from HTTPS and Bypass (nil: direct).
// A PAC script or WPAD is not evaluated here.
func (p Proxy) For(u *url.URL) *url.URL {
	if p.HTTPS == "" || u == nil || p.bypassed(u.Hostname()) {
		return nil
	}
	hostport := p.HTTPS
	if i := strings.Index(hostport, "://"); i >= 0 {
		hostport = hostport[i+3:]
	}
	hostport = strings.TrimSuffix(hostport, "/")
	return &url.URL{Scheme: "http", Host: hostport, User: p.Credentials}
}

func (p Proxy) bypassed(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, b := range p.Bypass {
		b = strings.ToLower(strings.TrimSpace(b))
		switch {
		case b == "":
		case b == "*":
			return true
		case b == "<local>":
			if !strings.Contains(host, ".") || host == "localhost" || net.ParseIP(host) != nil && net.ParseIP(host).IsLoopback() {
				return true
			}
		case strings.HasPrefix(b, "*."), strings.HasPrefix(b, "."):
			suffix := strings.TrimPrefix(strings.TrimPrefix(b, "*"), ".")
			if host == suffix || strings.HasSuffix(host, "."+suffix) {
				return true
			}
		case host == b || strings.HasSuffix(host, "."+b):
			return true
		}
	}
	return false
}

// StripUserinfo removes "user:password@" from a proxy address, so that no
// credential reaches a report, a log or the screen.
func StripUserinfo(addr string) string {
	scheme := ""
	rest := addr
	if i := strings.Index(rest, "://"); i >= 0 {
		scheme, rest = rest[:i+3], rest[i+3:]
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if slash := strings.IndexAny(rest, "/?#"); slash < 0 || at < slash {
			rest = rest[at+1:]
		}
	}
	return scheme + rest
}

// FromEnv reads HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy.
func FromEnv(getenv func(string) string) Proxy {
	https := firstOf(getenv, "HTTPS_PROXY", "https_proxy")
	if https == "" {
		return Proxy{Source: ProxyNone}
	}
	p := Proxy{Source: ProxyEnv, HTTPS: StripUserinfo(https)}
	if u, err := url.Parse(https); err == nil && u.User != nil {
		p.Credentials = u.User
	}
	for _, b := range strings.Split(firstOf(getenv, "NO_PROXY", "no_proxy"), ",") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	return p
}

func firstOf(getenv func(string) string, names ...string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return ""
}
