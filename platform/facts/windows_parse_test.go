package facts

import (
	"net/url"
	"testing"

	"rootip-cert/internal/machine"
)

func TestWindowsVersion(t *testing.T) {
	for _, tc := range []struct {
		product, display, release, build string
		ubr                              uint64
		want                             machine.OSInfo
	}{
		{"Windows 10 Pro", "22H2", "2009", "19045", 3693, machine.OSInfo{Name: "Windows 10 Pro", Version: "22H2", Build: "19045.3693"}},
		{"Windows 10 Pro", "23H2", "2009", "22631", 2861, machine.OSInfo{Name: "Windows 11 Pro", Version: "23H2", Build: "22631.2861"}},
		{"Windows 10 Enterprise", "", "1909", "18363", 0, machine.OSInfo{Name: "Windows 10 Enterprise", Version: "1909", Build: "18363"}},
	} {
		if got := windowsVersion(tc.product, tc.display, tc.release, tc.build, tc.ubr); got != tc.want {
			t.Errorf("windowsVersion(%q, %q) = %+v, want %+v", tc.product, tc.build, got, tc.want)
		}
	}
}

func TestParseWinINet(t *testing.T) {
	p := parseWinINet(1, "http=proxy:8080;https=alice:s3cret@secure:8443", "*.corp.example;<local>", "http://wpad/proxy.pac", true)
	if p.HTTPS != "secure:8443" || len(p.Bypass) != 2 || p.PAC != "http://wpad/proxy.pac" || !p.AutoDetect || p.Source != machine.ProxyWinINet {
		t.Errorf("proxy = %+v", p)
	}
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	if got := p.For(u); got == nil || got.Host != "secure:8443" {
		t.Errorf("For(system address) = %v", got)
	}
	if got := p.For(&url.URL{Scheme: "https", Host: "intranet"}); got != nil {
		t.Errorf("<local> host went through the proxy: %v", got)
	}
	if got := p.For(&url.URL{Scheme: "https", Host: "a.corp.example"}); got != nil {
		t.Errorf("bypassed host went through the proxy: %v", got)
	}
	if q := parseWinINet(1, "proxy.example.co.jp:8080", "", "", false); q.HTTPS != "proxy.example.co.jp:8080" {
		t.Errorf("single server = %+v", q)
	}
	if q := parseWinINet(1, "http=h:80;socks=u:pw@s.corp:1080", "", "", false); q.SOCKS != "socks4://s.corp:1080" || q.Source != machine.ProxyWinINet {
		t.Errorf("socks= = %+v, want SOCKS4 without credentials", q)
	}
	if q := parseWinINet(0, "proxy:8080", "", "", false); q.Source != machine.ProxyNone || q.HTTPS != "" {
		t.Errorf("disabled proxy = %+v", q)
	}
}
