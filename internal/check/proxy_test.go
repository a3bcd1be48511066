package check

import (
	"context"
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
	p := pkitest.Get(t)
	addr := startServer(t, serverOpts{clientCAs: p.VendorCA.Cert})
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
	p := pkitest.Get(t)
	addr := startServer(t, serverOpts{clientCAs: p.VendorCA.Cert})
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
			"Windows のプロキシ設定 (PAC: http://pac.corp/proxy.pac) により 127.0.0.1:3128 を経由します。",
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
			"(PAC: http://pac.corp/proxy.pac) により、プロキシを使わず直接接続します。", "(PAC: http://pac.corp/proxy.pac) make the connection direct"},
		{"exception", "direct", Facts{"source": "wininet", "via": "bypass", "rule": "*.rootip-cloud.net"},
			"Windows のプロキシ設定の例外(*.rootip-cloud.net)により", "exception in the Windows proxy settings (*.rootip-cloud.net)"},
		{"PAC failed", "pac", Facts{"source": "wininet", "via": "pac-failed", "script": pac, "script_error": "download", "proxy": "b:1"},
			"スクリプトを取得できません)。ブラウザと同じく、手動で設定されたプロキシ b:1 を経由して確認します。",
			"the script cannot be downloaded). Like the browser, the tool checks through the manually set proxy b:1."},
		{"PAC not run here", "pac", Facts{"source": "scutil", "via": "pac-unevaluated", "pac": pac},
			"(PAC: 未評価)。この OS ではこのツールはスクリプトを実行できないため、直接接続で確認します。", "(PAC: not evaluated). On this OS the tool cannot run the script, so it checks with a direct connection"},
		{"GNOME PAC not run", "pac", Facts{"source": "gnome", "via": "pac-unevaluated", "pac": pac},
			"ブラウザは GNOME のプロキシ設定の自動構成スクリプト http://pac.corp/proxy.pac でプロキシを決めます (PAC: 未評価)", "GNOME proxy settings' automatic configuration script http://pac.corp/proxy.pac (PAC: not evaluated)"},
		{"KDE WPAD not run", "pac", Facts{"source": "kde", "via": "pac-unevaluated", "auto_detect": true},
			"KDE のプロキシ設定の自動検出 (WPAD) でプロキシを決めます (PAC: 未評価)", "KDE proxy settings' automatic detection (WPAD) (PAC: not evaluated)"},
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
