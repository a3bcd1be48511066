package check

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/proxytest"
)

// TestProxyDecisionRoutes: the OS's decision (here a PAC answer, or a PAC
// failure falling back to the manual proxy) is the route the TLS and
// mutual-TLS checks take (one tunnel, one connection), and net.proxy says
// what decided.
func TestProxyDecisionRoutes(t *testing.T) {
	p, addr := vendorServer(t)
	for _, tc := range []struct {
		name    string
		via     string
		outcome string
	}{
		{"PAC answers a proxy", machine.ViaPAC, "proxy"},
		{"WPAD answers a proxy", machine.ViaWPAD, "proxy"},
		{"PAC failed, manual fallback", machine.ViaPACFailed, "pac"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen atomic.Int32
			proxy := proxytest.Start(t, proxytest.Forward, &seen)
			e := netEnv(t, addr, p.Live)
			e.Proxy = machine.Proxy{Source: machine.ProxyWinINet, PAC: "http://pac.corp/proxy.pac"}
			var asked *url.URL
			e.ResolveProxy = func(ctx context.Context, u *url.URL) machine.ProxyDecision {
				asked = u
				if _, ok := ctx.Deadline(); !ok {
					t.Error("the proxy decision has no deadline")
				}
				return machine.ProxyDecision{Via: tc.via, Proxy: proxy, Script: "http://pac.corp/proxy.pac"}
			}
			res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
			expect(t, res, map[string]string{NetProxy: tc.outcome, NetTCP: "via-proxy", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"})
			// The TCP, TLS and mutual-TLS checks and the page share one
			// connection: one tunnel through the proxy.
			if seen.Load() != 1 {
				t.Errorf("the proxy saw %d CONNECTs, want the one the checks share", seen.Load())
			}
			if asked == nil || asked.String() != e.URL.String() {
				t.Errorf("decided for %v, want the system address", asked)
			}
			f, _ := res.Find(NetProxy)
			if f.Facts.String("via") != tc.via || f.Facts.String("proxy") != proxy || f.Facts.String("script") == "" {
				t.Errorf("facts = %v", f.Facts)
			}
		})
	}
}

// TestSOCKS5Routes: a SOCKS5 proxy from ALL_PROXY is the route of the TCP,
// TLS and mutual-TLS checks (a loopback SOCKS5 server counts the CONNECTs
// and sees the system address's name, which the proxy resolves), and
// net.proxy says it is SOCKS5.
func TestSOCKS5Routes(t *testing.T) {
	p, addr := vendorServer(t)
	var seen atomic.Int32
	targets := make(chan string, 8)
	socks := proxytest.StartSOCKS5(t, &seen, targets)

	e := netEnv(t, addr, p.Live)
	e.Proxy = machine.FromEnv(func(k string) string {
		return map[string]string{"ALL_PROXY": "socks5h://" + socks}[k]
	})
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "via-proxy", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"})
	if seen.Load() < 1 {
		t.Errorf("the SOCKS5 proxy saw %d CONNECTs, want the checks' connection (TCP, TLS, mutual TLS and the login page share one)", seen.Load())
	}
	select {
	case got := <-targets:
		if got != e.URL.Host {
			t.Errorf("the SOCKS5 proxy was asked for %s, want %s", got, e.URL.Host)
		}
	default:
		t.Error("the SOCKS5 proxy was asked for nothing")
	}
	f, _ := res.Find(NetProxy)
	if f.Facts.String("scheme") != machine.SOCKS5 || f.Facts.String("proxy") != socks || f.Facts.String("env_var") != "ALL_PROXY" {
		t.Errorf("facts = %v", f.Facts)
	}

	t.Run("a refusing SOCKS5 proxy", func(t *testing.T) {
		e := netEnv(t, "127.0.0.1:1", p.Live) // the proxy's forward is refused
		e.Proxy = machine.Proxy{Source: machine.ProxyGNOME, SOCKS: "socks5://" + socks}
		res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
		expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "proxy-refused"})
		if f, _ := res.Find(NetTCP); f.Facts.String("socks_reply") != "socks5-5" {
			t.Errorf("facts = %v, want the proxy's reply 5 (connection refused)", f.Facts)
		}
	})
	// Each refusal is said in words, in both languages, naming the proxy.
	for _, tc := range []struct {
		name     string
		opts     proxytest.SOCKS5Options
		user     *url.Userinfo
		code     string
		ja, en   string
		connects int32
	}{
		{"ruleset", proxytest.SOCKS5Options{Reply: 2}, nil, "socks5-2", "SOCKS5 の応答 2: プロキシの規則でこの接続が許可されていません", "SOCKS5 reply 2: the proxy's rules do not allow this connection", 1},
		{"host unreachable", proxytest.SOCKS5Options{Reply: 4}, nil, "socks5-4", "SOCKS5 の応答 4: プロキシからシステムアドレスに届きません", "SOCKS5 reply 4: the proxy cannot reach the system address", 1},
		{"sign-in needed", proxytest.SOCKS5Options{User: "u", Password: "pw"}, nil, "socks5-auth", "認証方式を受け付けません", "accepts none of the sign-in methods", 0},
		{"wrong password", proxytest.SOCKS5Options{User: "u", Password: "pw"}, url.UserPassword("u", "wrong"), "socks5-login", "ユーザ名またはパスワードを受け付けません", "does not accept the user name or password", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			socks := proxytest.StartSOCKS5With(t, tc.opts, &n, nil)
			e := netEnv(t, addr, p.Live)
			e.Proxy = machine.Proxy{Source: machine.ProxyGNOME, SOCKS: "socks5://" + socks, Credentials: tc.user}
			res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
			expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "proxy-refused", NetTLS: OutcomeNotReached})
			f, _ := res.Find(NetTCP)
			if f.Facts.String("socks_reply") != tc.code || n.Load() != tc.connects {
				t.Errorf("facts = %v, %d CONNECTs; want reply %s, %d CONNECTs", f.Facts, n.Load(), tc.code, tc.connects)
			}
			for lang, want := range map[i18n.Lang]string{i18n.JA: tc.ja, i18n.EN: tc.en} {
				got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForWindow).Detail
				if !strings.Contains(got, want) || !strings.Contains(got, socks) || strings.Contains(got, "wrong") {
					t.Errorf("%s: %q, want the proxy named and %q, never the password", lang, got, want)
				}
			}
		})
	}
	t.Run("the right password", func(t *testing.T) {
		var n atomic.Int32
		socks := proxytest.StartSOCKS5With(t, proxytest.SOCKS5Options{User: "u", Password: "pw"}, &n, nil)
		e := netEnv(t, addr, p.Live)
		e.Proxy = machine.Proxy{Source: machine.ProxyGNOME, SOCKS: "socks5://" + socks, Credentials: url.UserPassword("u", "pw")}
		res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
		expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "via-proxy", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"})
		if n.Load() != 1 {
			t.Errorf("%d CONNECTs after signing in, want 1", n.Load())
		}
	})
}

