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
	ProxyGNOME   = "gnome"   // GNOME settings (gsettings org.gnome.system.proxy)
	ProxyKDE     = "kde"     // KDE settings (kioslaverc [Proxy Settings])

	// DesktopOther (Proxy.Desktop) is a Linux desktop whose proxy settings
	// the browser does not read (XFCE, LXQt, an unnamed one): the
	// environment decides.
	DesktopOther = "other"
	// DesktopNone (Proxy.Desktop) is Linux without a desktop session (a
	// console or SSH login: no desktop named, no display): the environment
	// decides, and there are no desktop settings to speak of.
	DesktopNone = "no-session"
)

// SOCKS versions (ProxyDecision.Scheme; Proxy.SOCKS's prefix).
const (
	SOCKS5 = "socks5"
	SOCKS4 = "socks4"
)

// Proxy is a proxy configuration as data, never with credentials: a
// user:password in a proxy URL is stripped when the settings are read.
type Proxy struct {
	Source string `json:"source"`
	// HTTPS is the proxy for https URLs ("host:port"), "" for none.
	HTTPS string `json:"https,omitempty"`
	// SOCKS is the SOCKS proxy ("socks5://host:port" or "socks4://host:port")
	// the browser uses for https when HTTPS is empty; "" for none.
	SOCKS string `json:"socks,omitempty"`
	// EnvVar names the environment variable the proxy came from (Source env).
	EnvVar string `json:"env_var,omitempty"`
	// Desktop is, on Linux, the desktop whose settings the browser reads
	// (ProxyGNOME, ProxyKDE), DesktopOther (none: the environment
	// decides) or DesktopNone (no desktop session); "" elsewhere.
	Desktop string `json:"desktop,omitempty"`
	// EnvIgnored names a proxy environment variable that is set but that
	// the browser does not follow, because the desktop settings decide.
	EnvIgnored string `json:"env_ignored,omitempty"`
	// Bypass lists hosts or patterns that go direct ("*.corp.example", "<local>").
	Bypass []string `json:"bypass,omitempty"`
	// BypassReversed: Bypass lists the only hosts that use the proxy (KDE's
	// ReversedException).
	BypassReversed bool `json:"bypass_reversed,omitempty"`
	// PAC is the automatic configuration script's URL.
	PAC string `json:"pac,omitempty"`
	// AutoDetect is WPAD (Windows "automatically detect settings").
	AutoDetect bool `json:"auto_detect,omitempty"`
	// Credentials for the proxy, used only to dial it: never serialised,
	// never printed.
	Credentials *url.Userinfo `json:"-"`
}

// For returns the proxy to use for u from HTTPS (else SOCKS) and Bypass
// (nil: direct). Its scheme is "http", "socks5" or "socks4". A PAC script or
// WPAD is not evaluated here.
func (p Proxy) For(u *url.URL) *url.URL {
	if (p.HTTPS == "" && p.SOCKS == "") || u == nil || p.bypassed(u.Hostname()) != p.BypassReversed {
		return nil
	}
	if p.HTTPS == "" {
		scheme, hostport := SplitSOCKS(p.SOCKS)
		return &url.URL{Scheme: scheme, Host: hostport, User: p.Credentials}
	}
	return &url.URL{Scheme: "http", Host: hostOf(p.HTTPS), User: p.Credentials}
}

// hostOf is "host:port" of a proxy address written with or without a scheme.
func hostOf(addr string) string {
	if i := strings.Index(addr, "://"); i >= 0 {
		addr = addr[i+3:]
	}
	return strings.TrimSuffix(addr, "/")
}

// SplitSOCKS splits "socks5://host:port" into its version and address; a
// socks or socks5h scheme is SOCKS5 (as curl and Chrome read them), socks4a
// is SOCKS4.
func SplitSOCKS(addr string) (scheme, hostport string) {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return SOCKS5, hostOf(addr)
	}
	if strings.HasPrefix(strings.ToLower(scheme), SOCKS4) {
		return SOCKS4, hostOf(rest)
	}
	return SOCKS5, hostOf(rest)
}

// IsSOCKS is an address whose scheme names a SOCKS proxy.
func IsSOCKS(addr string) bool {
	return strings.HasPrefix(strings.ToLower(addr), "socks")
}

func (p Proxy) bypassed(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, b := range p.Bypass {
		b = strings.ToLower(strings.TrimSpace(b))
		switch {
		case b == "":
		case b == "*":
			return true
		case strings.Contains(b, "/"):
			if _, cidr, err := net.ParseCIDR(b); err == nil && net.ParseIP(host) != nil && cidr.Contains(net.ParseIP(host)) {
				return true
			}
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

// FromEnv reads the proxy environment variables in Chrome's order:
// all_proxy / ALL_PROXY (every scheme), then https_proxy / HTTPS_PROXY; a
// socks5:// or socks4:// value is a SOCKS proxy; and NO_PROXY / no_proxy.
func FromEnv(getenv func(string) string) Proxy {
	name, value := firstOf(getenv, "all_proxy", "ALL_PROXY", "https_proxy", "HTTPS_PROXY")
	if value == "" {
		return Proxy{Source: ProxyNone}
	}
	p := Proxy{Source: ProxyEnv, EnvVar: strings.ToUpper(name)}
	if IsSOCKS(value) {
		scheme, hostport := SplitSOCKS(StripUserinfo(value))
		p.SOCKS = scheme + "://" + hostport
	} else {
		p.HTTPS = StripUserinfo(value)
	}
	if u, err := url.Parse(value); err == nil && u.User != nil {
		p.Credentials = u.User
	}
	_, noProxy := firstOf(getenv, "NO_PROXY", "no_proxy")
	for _, b := range strings.Split(noProxy, ",") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	return p
}

// firstOf returns the first of names that is set, and its value.
func firstOf(getenv func(string) string, names ...string) (string, string) {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return n, v
		}
	}
	return "", ""
}
