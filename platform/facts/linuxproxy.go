package facts

import (
	"bufio"
	"net"
	"strconv"
	"strings"

	"rootip-cert/internal/machine"
)

// This file holds the Linux desktop proxy settings as portable logic, in
// the order Chrome follows on Linux: the desktop named by
// XDG_CURRENT_DESKTOP picks the source (GNOME and its relatives: gsettings
// org.gnome.system.proxy; KDE: kioslaverc), any other desktop, or settings
// that cannot be read, leave the environment variables. Reading the
// settings (proxy_linux.go) is data here; the tests feed the real gsettings
// tool's output and files.

// desktopReaders are the seams of the Linux proxy settings.
type desktopReaders struct {
	getenv func(string) string
	// gsettings is `gsettings list-recursively org.gnome.system.proxy`.
	gsettings func() (string, error)
	// kioslaverc is the KDE file's content.
	kioslaverc func() ([]byte, error)
}

// desktopProxy reads the proxy settings the browser follows on this desktop.
func desktopProxy(r desktopReaders) machine.Proxy {
	switch desktopOf(r.getenv) {
	case machine.ProxyGNOME:
		if out, err := r.gsettings(); err == nil {
			if p, ok := parseGSettings(out); ok {
				return p
			}
		}
	case machine.ProxyKDE:
		if data, err := r.kioslaverc(); err == nil {
			if p, ok := parseKioslaverc(data, r.getenv); ok {
				return p
			}
		}
	}
	return machine.FromEnv(r.getenv)
}

// desktopOf names the settings source of the desktop session: Chrome reads
// gsettings on GNOME, Unity, Cinnamon, Pantheon, Deepin and UKUI, and
// kioslaverc on KDE; "" is any other desktop (the environment decides).
func desktopOf(getenv func(string) string) string {
	for _, d := range strings.Split(getenv("XDG_CURRENT_DESKTOP"), ":") {
		switch strings.ToLower(strings.TrimSpace(d)) {
		case "gnome", "unity", "x-cinnamon", "cinnamon", "pantheon", "deepin", "ukui":
			return machine.ProxyGNOME
		case "kde":
			return machine.ProxyKDE
		}
	}
	if getenv("KDE_FULL_SESSION") != "" {
		return machine.ProxyKDE
	}
	return ""
}

// parseGSettings reads `gsettings list-recursively org.gnome.system.proxy`
// ("schema key value" lines, values in GVariant text form). Only the keys
// the decision needs are kept (never the http authentication password).
// In manual mode the https proxy serves https and the SOCKS proxy is the
// fallback for schemes without one, as in Chrome; in auto mode the PAC URL,
// or automatic detection when it is empty. ok is false when the schema's
// mode is missing (no GNOME settings).
func parseGSettings(out string) (p machine.Proxy, ok bool) {
	vals := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		schema, rest, _ := strings.Cut(sc.Text(), " ")
		key, value, _ := strings.Cut(rest, " ")
		switch schema + " " + key {
		case "org.gnome.system.proxy mode", "org.gnome.system.proxy autoconfig-url", "org.gnome.system.proxy ignore-hosts",
			"org.gnome.system.proxy.https host", "org.gnome.system.proxy.https port",
			"org.gnome.system.proxy.socks host", "org.gnome.system.proxy.socks port":
			vals[strings.TrimPrefix(schema, "org.gnome.system.proxy")+" "+key] = value
		}
	}
	mode, ok := vals[" mode"]
	if !ok {
		return machine.Proxy{}, false
	}
	p = machine.Proxy{Source: machine.ProxyGNOME}
	switch gvariantString(mode) {
	case "manual":
		p.HTTPS = hostPort(gvariantString(vals[".https host"]), vals[".https port"], "80")
		if s := hostPort(gvariantString(vals[".socks host"]), vals[".socks port"], "1080"); s != "" {
			p.SOCKS = socksAddr(s)
		}
		p.Bypass = gvariantStrings(vals[" ignore-hosts"])
	case "auto":
		p.PAC = machine.StripUserinfo(gvariantString(vals[" autoconfig-url"]))
		p.AutoDetect = p.PAC == ""
	}
	return p, true
}

// socksAddr writes a SOCKS setting with its version: the desktops do not
// say one, and Chrome takes SOCKS5 unless the host names socks4://.
func socksAddr(hostport string) string {
	scheme, hp := machine.SplitSOCKS(hostport)
	return scheme + "://" + hp
}

