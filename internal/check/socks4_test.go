package check

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/proxytest"
)

// TestSOCKS4Routes: a Windows "socks=host:port" setting (SOCKS4, as Chrome
// and Edge read it) is the route of the TCP, TLS and mutual-TLS checks and
// of the login page: a loopback SOCKS4 server sees one CONNECT, for the
// system address resolved here to IPv4 (as the browser does, no 4a), and
// relays it. A proxy that answers 91, 92 or 93 is reported as refusing,
// with the reply code in words; a name that does not resolve here is not
// sent to the proxy.
func TestSOCKS4Routes(t *testing.T) {
	p, addr := vendorServer(t)
	_, port, _ := net.SplitHostPort(addr)

	var seen atomic.Int32
	targets := make(chan string, 8)
	socks := proxytest.StartSOCKS4(t, proxytest.SOCKS4Granted, &seen, targets)
	e := netEnv(t, addr, p.Live)
	e.Proxy = machine.Proxy{Source: machine.ProxyWinINet, SOCKS: "socks4://" + socks}
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "via-proxy", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"})
	if seen.Load() != 1 {
		t.Errorf("the SOCKS4 proxy saw %d CONNECTs, want the one the checks share", seen.Load())
	}
	select {
	case got := <-targets:
		if want := "127.0.0.1:" + port; got != want {
			t.Errorf("the SOCKS4 proxy was asked for %s, want %s (the system address, resolved here)", got, want)
		}
	default:
		t.Error("the SOCKS4 proxy was asked for nothing")
	}
	if f, _ := res.Find(NetProxy); f.Facts.String("scheme") != machine.SOCKS4 || f.Facts.String("proxy") != socks {
		t.Errorf("facts = %v", f.Facts)
	}

	for _, tc := range []struct {
		reply  byte
		ja, en string
	}{
		{proxytest.SOCKS4Rejected, "SOCKS4 の応答 91: 要求が拒否されたか", "SOCKS4 reply 91: the request was rejected"},
		{proxytest.SOCKS4NoIdentd, "SOCKS4 の応答 92: プロキシがこのパソコンの identd", "SOCKS4 reply 92: the proxy cannot reach identd"},
		{proxytest.SOCKS4BadIdentd, "SOCKS4 の応答 93: identd", "SOCKS4 reply 93: the user that identd"},
	} {
		t.Run("reply "+tc.en[len("SOCKS4 reply "):len("SOCKS4 reply 9x")], func(t *testing.T) {
			var n atomic.Int32
			socks := proxytest.StartSOCKS4(t, tc.reply, &n, nil)
			e := netEnv(t, addr, p.Live)
			e.Proxy = machine.Proxy{Source: machine.ProxyWinINet, SOCKS: "socks4://" + socks}
			res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
			expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "proxy-refused", NetTLS: OutcomeNotReached})
			f, _ := res.Find(NetTCP)
			for lang, want := range map[i18n.Lang]string{i18n.JA: tc.ja, i18n.EN: tc.en} {
				got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForWindow).Detail
				if !strings.Contains(got, want) || !strings.Contains(got, socks) {
					t.Errorf("%s: %q, want it to name the proxy and contain %q", lang, got, want)
				}
			}
		})
	}

	t.Run("a name that does not resolve here", func(t *testing.T) {
		seen.Store(0)
		e := netEnv(t, addr, p.Live)
		e.Resolve = nil
		e.Resolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("no DNS in this test")
		}}
		e.Proxy = machine.Proxy{Source: machine.ProxyWinINet, SOCKS: "socks4://" + socks}
		res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
		expect(t, res, map[string]string{NetProxy: "proxy", NetTCP: "refused"})
		f, _ := res.Find(NetTCP)
		if f.Facts.String("error_code") != ErrNoHost || f.Facts.String("proxy_step") != "resolve" {
			t.Errorf("facts = %v", f.Facts)
		}
		// The proxy was never asked: the words say the lookup here failed,
		// not that the proxy refused to relay.
		for lang, want := range map[i18n.Lang]string{i18n.JA: "IPv4 アドレスを、このパソコンで調べられませんでした", i18n.EN: "could not look up the system address's IPv4 address"} {
			if got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForCLI); !strings.Contains(got.Detail, want) || !strings.Contains(got.Detail, socks) {
				t.Errorf("%s: %q, want it to name the proxy and say %q", lang, got.Detail, want)
			}
		}
		if seen.Load() != 0 {
			t.Errorf("the proxy was asked %d times for a name this computer cannot resolve", seen.Load())
		}
	})
}