// TestProxyText: each source of the decision is named, Japanese and English.
func TestProxyText(t *testing.T) {
	pac := "http://pac.corp/proxy.pac"
	for _, tc := range []struct {
		name    string
		outcome string
		facts   Facts
		ja, en  string
	}{
		{"PAC", "proxy", Facts{"source": "wininet", "via": "pac", "proxy": "127.0.0.1:3128", "script": pac},
			"Windows のプロキシ設定(PAC: http://pac.corp/proxy.pac)により 127.0.0.1:3128 を経由します。",
			"The Windows proxy settings (PAC: http://pac.corp/proxy.pac) send the connection through 127.0.0.1:3128."},
		{"WPAD", "proxy", Facts{"source": "wininet", "via": "wpad", "proxy": "w:8080", "script": "http://wpad/wpad.dat"},
			"自動検出 WPAD: http://wpad/wpad.dat", "WPAD: http://wpad/wpad.dat"},
		{"fixed", "proxy", Facts{"source": "wininet", "via": "fixed", "proxy": "b.corp:8443"},
			"Windows のプロキシ設定により b.corp:8443 を経由します。", "The Windows proxy settings send the connection through b.corp:8443."},
		{"Windows, HTTPS_PROXY not read", "direct", Facts{"source": "wininet", "via": "none", "env_ignored": "HTTPS_PROXY"},
			"Windows のプロキシ設定ではプロキシを使いません。プロキシを使わず直接接続します。環境変数 HTTPS_PROXY も設定されていますが、ブラウザはこれを読まず Windows のプロキシ設定に従うため、このツールも使いません。",
			"The Windows proxy settings use no proxy. Connects directly, without a proxy. The HTTPS_PROXY environment variable is also set, but the browser does not read it and follows the Windows proxy settings, so the tool does not use it either."},
		{"macOS proxy, ALL_PROXY not read", "proxy", Facts{"source": "scutil", "via": "fixed", "proxy": "m:8080", "env_ignored": "ALL_PROXY"},
			"macOS のプロキシ設定により m:8080 を経由します。以降の接続の確認は、ブラウザと同じくこのプロキシを通して行います。環境変数 ALL_PROXY も設定されていますが、ブラウザはこれを読まず macOS のプロキシ設定に従うため、このツールも使いません。",
			"The macOS proxy settings send the connection through m:8080. The following connection checks go through this proxy, as the browser does. The ALL_PROXY environment variable is also set, but the browser does not read it and follows the macOS proxy settings, so the tool does not use it either."},
		{"PAC direct", "direct", Facts{"source": "wininet", "via": "pac", "script": pac},
			"(PAC: http://pac.corp/proxy.pac)により、プロキシを使わず直接接続します。", "(PAC: http://pac.corp/proxy.pac) make the connection direct"},
		{"exception", "direct", Facts{"source": "wininet", "via": "bypass", "rule": "*.rootip-cloud.net"},
			"Windows のプロキシ設定の例外(*.rootip-cloud.net)により", "exception in the Windows proxy settings (*.rootip-cloud.net)"},
		{"PAC failed", "pac", Facts{"source": "wininet", "via": "pac-failed", "script": pac, "script_error": "download", "proxy": "b:1"},
			"スクリプトを取得できません)。ブラウザと同じく、手動で設定されたプロキシ b:1 を経由して確認します。",
			"the script cannot be downloaded). Like the browser, the tool checks through the manually set proxy b:1."},
		{"macOS WPAD not run", "pac", Facts{"source": "scutil", "via": "pac-unevaluated", "auto_detect": true, "proxy": "m:1"},
			"ブラウザは macOS のプロキシ設定の自動検出(WPAD)でプロキシを決めます。このツールは自動検出を行わないため、手動で設定されたプロキシ m:1 を経由して確認します。",
			"The browser picks its proxy with the macOS proxy settings' automatic detection (WPAD). The tool does not perform automatic detection, so it checks through the manually set proxy m:1"},
		{"GNOME PAC answered", "proxy", Facts{"source": "gnome", "via": "pac", "script": pac, "proxy": "p:8080"},
			"GNOME のプロキシ設定(PAC: http://pac.corp/proxy.pac)により p:8080 を経由します。", "The GNOME proxy settings (PAC: http://pac.corp/proxy.pac) send the connection through p:8080."},
		{"KDE WPAD not run", "pac", Facts{"source": "kde", "via": "pac-unevaluated", "auto_detect": true},
			"KDE のプロキシ設定の自動検出(WPAD)でプロキシを決めます。このツールは自動検出を行わないため、直接接続で確認します。", "KDE proxy settings' automatic detection (WPAD). The tool does not perform automatic detection, so it checks with a direct connection"},
		{"GNOME manual", "proxy", Facts{"source": "gnome", "via": "fixed", "proxy": "g.corp:3128"},
			"GNOME のプロキシ設定により g.corp:3128 を経由します。", "The GNOME proxy settings send the connection through g.corp:3128."},
		{"GNOME none", "direct", Facts{"source": "gnome", "via": "none"},
			"GNOME のプロキシ設定ではプロキシを使いません。", "The GNOME proxy settings use no proxy."},
		{"KDE exception", "direct", Facts{"source": "kde", "via": "bypass", "rule": ".rootip-cloud.net"},
			"KDE のプロキシ設定の例外(.rootip-cloud.net)により", "exception in the KDE proxy settings (.rootip-cloud.net)"},
		{"SOCKS5 from ALL_PROXY", "proxy", Facts{"source": "env", "via": "env", "env_var": "ALL_PROXY", "proxy": "s:1080", "scheme": "socks5"},
			"ブラウザと同じく環境変数 ALL_PROXY により s:1080 を経由します。これは SOCKS5 プロキシです。以降の接続の確認は、ブラウザと同じくこのプロキシを通して行います。",
			"Like the browser, the tool follows the ALL_PROXY environment variable: goes through s:1080. This is a SOCKS5 proxy. The following connection checks go through this proxy"},
		{"SOCKS4 from Windows", "proxy", Facts{"source": "wininet", "via": "fixed", "proxy": "s4:1080", "scheme": "socks4"},
			"Windows のプロキシ設定により s4:1080 を経由します。これは SOCKS4 プロキシです(システムアドレスの名前はブラウザと同じくこのパソコンで IPv4 アドレスに変換します)。以降の接続の確認は、ブラウザと同じくこのプロキシを通して行います。",
			"The Windows proxy settings send the connection through s4:1080. This is a SOCKS4 proxy (like the browser, this computer turns the system address's name into an IPv4 address). The following connection checks go through this proxy, as the browser does."},
		{"nothing", "direct", Facts{"source": "none", "via": "none"}, "プロキシを使わず直接接続します。", "Connects directly, without a proxy."},
		{"Linux, other desktop: environment", "proxy", Facts{"source": "env", "via": "env", "env_var": "https_proxy", "desktop": "other", "proxy": "e:3128"},
			"このデスクトップのプロキシ設定はブラウザが読まないため、ブラウザと同じく環境変数 https_proxy により e:3128 を経由します。",
			"The browser does not read this desktop's proxy settings, so, like the browser, the tool follows the https_proxy environment variable: goes through e:3128."},
		{"Linux, no desktop session: environment", "proxy", Facts{"source": "env", "via": "env", "env_var": "HTTPS_PROXY", "desktop": "no-session", "proxy": "127.0.0.1:9"},
			"デスクトップのセッションがない(画面にログインしていない)ため、ブラウザと同じく環境変数 HTTPS_PROXY により 127.0.0.1:9 を経由します。",
			"There is no desktop session (no graphical login), so, like the browser, the tool follows the HTTPS_PROXY environment variable: goes through 127.0.0.1:9."},
		{"Linux, GNOME names no proxy: environment", "proxy", Facts{"source": "env", "via": "env", "env_var": "ALL_PROXY", "desktop": "gnome", "proxy": "e:3128"},
			"GNOME のプロキシ設定が読めないかプロキシの指定がないため、ブラウザと同じく環境変数 ALL_PROXY により e:3128 を経由します。",
			"The GNOME proxy settings cannot be read or name no proxy, so, like the browser, the tool follows the ALL_PROXY environment variable: goes through e:3128."},
		{"Linux, GNOME decides, environment not used", "proxy", Facts{"source": "gnome", "via": "fixed", "desktop": "gnome", "env_ignored": "HTTPS_PROXY", "proxy": "g:1"},
			"GNOME のプロキシ設定により g:1 を経由します。以降の接続の確認は、ブラウザと同じくこのプロキシを通して行います。環境変数 HTTPS_PROXY も設定されていますが、ブラウザはこれを読まず GNOME のプロキシ設定に従うため、このツールも使いません。",
			"The HTTPS_PROXY environment variable is also set, but the browser does not read it and follows the GNOME proxy settings, so the tool does not use it either."},
		{"Linux, KDE none, environment not used", "direct", Facts{"source": "kde", "via": "none", "desktop": "kde", "env_ignored": "all_proxy"},
			"KDE のプロキシ設定ではプロキシを使いません。プロキシを使わず直接接続します。環境変数 all_proxy も設定されていますが",
			"The all_proxy environment variable is also set, but the browser does not read it and follows the KDE proxy settings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding(NetProxy, tc.outcome, tc.facts)
			for lang, want := range map[i18n.Lang]string{i18n.JA: tc.ja, i18n.EN: tc.en} {
				for _, a := range []Audience{ForCLI, ForWindow} {
					got := Describe(f, i18n.New(lang), pkitest.Profile(t), a).Detail
					if !strings.Contains(got, want) || strings.Contains(got, "{{") || strings.Contains(got, "--") {
						t.Errorf("%s %s: %q, want it to contain %q", lang, a, got, want)
					}
				}
			}
		})
	}
}

