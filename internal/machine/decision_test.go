package machine

import (
	"net/url"
	"testing"
)

func TestDecide(t *testing.T) {
	sys, _ := url.Parse("https://demo.rootip-cloud.net/")
	for _, tc := range []struct {
		name  string
		p     Proxy
		u     *url.URL
		via   string
		proxy string
		socks string // the decision's Scheme
	}{
		{"nothing", Proxy{Source: ProxyNone}, sys, ViaNone, "", ""},
		{"env", FromEnv(env{"HTTPS_PROXY": "http://u:pw@e.corp:3128"}.get), sys, ViaEnv, "e.corp:3128", ""},
		{"env bypass", FromEnv(env{"HTTPS_PROXY": "e:1", "NO_PROXY": "rootip-cloud.net"}.get), sys, ViaBypass, "", ""},
		{"manual", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, sys, ViaFixed, "m.corp:8080", ""},
		{"PAC first, manual fallback", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080", PAC: "http://p/p.pac"}, sys, ViaUnevaluated, "m.corp:8080", ""},
		{"loopback", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, mustURL("https://localhost:8443/"), ViaBypass, "", ""},
		{"no address", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, nil, ViaNone, "", ""},
		{"env SOCKS5", FromEnv(env{"ALL_PROXY": "socks5h://u:pw@s.corp:1080"}.get), sys, ViaEnv, "s.corp:1080", SOCKS5},
		{"all_proxy before HTTPS_PROXY", FromEnv(env{"all_proxy": "socks5://s:1", "HTTPS_PROXY": "h:2"}.get), sys, ViaEnv, "s:1", SOCKS5},
		{"SOCKS4 setting", Proxy{Source: ProxyGNOME, SOCKS: "socks4://s4.corp:1080"}, sys, ViaFixed, "s4.corp:1080", SOCKS4},
		{"HTTPS proxy before SOCKS", Proxy{Source: ProxyKDE, HTTPS: "h.corp:8080", SOCKS: "socks5://s:1"}, sys, ViaFixed, "h.corp:8080", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.p.Decide(tc.u)
			if d.Via != tc.via || d.Proxy != tc.proxy || d.Scheme != tc.socks {
				t.Fatalf("Decide = %+v, want %s %q %q", d, tc.via, tc.proxy, tc.socks)
			}
			if u := d.URL(); u != nil && (u.User != nil) != (tc.name == "env SOCKS5" || tc.name == "env") {
				t.Errorf("credentials = %v", u.User)
			}
			if (d.URL() == nil) != (tc.proxy == "") {
				t.Fatalf("URL() = %v", d.URL())
			}
		})
	}
}

type env map[string]string

func (m env) get(k string) string { return m[k] }

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }
