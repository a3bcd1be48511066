package facts

import (
	"bufio"
	"net"
	"net/url"
	"path"
	"strconv"
	"strings"

	"rootip-cert/internal/machine"
)

// This file holds the Linux desktop proxy settings as portable logic, in
// the order Chrome follows on Linux (net/proxy_resolution/
// proxy_config_service_linux.cc, base/nix/xdg_util.cc): the desktop
// session picks a settings reader (GNOME and its relatives: gsettings
// org.gnome.system.proxy; KDE: kioslaverc); when that reader gives a
// configuration, it decides and the proxy environment variables are not
// read at all (gnome-terminal sets http_proxy even in auto mode, Chrome's
// comment says); only another desktop, unreadable settings or a manual
// mode without any proxy leave the environment. Reading the settings
// (proxy_linux.go) is data here; the tests feed the real gsettings tool's
// output and files.

// desktopReaders are the seams of the Linux proxy settings.
type desktopReaders struct {
	getenv func(string) string
	// gsettings is `gsettings list-recursively org.gnome.system.proxy`.
	gsettings func() (string, error)
	// kioslaverc is the KDE file's content.
	kioslaverc func() ([]byte, error)
}

// desktopProxy reads the proxy settings the browser follows on this
// desktop, and says which desktop decided (Proxy.Desktop) and which proxy
// variable is set but not followed (Proxy.EnvIgnored).
func desktopProxy(r desktopReaders) machine.Proxy {
	desktop := desktopOf(r.getenv)
	var p machine.Proxy
	ok := false
	switch desktop {
	case machine.ProxyGNOME:
		if out, err := r.gsettings(); err == nil {
			p, ok = parseGSettings(out)
		}
	case machine.ProxyKDE:
		if data, err := r.kioslaverc(); err == nil {
			p, ok = parseKioslaverc(data, r.getenv)
		}
	}
	env := chromeEnv(r.getenv)
	switch {
	case !ok:
		p = env
	case env.Source == machine.ProxyEnv:
		p.EnvIgnored = env.EnvVar
	}
	p.Desktop = desktop
	return p
}

// desktopOf names the settings source of the desktop session as Chrome
// picks it: the first desktop it knows in XDG_CURRENT_DESKTOP, else
// DESKTOP_SESSION, else GNOME_DESKTOP_SESSION_ID or KDE_FULL_SESSION.
// GNOME, Unity, Cinnamon, Pantheon, Deepin and UKUI read gsettings; KDE
// reads kioslaverc; XFCE, LXQt and any other desktop read neither
// (machine.DesktopOther: the environment decides). With no desktop named
// and no display at all, there is no desktop session
// (machine.DesktopNone; the environment decides as well).
func desktopOf(getenv func(string) string) string {
	for _, d := range strings.Split(getenv("XDG_CURRENT_DESKTOP"), ":") {
		switch strings.TrimSpace(d) {
		case "Unity", "Deepin", "GNOME", "X-Cinnamon", "Pantheon", "UKUI":
			return machine.ProxyGNOME
		case "KDE":
			return machine.ProxyKDE
		case "XFCE", "LXQt":
			return machine.DesktopOther
		}
	}
	switch s := getenv("DESKTOP_SESSION"); {
	case s == "deepin", s == "gnome", s == "mate", s == "ukui":
		return machine.ProxyGNOME
	case s == "kde4", s == "kde-plasma", s == "kde":
		return machine.ProxyKDE
	case strings.Contains(s, "xfce"), s == "xubuntu":
		return machine.DesktopOther
	}
	switch {
	case getenv("GNOME_DESKTOP_SESSION_ID") != "":
		return machine.ProxyGNOME
	case getenv("KDE_FULL_SESSION") != "":
		return machine.ProxyKDE
	case getenv("XDG_CURRENT_DESKTOP") == "" && getenv("DESKTOP_SESSION") == "" &&
		getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "":
		// Nothing names a desktop and there is no display: a console or
		// SSH login, not a desktop whose settings go unread.
		return machine.DesktopNone
	}
	return machine.DesktopOther
}

// chromeEnv reads the proxy environment variables as Chrome does on Linux
// (each name lower case first, then upper case): all_proxy, else the
// https_proxy (http_proxy and ftp_proxy serve only their schemes, so https
// then goes direct); a scheme written in these values is dropped and the
// proxy is spoken to in HTTP, even "socks5://". Only when none of them is
// set, SOCKS_SERVER is a SOCKS5 proxy (SOCKS4 with SOCKS_VERSION=4 or a
// socks4:// prefix). no_proxy lists the exceptions; set alone it is a
// configuration too (direct).
func chromeEnv(getenv func(string) string) machine.Proxy {
	get := func(name string) (string, string) {
		if v := getenv(name); v != "" {
			return name, v
		}
		return strings.ToUpper(name), getenv(strings.ToUpper(name))
	}
	p := machine.Proxy{Source: machine.ProxyEnv}
	name, value := get("all_proxy")
	perScheme := false
	if value == "" {
		for _, n := range []string{"http_proxy", "ftp_proxy"} {
			if n, v := get(n); v != "" {
				perScheme, p.EnvVar = true, n
			}
		}
		name, value = get("https_proxy")
	}
	switch {
	case value != "":
		p.EnvVar, p.HTTPS = name, withoutScheme(value)
	case !perScheme:
		if n, v := get("SOCKS_SERVER"); v != "" {
			_, version := get("SOCKS_VERSION")
			p.EnvVar, p.SOCKS = n, chromeSOCKS(v, version == "4")
			value = v
		}
	}
	if u, err := url.Parse(value); err == nil && u.User != nil && strings.Contains(value, "://") {
		p.Credentials = u.User
	}
	n, noProxy := get("no_proxy")
	for _, b := range strings.Split(noProxy, ",") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	switch {
	case p.EnvVar == "" && noProxy != "":
		p.EnvVar = n
	case p.EnvVar == "":
		return machine.Proxy{Source: machine.ProxyNone}
	}
	return p
}