// TestProxyTextEvaluatorMissing: a script not run because the helper
// program is missing says so in plain words and asks to reinstall the app;
// the usual advice (ask the network administrator) stays for the others.
func TestProxyTextEvaluatorMissing(t *testing.T) {
	missing := Facts{"source": "gnome", "via": "pac-failed", "script": "http://pac.corp/proxy.pac", "script_error": "evaluator-missing"}
	broken := Facts{"source": "gnome", "via": "pac-failed", "script": "http://pac.corp/proxy.pac", "script_error": "script"}
	wpad := Facts{"source": "kde", "via": "pac-unevaluated", "auto_detect": true}
	for lang, want := range map[i18n.Lang][3]string{
		i18n.JA: {"このアプリの一部が見つからないため、スクリプトを実行できません", "このアプリをインストールし直してください。", "ネットワーク管理者"},
		i18n.EN: {"a part of this app is missing, so the script could not be run", "Reinstall this app.", "network administrator"},
	} {
		for _, a := range []Audience{ForCLI, ForWindow} {
			d := Describe(finding(NetProxy, "pac", missing), i18n.New(lang), pkitest.Profile(t), a)
			if !strings.Contains(d.Detail, want[0]) || !strings.Contains(d.Fix, want[1]) || strings.Contains(d.Fix, want[2]) {
				t.Errorf("%s %s missing: detail %q, fix %q", lang, a, d.Detail, d.Fix)
			}
			for _, f := range []Facts{broken, wpad} {
				d := Describe(finding(NetProxy, "pac", f), i18n.New(lang), pkitest.Profile(t), a)
				if strings.Contains(d.Detail, want[0]) || strings.Contains(d.Fix, want[1]) || !strings.Contains(d.Fix, want[2]) || strings.Contains(d.Fix, "{{") {
					t.Errorf("%s %s %v: detail %q, fix %q", lang, a, f, d.Detail, d.Fix)
				}
			}
		}
	}
}

