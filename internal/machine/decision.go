package machine

import (
	"net"
	"net/url"
	"strings"
)

// What decided the proxy for one address (ProxyDecision.Via).
const (
	ViaNone   = "none"   // nothing configured: direct
	ViaEnv    = "env"    // the proxy environment variables, where the browser reads them
	ViaFixed  = "fixed"  // the OS's manual proxy setting
	ViaBypass = "bypass" // the settings' exception list (or a loopback address) sends it direct
	ViaPAC    = "pac"    // the automatic configuration script (AutoConfigURL) answered
	ViaWPAD   = "wpad"   // "automatically detect settings" found a script that answered
	// ViaPACFailed: a script or WPAD is configured but gave no answer; the
	// browser then falls back to the manual proxy, or goes direct.
	ViaPACFailed = "pac-failed"
	// ViaUnevaluated: a script is configured that nobody ran (Decide
	// alone; on macOS and Linux, WPAD without a script address): the
	// checks use the manual proxy or go direct.
	ViaUnevaluated = "pac-unevaluated"
)

// ProxyDecision is the proxy the browser uses for one address and what
// decided it, as data. Proxy "" is a direct connection.
type ProxyDecision struct {
	Via   string `json:"via"`
	Proxy string `json:"proxy,omitempty"` // "host:port", no credentials
	// Scheme is "socks5" or "socks4" for a SOCKS proxy, "" for HTTP CONNECT.
	Scheme string `json:"scheme,omitempty"`
	// Script is the PAC URL that answered or failed (WPAD: the one found).
	Script string `json:"script,omitempty"`
	// Rule is the bypass entry that matched (ViaBypass).
	Rule string `json:"rule,omitempty"`
	// Error is a short, stable reason the script gave no answer
	// ("download", "script", "detect", "timeout", "evaluator-missing": the
	// program that runs scripts is not installed, "other").
	Error string `json:"error,omitempty"`
	// Credentials for the proxy, used only to dial it.
	Credentials *url.Userinfo `json:"-"`
}

// URL is the proxy to dial for the decision (nil: direct).
func (d ProxyDecision) URL() *url.URL {
	if d.Proxy == "" {
		return nil
	}
	scheme := "http"
	if d.Scheme != "" {
		scheme = d.Scheme
	}
	return &url.URL{Scheme: scheme, Host: d.Proxy, User: d.Credentials}
}

// Decide is the decision the settings p make for u without running a
// script: the fixed proxy unless bypassed, otherwise direct; a PAC URL or
// WPAD that nobody evaluated is said so (ViaUnevaluated), with the manual
// proxy as the fallback the checks use.
func (p Proxy) Decide(u *url.URL) ProxyDecision {
	if u == nil {
		return ProxyDecision{Via: ViaNone}
	}
	if IsLoopback(u.Hostname()) {
		return ProxyDecision{Via: ViaBypass, Rule: "<loopback>"}
	}
	via := ViaFixed
	if p.Source == ProxyEnv {
		via = ViaEnv
	}
	pu := p.For(u)
	var d ProxyDecision
	if pu != nil {
		d = ProxyDecision{Via: via, Proxy: pu.Host, Credentials: pu.User}
		if pu.Scheme != "http" {
			d.Scheme = pu.Scheme
		}
	}
	switch {
	case p.Source != ProxyEnv && (p.PAC != "" || p.AutoDetect):
		// The script decides first; the manual proxy is the fallback.
		d.Via, d.Script = ViaUnevaluated, p.PAC
	case pu == nil && (p.HTTPS != "" || p.SOCKS != ""):
		d.Via = ViaBypass
	case pu == nil:
		d.Via = ViaNone
	}
	return d
}

// IsLoopback is a name or address Chrome never sends through a proxy
// (its implicit bypass rules): localhost, *.localhost, 127/8 and ::1.
func IsLoopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