// kioslavercPath is where Chrome reads kioslaverc: $KDEHOME/share/config;
// else ~/.config for KDE 5 and 6 (KDE_SESSION_VERSION); else, for older
// KDE, ~/.kde4/share/config when ~/.kde4 exists, otherwise
// ~/.kde/share/config. Chrome does not follow XDG_CONFIG_HOME here. The
// paths are POSIX ones (path, not filepath): KDE runs on Linux, and the
// portable tests run under Wine too. ""
// without a home.
func kioslavercPath(getenv func(string) string, exists func(string) bool) string {
	if home := getenv("KDEHOME"); home != "" {
		return path.Join(home, "share", "config", "kioslaverc")
	}
	home := getenv("HOME")
	switch v := getenv("KDE_SESSION_VERSION"); {
	case home == "":
		return ""
	case v == "5" || v == "6":
		return path.Join(home, ".config", "kioslaverc")
	case exists(path.Join(home, ".kde4")):
		return path.Join(home, ".kde4", "share", "config", "kioslaverc")
	}
	return path.Join(home, ".kde", "share", "config", "kioslaverc")
}

// withoutScheme is a proxy setting's "host:port" with any scheme,
// user:password and trailing slash dropped, as Chrome reads an HTTP
// proxy setting on Linux.
func withoutScheme(v string) string {
	v = machine.StripUserinfo(strings.TrimSpace(v))
	if i := strings.Index(v, "://"); i >= 0 {
		v = v[i+3:]
	}
	return strings.TrimSuffix(v, "/")
}

// chromeSOCKS writes a SOCKS setting with its version as Chrome reads the
// desktops' and SOCKS_SERVER's: SOCKS5 unless the value starts with
// socks4:// (or v4 is asked); any other scheme, socks4a:// included, is
// dropped.
func chromeSOCKS(v string, v4 bool) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "socks4://") {
		v4 = true
	}
	if v4 {
		return machine.SOCKS4 + "://" + withoutScheme(v)
	}
	return machine.SOCKS5 + "://" + withoutScheme(v)
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
			"org.gnome.system.proxy.http host", "org.gnome.system.proxy.ftp host",
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
	case "none":
	case "manual":
		p.HTTPS = hostPort(gvariantString(vals[".https host"]), vals[".https port"], "80")
		if s := hostPort(gvariantString(vals[".socks host"]), vals[".socks port"], "1080"); s != "" {
			p.SOCKS = chromeSOCKS(s, false)
		}
		if p.HTTPS == "" && p.SOCKS == "" && gvariantString(vals[".http host"]) == "" && gvariantString(vals[".ftp host"]) == "" {
			// Manual without any proxy: Chrome takes the environment.
			return machine.Proxy{}, false
		}
		p.Bypass = gvariantStrings(vals[" ignore-hosts"])
	case "auto":
		p.PAC = machine.StripUserinfo(gvariantString(vals[" autoconfig-url"]))
		p.AutoDetect = p.PAC == ""
	default:
		// A mode Chrome does not know: it takes the environment.
		return machine.Proxy{}, false
	}
	return p, true
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
		// Chrome resolves only the http, https and ftp fields and the
		// exceptions through the environment; socksProxy is taken as written.
		if s := kdeProxy(vals["socksProxy"], "1080"); s != "" {
			p.SOCKS = chromeSOCKS(s, false)
		}
		if p.HTTPS == "" && p.SOCKS == "" && kdeProxy(field("httpProxy"), "80") == "" && kdeProxy(field("ftpProxy"), "21") == "" {
			// Manual without any proxy: Chrome takes the environment.
			return machine.Proxy{}, false
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
// "http://host:port"; "" or "//:" is none. An http:// or https:// scheme is
// dropped (the proxy is spoken to in HTTP); another one is kept for
// chromeSOCKS (in httpsProxy, hostOf drops it later: Chrome speaks HTTP
// to whatever the https field names).
func kdeProxy(v, defPort string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "//:") {
		return ""
	}
	host, port, _ := strings.Cut(v, " ")
	lower := strings.ToLower(host)
	for _, s := range []string{"http://", "https://"} {
		if strings.HasPrefix(lower, s) {
			host = host[len(s):]
		}
	}
	return hostPort(host, port, defPort)
}
