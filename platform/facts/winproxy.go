package facts

import (
	"context"
	"errors"
	"net"
	"net/url"
	"path"
	"strings"

	"rootip-cert/internal/machine"
)

// This file holds the Windows proxy decision as portable logic: what
// WinHTTP says (winproxy_windows.go) is data here, so that the parsing of
// its proxy and bypass lists and the order Chrome and Edge follow
// (automatic detection, then the script address, then the manual proxy)
// are tested on every OS.

// ieConfig is the user's Internet Settings as
// WinHttpGetIEProxyConfigForCurrentUser returns them.
type ieConfig struct {
	AutoDetect    bool   // 「設定を自動的に検出する」 (WPAD)
	AutoConfigURL string // 「自動構成スクリプトを使用する」
	Proxy         string // "host:port" or "http=h:p;https=h:p"; "" when off
	Bypass        string // "*.corp.example;<local>"
}

// scriptAnswer is WinHttpGetProxyForUrl's answer for one address.
type scriptAnswer struct {
	Named  bool   // WINHTTP_ACCESS_TYPE_NAMED_PROXY (else direct)
	Proxy  string // the proxy list
	Bypass string
}

// winHTTP is what the decision asks WinHTTP; tests answer with recorded data.
type winHTTP interface {
	// config reads the current user's settings.
	config() (ieConfig, error)
	// detect runs WPAD (DHCP, then DNS "wpad") and returns the script's URL.
	detect(ctx context.Context) (string, error)
	// evaluate downloads the script at pac and runs it for target.
	evaluate(ctx context.Context, target, pac string) (scriptAnswer, error)
}

// winHTTPError is a WinHTTP error code (ERROR_WINHTTP_*).
type winHTTPError uint32

func (e winHTTPError) Error() string { return "winhttp error " + uitoa(uint32(e)) }

func uitoa(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b [10]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// scriptErrorCode is a stable, short name for why a script gave no answer.
func scriptErrorCode(ctx context.Context, err error) string {
	var code winHTTPError
	switch {
	case ctx.Err() != nil:
		return "timeout"
	case !errors.As(err, &code):
		return "other"
	}
	switch code {
	case 12167: // ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT
		return "download"
	case 12166: // ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT
		return "script"
	case 12180: // ERROR_WINHTTP_AUTODETECTION_FAILED
		return "detect"
	case 12002: // ERROR_WINHTTP_TIMEOUT
		return "timeout"
	}
	return "other"
}

// decideWindows decides the proxy for u in Chrome's order: a WPAD script
// when automatic detection finds one and it answers, else the
// AutoConfigURL script, else the manual proxy and its exceptions. A script that fails is said so
// (ViaPACFailed) and the browser's fallback, the manual proxy or direct,
// is the decision's proxy. WPAD that finds nothing is the normal case at
// home (the setting is on by default) and is not reported.
func decideWindows(ctx context.Context, u *url.URL, api winHTTP) machine.ProxyDecision {
	if u == nil {
		return machine.ProxyDecision{Via: machine.ViaNone}
	}
	if machine.IsLoopback(u.Hostname()) {
		return machine.ProxyDecision{Via: machine.ViaBypass, Rule: "<loopback>"}
	}
	cfg, err := api.config()
	if err != nil {
		return machine.ProxyDecision{Via: machine.ViaNone}
	}
	var failed *machine.ProxyDecision
	if cfg.AutoDetect {
		if script, err := api.detect(ctx); err == nil && script != "" {
			d, err := fromScript(ctx, api, u, script, machine.ViaWPAD)
			if err == nil {
				return d
			}
			failed = &machine.ProxyDecision{Script: machine.StripUserinfo(script), Error: scriptErrorCode(ctx, err)}
		}
	}
	if cfg.AutoConfigURL != "" {
		d, err := fromScript(ctx, api, u, cfg.AutoConfigURL, machine.ViaPAC)
		if err == nil {
			return d
		}
		failed = &machine.ProxyDecision{Script: machine.StripUserinfo(cfg.AutoConfigURL), Error: scriptErrorCode(ctx, err)}
	}
	d := manualDecision(cfg, u)
	if failed != nil {
		failed.Via, failed.Proxy, failed.Credentials = machine.ViaPACFailed, d.Proxy, d.Credentials
		return *failed
	}
	return d
}

func fromScript(ctx context.Context, api winHTTP, u *url.URL, script, via string) (machine.ProxyDecision, error) {
	ans, err := api.evaluate(ctx, u.String(), script)
	if err != nil {
		return machine.ProxyDecision{}, err
	}
	d := machine.ProxyDecision{Via: via, Script: machine.StripUserinfo(script)}
	if !ans.Named || bypassRule(ans.Bypass, u) != "" {
		return d, nil
	}
	d.Proxy, d.Credentials = pickProxy(ans.Proxy, u.Scheme)
	return d, nil
}

// manualDecision is the manual proxy (ProxyServer) and its exceptions
// (ProxyOverride) applied to u.
func manualDecision(cfg ieConfig, u *url.URL) machine.ProxyDecision {
	if strings.TrimSpace(cfg.Proxy) == "" {
		return machine.ProxyDecision{Via: machine.ViaNone}
	}
	proxy, user := pickProxy(cfg.Proxy, u.Scheme)
	scheme := ""
	if proxy == "" {
		// "socks=host:port" serves every scheme without its own proxy;
		// Chrome and Edge read it as SOCKS version 4.
		if proxy, user = pickProxy(cfg.Proxy, "socks"); proxy != "" {
			scheme = machine.SOCKS4
		}
	}
	if proxy == "" {
		// Only other schemes have a proxy ("http=…"): https goes direct.
		return machine.ProxyDecision{Via: machine.ViaNone}
	}
	if rule := bypassRule(cfg.Bypass, u); rule != "" {
		return machine.ProxyDecision{Via: machine.ViaBypass, Rule: rule}
	}
	return machine.ProxyDecision{Via: machine.ViaFixed, Proxy: proxy, Scheme: scheme, Credentials: user}
}

// listItems splits a WinHTTP list: entries are separated by semicolons or
// whitespace (the documentation of WINHTTP_PROXY_INFO), and commas appear
// in hand-written exception lists.
func listItems(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\n'
	})
}

