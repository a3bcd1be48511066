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
	}{
		{"nothing", Proxy{Source: ProxyNone}, sys, ViaNone, ""},
		{"env", FromEnv(env{"HTTPS_PROXY": "http://u:pw@e.corp:3128"}.get), sys, ViaEnv, "e.corp:3128"},
		{"env bypass", FromEnv(env{"HTTPS_PROXY": "e:1", "NO_PROXY": "rootip-cloud.net"}.get), sys, ViaBypass, ""},
		{"manual", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, sys, ViaFixed, "m.corp:8080"},
		{"PAC first, manual fallback", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080", PAC: "http://p/p.pac"}, sys, ViaUnevaluated, "m.corp:8080"},
		{"loopback", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, mustURL("https://localhost:8443/"), ViaBypass, ""},
		{"no address", Proxy{Source: ProxyScutil, HTTPS: "m.corp:8080"}, nil, ViaNone, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.p.Decide(tc.u)
			if d.Via != tc.via || d.Proxy != tc.proxy {
				t.Fatalf("Decide = %+v, want %s %q", d, tc.via, tc.proxy)
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
