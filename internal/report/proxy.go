package report

import (
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
)

// Proxy is the report's proxy line: the proxy the checks used for the
// system address and what decided it, taken from the run's net.proxy
// finding (one source: the checklist the report is about, live or saved),
// never with credentials. The settings fields keep the names of earlier
// reports (source, https, pac, auto_detect, bypass).
type Proxy struct {
	// Source is the settings read (none, env, wininet, scutil, gnome, kde);
	// "" when the run has no net.proxy finding.
	Source string `json:"source"`
	HTTPS  string `json:"https,omitempty"`
	SOCKS  string `json:"socks,omitempty"`
	EnvVar string `json:"env_var,omitempty"`
	// Desktop (Linux) is the desktop whose settings the browser reads, or
	// "other", or "no-session" (no desktop session); EnvIgnored a proxy
	// variable set but not followed.
	Desktop    string   `json:"desktop,omitempty"`
	EnvIgnored string   `json:"env_ignored,omitempty"`
	PAC        string   `json:"pac,omitempty"`
	AutoDetect bool     `json:"auto_detect,omitempty"`
	Bypass     []string `json:"bypass,omitempty"`
	// Via is what decided for the system address (machine.Via*); "" when
	// no address was checked.
	Via string `json:"via,omitempty"`
	// Used is the proxy the checks went through ("host:port"), "" direct.
	Used        string `json:"proxy,omitempty"`
	Scheme      string `json:"scheme,omitempty"` // socks5, socks4; "" HTTP
	Script      string `json:"script,omitempty"`
	Rule        string `json:"rule,omitempty"`
	ScriptError string `json:"script_error,omitempty"`
}

// ProxyOf reads the proxy from the run's net.proxy finding, every address
// without "user:password@".
func ProxyOf(res check.Result) Proxy {
	f, ok := res.Find(check.NetProxy)
	if !ok {
		return Proxy{}
	}
	s := func(k string) string { return machine.StripUserinfo(f.Facts.String(k)) }
	p := Proxy{Source: s("source"), HTTPS: s("https"), SOCKS: s("socks"), EnvVar: s("env_var"), PAC: s("pac"),
		Desktop: s("desktop"), EnvIgnored: s("env_ignored"),
		AutoDetect: f.Facts.Bool("auto_detect"), Via: s("via"), Used: s("proxy"), Scheme: s("scheme"),
		Script: s("script"), Rule: s("rule"), ScriptError: s("script_error")}
	switch list := f.Facts["bypass"].(type) {
	case []string:
		p.Bypass = append(p.Bypass, list...)
	case []any:
		for _, b := range list {
			if b, ok := b.(string); ok {
				p.Bypass = append(p.Bypass, b)
			}
		}
	}
	return p
}

// ProxyText says which proxy the checks used for the system address (as
// the browser does) and the settings behind it, in words.
func ProxyText(msg *i18n.Catalog, r *Report) string {
	p := r.Proxy
	var parts []string
	switch {
	case p.Source == "":
		return msg.T("report.proxy_unchecked")
	case p.Via == "":
		// No address was checked: only the settings are known.
	case p.Used != "" && p.Scheme != "":
		parts = append(parts, msg.T("report.proxy.used_socks", map[string]any{"Proxy": p.Used, "Version": strings.ToUpper(p.Scheme)}))
	case p.Used != "":
		parts = append(parts, msg.T("report.proxy.used", map[string]any{"Proxy": p.Used}))
	default:
		parts = append(parts, msg.T("report.proxy.direct"))
	}
	if p.Via == machine.ViaUnevaluated {
		parts = append(parts, msg.T("report.proxy.unevaluated"))
	}
	if p.Via == machine.ViaPACFailed {
		parts = append(parts, msg.T("report.proxy.failed"))
	}
	if p.HTTPS != "" {
		parts = append(parts, msg.T("report.proxy.https", map[string]any{"Proxy": p.HTTPS}))
	}
	if p.SOCKS != "" {
		parts = append(parts, msg.T("report.proxy.socks", map[string]any{"Proxy": p.SOCKS}))
	}
	if p.PAC != "" {
		parts = append(parts, msg.T("report.proxy.pac", map[string]any{"URL": p.PAC}))
	}
	if p.AutoDetect {
		parts = append(parts, msg.T("report.proxy.wpad"))
	}
	if len(parts) == 0 {
		return msg.T("report.proxy_none")
	}
	if p.EnvIgnored != "" {
		parts = append(parts, msg.T("report.proxy.env_ignored", map[string]any{"Var": p.EnvIgnored}))
	}
	if len(p.Bypass) > 0 {
		parts = append(parts, msg.T("report.proxy.bypass", map[string]any{"List": strings.Join(p.Bypass, ", ")}))
	}
	src := p.Source
	if p.EnvVar != "" {
		src += " " + p.EnvVar
	}
	if p.Source == machine.ProxyNone {
		// Nothing configured: no settings to name (「確認は直接接続(none)」).
		return i18n.Clean(strings.Join(parts, " / "))
	}
	return i18n.Clean(strings.Join(parts, " / ") + msg.Paren(src))
}
