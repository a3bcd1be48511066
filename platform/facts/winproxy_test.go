package facts

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"rootip-cert/internal/machine"
)

func TestPickProxy(t *testing.T) {
	for _, tc := range []struct {
		name, list, scheme, want, user string
	}{
		{"one for all", "proxy.corp:8080", "https", "proxy.corp:8080", ""},
		{"per scheme", "http=a.corp:80;https=b.corp:8443;ftp=c:21", "https", "b.corp:8443", ""},
		{"https only for http", "https=b.corp:8443", "http", "", ""},
		{"http only for https", "http=a.corp:80", "https", "", ""},
		{"scheme wins over plain", "any.corp:1 https=b.corp:2", "https", "b.corp:2", ""},
		{"whitespace list", "a.corp:3128  b.corp:3128", "https", "a.corp:3128", ""},
		{"missing port", "proxy.corp", "https", "proxy.corp:80", ""},
		{"url form", "http://proxy.corp:8080/", "https", "proxy.corp:8080", ""},
		{"credentials taken out", "http://user:pa%3Ass@proxy.corp:8080", "https", "proxy.corp:8080", "user"},
		{"bare credentials", "user:pw@proxy.corp:8080", "https", "proxy.corp:8080", "user"},
		{"PAC keyword", "PROXY 127.0.0.1:3199; DIRECT", "https", "127.0.0.1:3199", ""},
		{"direct first", "DIRECT; PROXY a:1", "https", "", ""},
		{"socks skipped", "socks=s.corp:1080", "https", "", ""},
		{"socks then http", "socks=s.corp:1080;https=b:1", "https", "b:1", ""},
		{"ipv6", "[fd00::1]:3128", "https", "[fd00::1]:3128", ""},
		{"ipv6 no port", "[fd00::1]", "https", "[fd00::1]:80", ""},
		{"empty", " ; ", "https", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, user := pickProxy(tc.list, tc.scheme)
			if got != tc.want {
				t.Errorf("pickProxy(%q) = %q, want %q", tc.list, got, tc.want)
			}
			if name := user.Username(); name != tc.user {
				t.Errorf("user = %q, want %q", name, tc.user)
			}
		})
	}
}