// closedPort is a loopback address nothing listens on (a listener's port,
// closed again): a connection to it is refused.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestProxyThatRefusesIsNamed: through a proxy nothing listens on
// (HTTPS_PROXY=http://127.0.0.1:PORT), the DNS row is about the proxy's
// address, not an unexplained IP address, and the connection row names
// the proxy and its port as what refused, with advice about the proxy
// setting, not the system address's port.
func TestProxyThatRefusesIsNamed(t *testing.T) {
	_, addr := vendorServer(t)
	proxy := closedPort(t)
	_, proxyPort, _ := net.SplitHostPort(proxy)
	_, serverPort, _ := net.SplitHostPort(addr)
	e := netEnv(t, addr, nil)
	e.Proxy = machine.Proxy{Source: machine.ProxyEnv, HTTPS: "http://" + proxy, EnvVar: "HTTPS_PROXY"}
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetProxy: "proxy", NetDNS: "literal", NetTCP: "refused", NetTLS: OutcomeNotReached})
	dns, _ := res.Find(NetDNS)
	tcp, _ := res.Find(NetTCP)
	if tcp.Facts.String("proxy") != proxy || !tcp.Facts.Bool("via_proxy") || tcp.Facts.String("port") != serverPort ||
		tcp.Facts.String("proxy_step") != "connect" {
		t.Errorf("net.tcp facts = %v, want the proxy %s named (and the system address's port %s kept)", tcp.Facts, proxy, serverPort)
	}
	if dns.Facts.String("proxy") != proxy {
		t.Errorf("net.dns facts = %v, want the proxy %s named", dns.Facts, proxy)
	}
	for lang, want := range map[i18n.Lang]struct{ dns, tcp, fix []string }{
		i18n.JA: {[]string{"プロキシ", "127.0.0.1"}, []string{"プロキシ " + proxy + " に接続できませんでした", "接続を拒否されました"},
			[]string{"環境変数 HTTPS_PROXY", proxy}},
		i18n.EN: {[]string{"proxy", "127.0.0.1"}, []string{"Could not connect to the proxy " + proxy, "refused"},
			[]string{"HTTPS_PROXY environment variable", proxy}},
	} {
		msg := i18n.New(lang)
		for _, a := range []Audience{ForCLI, ForWindow} {
			d := Describe(dns, msg, pkitest.Profile(t), a)
			c := Describe(tcp, msg, pkitest.Profile(t), a)
			for _, w := range want.dns {
				if !strings.Contains(d.Detail, w) {
					t.Errorf("%s %s: net.dns %q does not say %q", lang, a, d.Detail, w)
				}
			}
			for _, w := range want.tcp {
				if !strings.Contains(c.Detail, w) {
					t.Errorf("%s %s: net.tcp %q does not say %q", lang, a, c.Detail, w)
				}
			}
			for _, w := range want.fix {
				if !strings.Contains(c.Fix, w) {
					t.Errorf("%s %s: net.tcp's fix %q does not say %q", lang, a, c.Fix, w)
				}
			}
			if strings.Contains(c.Fix, "("+serverPort+")") || !strings.Contains(c.Fix, proxyPort) {
				t.Errorf("%s %s: net.tcp's fix %q blames the system address's port, not the proxy's %s", lang, a, c.Fix, proxyPort)
			}
		}
	}
}