// pickProxy returns the first proxy of list for scheme: a "scheme=" entry
// for that scheme, else the first entry without a scheme. "DIRECT" first
// means direct; a missing port is WinHTTP's default, 80; "user:pw@" is
// taken out of the address and returned apart. SOCKS entries count only
// for scheme "socks" (manualDecision's fallback).
func pickProxy(list, scheme string) (string, *url.Userinfo) {
	var scoped, plain string
	for _, item := range listItems(list) {
		key, value, hasKey := strings.Cut(item, "=")
		if !hasKey {
			key, value = "", item
		}
		key = strings.ToLower(key)
		switch {
		case strings.EqualFold(value, "PROXY"), strings.EqualFold(value, "HTTP"), strings.EqualFold(value, "HTTPS"):
			continue // a PAC keyword in front of the address
		case strings.EqualFold(value, "DIRECT"):
			if scoped == "" && plain == "" && (key == "" || key == scheme) {
				return "", nil
			}
			continue
		case (key == "socks") != (scheme == "socks") || strings.HasPrefix(strings.ToLower(value), "socks"):
			continue
		case key == scheme && scoped == "":
			scoped = value
		case key == "" && plain == "":
			plain = value
		}
	}
	chosen := scoped
	if chosen == "" {
		chosen = plain
	}
	if chosen == "" {
		return "", nil
	}
	var user *url.Userinfo
	if pu, err := url.Parse("http://" + strings.TrimPrefix(strings.TrimPrefix(chosen, "http://"), "https://")); err == nil && pu.User != nil {
		user = pu.User
	}
	hostport := machine.StripUserinfo(chosen)
	if i := strings.Index(hostport, "://"); i >= 0 {
		hostport = hostport[i+3:]
	}
	hostport = strings.TrimSuffix(hostport, "/")
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		hostport = net.JoinHostPort(strings.Trim(hostport, "[]"), "80")
	}
	return hostport, user
}

// bypassRule returns the entry of the exception list that sends u direct
// ("" for none). Entries are wildcard patterns on the host name
// ("*.corp.example", "10.*", "intranet"), optionally with a scheme
// ("https://…") or a port (":8443"); "<local>" is any name without a dot;
// an address range ("192.168.0.0/16") matches addresses in it.
func bypassRule(list string, u *url.URL) string {
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	for _, item := range listItems(list) {
		rule := strings.ToLower(item)
		switch rule {
		case "<local>":
			if !strings.Contains(host, ".") && !strings.Contains(host, ":") {
				return item
			}
			continue
		case "<-loopback>":
			continue
		}
		if _, cidr, err := net.ParseCIDR(rule); err == nil {
			if ip := net.ParseIP(host); ip != nil && cidr.Contains(ip) {
				return item
			}
			continue
		}
		if i := strings.Index(rule, "://"); i >= 0 {
			if rule[:i] != u.Scheme {
				continue
			}
			rule = rule[i+3:]
		}
		if h, p, err := net.SplitHostPort(rule); err == nil && !strings.Contains(h, ":") {
			if p != port {
				continue
			}
			rule = h
		}
		rule = strings.Trim(rule, "[]")
		if strings.HasPrefix(rule, ".") {
			rule = "*" + rule
		}
		if ok, err := path.Match(rule, host); err == nil && ok {
			return item
		}
	}
	return ""
}