func TestBypassRule(t *testing.T) {
	const list = "*.corp.example; intranet;<local> 10.*, 192.168.0.0/16;https://secure.test;plain.test:8443;.dot.test"
	for _, tc := range []struct {
		url, want string
	}{
		{"https://a.corp.example/", "*.corp.example"},
		{"https://A.B.Corp.Example./", "*.corp.example"},
		{"https://corp.example/", ""},
		{"https://intranet/", "intranet"},
		{"https://intranet.other/", ""},
		{"https://files/", "<local>"},
		{"https://10.1.2.3/", "10.*"},
		{"https://192.168.4.5:444/", "192.168.0.0/16"},
		{"https://secure.test/", "https://secure.test"},
		{"http://secure.test/", ""},
		{"https://plain.test:8443/", "plain.test:8443"},
		{"https://plain.test/", ""},
		{"https://x.dot.test/", ".dot.test"},
		{"https://demo.rootip-cloud.net/", ""},
		{"https://[fd00::1]/", ""},
	} {
		u, _ := url.Parse(tc.url)
		if got := bypassRule(list, u); got != tc.want {
			t.Errorf("bypassRule(%s) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

// fakeWinHTTP answers as WinHTTP recorded under Wine and on Windows.
type fakeWinHTTP struct {
	cfg       ieConfig
	wpad      string
	wpadErr   error
	answers   map[string]scriptAnswer // by script URL
	errs      map[string]error
	evaluated []string
}

func (f *fakeWinHTTP) config() (ieConfig, error) { return f.cfg, nil }
func (f *fakeWinHTTP) detect(context.Context) (string, error) {
	if f.wpad == "" && f.wpadErr == nil {
		return "", winHTTPError(12180)
	}
	return f.wpad, f.wpadErr
}
func (f *fakeWinHTTP) evaluate(_ context.Context, target, pac string) (scriptAnswer, error) {
	f.evaluated = append(f.evaluated, pac)
	if err := f.errs[pac]; err != nil {
		return scriptAnswer{}, err
	}
	return f.answers[pac], nil
}

func TestDecideWindows(t *testing.T) {
	const pac = "http://pac.corp/proxy.pac"
	const wpad = "http://wpad.corp/wpad.dat"
	named := scriptAnswer{Named: true, Proxy: "127.0.0.1:3199"}
	for _, tc := range []struct {
		name string
		url  string
		api  fakeWinHTTP
		want machine.ProxyDecision
	}{
		{"nothing set", "", fakeWinHTTP{}, machine.ProxyDecision{Via: machine.ViaNone}},
		{"manual proxy", "", fakeWinHTTP{cfg: ieConfig{Proxy: "http=a:80;https=b.corp:8443", Bypass: "<local>"}},
			machine.ProxyDecision{Via: machine.ViaFixed, Proxy: "b.corp:8443"}},
		{"socks= alone is SOCKS4 for https", "", fakeWinHTTP{cfg: ieConfig{Proxy: "http=a:80;socks=s.corp:1080"}},
			machine.ProxyDecision{Via: machine.ViaFixed, Proxy: "s.corp:1080", Scheme: machine.SOCKS4}},
		{"https= before socks=", "", fakeWinHTTP{cfg: ieConfig{Proxy: "socks=s.corp:1080;https=b.corp:8443"}},
			machine.ProxyDecision{Via: machine.ViaFixed, Proxy: "b.corp:8443"}},
		{"manual proxy, exception", "", fakeWinHTTP{cfg: ieConfig{Proxy: "b.corp:8443", Bypass: "*.rootip-cloud.net"}},
			machine.ProxyDecision{Via: machine.ViaBypass, Rule: "*.rootip-cloud.net"}},
		{"loopback never proxied", "https://127.0.0.1:8443/", fakeWinHTTP{cfg: ieConfig{Proxy: "b.corp:8443"}},
			machine.ProxyDecision{Via: machine.ViaBypass, Rule: "<loopback>"}},
		{"PAC answers a proxy", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac, Proxy: "b.corp:8443"}, answers: map[string]scriptAnswer{pac: named}},
			machine.ProxyDecision{Via: machine.ViaPAC, Proxy: "127.0.0.1:3199", Script: pac}},
		{"PAC answers DIRECT", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac}, answers: map[string]scriptAnswer{pac: {}}},
			machine.ProxyDecision{Via: machine.ViaPAC, Script: pac}},
		{"PAC download fails, manual fallback", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac, Proxy: "b.corp:8443"},
			errs: map[string]error{pac: winHTTPError(12167)}},
			machine.ProxyDecision{Via: machine.ViaPACFailed, Proxy: "b.corp:8443", Script: pac, Error: "download"}},
		{"PAC broken, direct", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac}, errs: map[string]error{pac: winHTTPError(12166)}},
			machine.ProxyDecision{Via: machine.ViaPACFailed, Script: pac, Error: "script"}},
		{"PAC other error", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac}, errs: map[string]error{pac: errors.New("boom")}},
			machine.ProxyDecision{Via: machine.ViaPACFailed, Script: pac, Error: "other"}},
		{"PAC URL credentials masked", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: "http://u:secret@pac.corp/p.pac"},
			answers: map[string]scriptAnswer{"http://u:secret@pac.corp/p.pac": named}},
			machine.ProxyDecision{Via: machine.ViaPAC, Proxy: "127.0.0.1:3199", Script: "http://pac.corp/p.pac"}},
		{"WPAD first", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true, AutoConfigURL: pac}, wpad: wpad,
			answers: map[string]scriptAnswer{wpad: {Named: true, Proxy: "w.corp:8080"}, pac: named}},
			machine.ProxyDecision{Via: machine.ViaWPAD, Proxy: "w.corp:8080", Script: wpad}},
		{"WPAD finds nothing: PAC next", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true, AutoConfigURL: pac}, answers: map[string]scriptAnswer{pac: named}},
			machine.ProxyDecision{Via: machine.ViaPAC, Proxy: "127.0.0.1:3199", Script: pac}},
		{"WPAD finds nothing at home: direct, not a warning", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true}},
			machine.ProxyDecision{Via: machine.ViaNone}},
		{"WPAD script fails: manual fallback", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true, Proxy: "b.corp:8443"}, wpad: wpad,
			errs: map[string]error{wpad: winHTTPError(12002)}},
			machine.ProxyDecision{Via: machine.ViaPACFailed, Proxy: "b.corp:8443", Script: wpad, Error: "timeout"}},
		{"WPAD script fails, PAC answers", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true, AutoConfigURL: pac}, wpad: wpad,
			errs: map[string]error{wpad: winHTTPError(12166)}, answers: map[string]scriptAnswer{pac: named}},
			machine.ProxyDecision{Via: machine.ViaPAC, Proxy: "127.0.0.1:3199", Script: pac}},
		{"WPAD and PAC fail: the PAC's failure", "", fakeWinHTTP{cfg: ieConfig{AutoDetect: true, AutoConfigURL: pac}, wpad: wpad,
			errs: map[string]error{wpad: winHTTPError(12166), pac: winHTTPError(12167)}},
			machine.ProxyDecision{Via: machine.ViaPACFailed, Script: pac, Error: "download"}},
		{"PAC answer with its own bypass", "", fakeWinHTTP{cfg: ieConfig{AutoConfigURL: pac},
			answers: map[string]scriptAnswer{pac: {Named: true, Proxy: "p:1", Bypass: "*.rootip-cloud.net"}}},
			machine.ProxyDecision{Via: machine.ViaPAC, Script: pac}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := tc.url
			if raw == "" {
				raw = "https://demo.rootip-cloud.net/"
			}
			u, _ := url.Parse(raw)
			got := decideWindows(context.Background(), u, &tc.api)
			got.Credentials = nil
			if got != tc.want {
				t.Errorf("decision = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestDecideWindowsTimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	u, _ := url.Parse("https://demo.rootip-cloud.net/")
	api := &fakeWinHTTP{cfg: ieConfig{AutoConfigURL: "http://pac.corp/p.pac"}, errs: map[string]error{"http://pac.corp/p.pac": context.Canceled}}
	if got := decideWindows(ctx, u, api); got.Via != machine.ViaPACFailed || got.Error != "timeout" {
		t.Fatalf("decision = %+v, want pac-failed by timeout", got)
	}
}

// TestOSSettingsNameTheIgnoredEnvironment: on Windows and macOS the
// browser follows the OS's settings only, so a proxy variable changes no
// decision and is named as not followed, with the OS's settings as the
// source even when they name no proxy.
func TestOSSettingsNameTheIgnoredEnvironment(t *testing.T) {
	u, _ := url.Parse("https://demo.rootip-cloud.net/")
	manual := parseWinINet(1, "wininet.corp:8080", "", "", false)
	none := parseWinINet(0, "", "", "", false)
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, tc := range []struct {
		name                  string
		p                     machine.Proxy
		vars                  map[string]string
		source, ignored, goes string
	}{
		{"manual proxy, HTTPS_PROXY set", manual, map[string]string{"HTTPS_PROXY": "http://user:secret@envproxy.corp:3128"}, machine.ProxyWinINet, "HTTPS_PROXY", "wininet.corp:8080"},
		{"no proxy, ALL_PROXY set", none, map[string]string{"ALL_PROXY": "socks5://s.corp:1080"}, machine.ProxyWinINet, "ALL_PROXY", ""},
		{"no proxy, nothing set", none, map[string]string{}, machine.ProxyNone, "", ""},
		{"manual proxy, only NO_PROXY set", manual, map[string]string{"NO_PROXY": ".rootip-cloud.net"}, machine.ProxyWinINet, "", "wininet.corp:8080"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := osSettings(tc.p, machine.ProxyWinINet, env(tc.vars))
			d := got.Decide(u)
			if got.Source != tc.source || got.EnvIgnored != tc.ignored || d.Proxy != tc.goes || d.Via == machine.ViaEnv {
				t.Fatalf("settings %+v decision %+v, want source %s, %q ignored, through %q", got, d, tc.source, tc.ignored, tc.goes)
			}
			if got.Credentials != nil {
				t.Fatalf("the ignored variable's credentials were kept: %+v", got.Credentials)
			}
		})
	}
}