// TestProxyNameNotFound: a proxy whose name does not resolve is named as
// the proxy, with the setting that names it; the fix cites the manual's
// company-network section, not the mistyped-system-address one.
func TestProxyNameNotFound(t *testing.T) {
	_, addr := vendorServer(t)
	e := netEnv(t, addr, nil)
	e.Resolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS in this test")
	}}
	e.Proxy = machine.Proxy{Source: machine.ProxyGNOME, HTTPS: "proxy.corp.example:3128"}
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetProxy: "proxy", NetDNS: "failed", NetTCP: OutcomeNotReached})
	f, _ := res.Find(NetDNS)
	p := pkitest.Profile(t)
	for lang, want := range map[i18n.Lang][]string{
		i18n.JA: {"プロキシ proxy.corp.example が見つかりません", "GNOME のプロキシ設定で指定されたプロキシの名前 proxy.corp.example"},
		i18n.EN: {"The proxy proxy.corp.example was not found", "proxy address proxy.corp.example in the GNOME proxy settings"},
	} {
		msg := i18n.New(lang)
		got := Describe(f, msg, p, ForCLI)
		if !strings.Contains(got.Detail, want[0]) || !strings.Contains(got.Fix, want[1]) {
			t.Errorf("%s: %q / %q, want %q / %q", lang, got.Detail, got.Fix, want[0], want[1])
		}
		if m := ManualText(msg, p, "security"); got.Manual != m {
			t.Errorf("%s: manual %q, want %q", lang, got.Manual, m)
		}
	}
}