// hostPort joins a proxy host and port setting ("" when the host is empty;
// port 0 is the scheme's default port). A scheme written in the host
// ("socks4://h") is kept in front.
func hostPort(host, port, defPort string) string {
	host = machine.StripUserinfo(strings.TrimSpace(host))
	if host == "" {
		return ""
	}
	scheme := ""
	if i := strings.Index(host, "://"); i >= 0 {
		scheme, host = host[:i+3], host[i+3:]
	}
	host = strings.TrimSuffix(host, "/")
	if n, err := strconv.Atoi(strings.TrimSpace(port)); err == nil && n > 0 && n < 65536 {
		defPort = strconv.Itoa(n)
	}
	if _, _, err := net.SplitHostPort(host); err == nil {
		return scheme + host
	}
	return scheme + net.JoinHostPort(strings.Trim(host, "[]"), defPort)
}

// gvariantString reads a GVariant text string ('text' or "text", with
// backslash escapes); anything else is returned trimmed.
func gvariantString(v string) string {
	v = strings.TrimSpace(v)
	if len(v) < 2 || (v[0] != '\'' && v[0] != '"') || v[len(v)-1] != v[0] {
		return v
	}
	s, _ := gvariantQuoted(v)
	return s
}

// gvariantQuoted reads one quoted string at the start of v and returns it
// and the rest of v.
func gvariantQuoted(v string) (string, string) {
	q := v[0]
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == q:
			return b.String(), v[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// gvariantStrings reads a GVariant text string array (['a', 'b'], or
// "@as []" when empty).
func gvariantStrings(v string) []string {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "@as"))
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	var out []string
	for {
		v = strings.TrimLeft(v, " ,")
		if v == "" || (v[0] != '\'' && v[0] != '"') {
			return out
		}
		var s string
		s, v = gvariantQuoted(v)
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
}

// parseKioslaverc reads KDE's [Proxy Settings]: ProxyType 0 none,
// 1 manual (httpsProxy, socksProxy as "host port" or "host:port"),
// 2 the script "Proxy Config Script", 3 automatic detection, 4 the
// environment variables the fields name; NoProxyFor is the exception list
// (ReversedException: the list is the only hosts that use the proxy). ok is
// false when the file has no ProxyType.
func parseKioslaverc(data []byte, getenv func(string) string) (machine.Proxy, bool) {
	vals := map[string]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && section == "[Proxy Settings]" {
			// KDE marks keys with [$e] (expand) or [$i] (immutable).
			k = strings.TrimSpace(k)
			if i := strings.Index(k, "[$"); i >= 0 {
				k = k[:i]
			}
			vals[k] = strings.TrimSpace(v)
		}
	}
	typ, ok := vals["ProxyType"]
	if !ok {
		return machine.Proxy{}, false
	}
	p := machine.Proxy{Source: machine.ProxyKDE}
	field := func(k string) string { return vals[k] }
	if typ == "4" {
		// The fields name environment variables ("HTTPS_PROXY").
		field = func(k string) string { return getenv(vals[k]) }
	}
	switch typ {
	case "1", "4":
		p.HTTPS = kdeProxy(field("httpsProxy"), "80")
		if strings.HasPrefix(strings.ToLower(p.HTTPS), "socks") {
			p.HTTPS, p.SOCKS = "", socksAddr(p.HTTPS)
		}
		if s := kdeProxy(field("socksProxy"), "1080"); s != "" {
			p.SOCKS = socksAddr(s)
		}
		for _, b := range strings.Split(field("NoProxyFor"), ",") {
			if b = strings.TrimSpace(b); b != "" {
				p.Bypass = append(p.Bypass, b)
			}
		}
		p.BypassReversed = strings.EqualFold(vals["ReversedException"], "true")
	case "2":
		p.PAC = machine.StripUserinfo(vals["Proxy Config Script"])
	case "3":
		p.AutoDetect = true
	}
	return p, true
}

// kdeProxy reads a KDE proxy field: "http://host port" (KDE 5), or
// "http://host:port"; an http:// or https:// scheme is dropped (the proxy
// is spoken to in HTTP), a socks scheme is kept.
func kdeProxy(v, defPort string) string {
	v = strings.TrimSpace(v)
	host, port, _ := strings.Cut(v, " ")
	lower := strings.ToLower(host)
	for _, s := range []string{"http://", "https://"} {
		if strings.HasPrefix(lower, s) {
			host = host[len(s):]
		}
	}
	return hostPort(host, port, defPort)
}
