//go:build linux

package facts

import (
	"crypto/tls"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/proxytest"
	"rootip-cert/internal/testsupport/winetest"
)

// systemServer is the system address: TLS 1.2 and 1.3, client
// certificates from the vendor CA required, a login page.
func systemServer(t *testing.T) string {
	t.Helper()
	p := pkitest.Get(t)
	leaf, err := p.ServerCA.NewServer(time.Time{}, pkitest.Host)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Cert.Raw}, PrivateKey: leaf.Key}},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pkitest.Pool(p.VendorCA.Cert)}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><head><title>root ip ログイン</title></head></html>")
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// connectionSettings is WinINet's DefaultConnectionSettings value, which
// WinHTTP (under Wine, and on Windows) reads: a version, a counter, the
// flags (1 direct, 2 manual proxy, 4 script URL, 8 auto-detect), then the
// proxy, the exceptions and the script URL, each length-prefixed.
func connectionSettings(flags uint32, proxy, bypass, script string) string {
	b := binary.LittleEndian.AppendUint32(nil, 0x46)
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint32(b, flags)
	for _, s := range []string{proxy, bypass, script} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return hex.EncodeToString(append(b, make([]byte, 32)...))
}

// TestProxyUnderWine plants the browser's proxy settings in a Wine prefix
// with `reg add` — a manual proxy, a PAC script served from loopback, a
// PAC address that fails beside a manual proxy, and "socks=host:port"
// (SOCKS4, through a loopback SOCKS4 server) — and checks that
// WinHTTP's decision is the one the adapter reports (TestWinHTTPDecides
// cross-built) and that the console program's diagnose goes through the
// proxy for the TLS and mutual-TLS checks (the proxy counts the CONNECTs).
// HTTPS_PROXY names a second proxy, which Chrome and Edge on Windows do
// not read: it must see no CONNECT and be named as not followed.
// WPAD needs a DHCP or DNS answer for "wpad" that a test cannot plant
// here: its order is tested with recorded WinHTTP answers
// (TestDecideWindows), and TestWinHTTPDecides runs on the Windows runner
// against the runner's own settings. The time limits are generous bounds, not
// expectations: a loaded machine runs Wine slowly, and the checks end as
// soon as they have their answers.
func TestProxyUnderWine(t *testing.T) {
	var tunnels, socksTunnels, pacGets, decoyTunnels atomic.Int32
	proxy := proxytest.Start(t, proxytest.Forward, &tunnels)
	decoy := proxytest.Start(t, proxytest.Forward, &decoyTunnels)
	// "socks=host:port" is SOCKS4 to WinINet, Chrome and Edge.
	socks4 := proxytest.StartSOCKS4(t, proxytest.SOCKS4Granted, &socksTunnels, nil)
	pacLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pacSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/proxy.pac" {
			http.NotFound(w, r)
			return
		}
		pacGets.Add(1)
		w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
		fmt.Fprintf(w, "function FindProxyForURL(url, host) { return \"PROXY %s; DIRECT\"; }\n", proxy)
	}), ReadHeaderTimeout: 10 * time.Second}
	go pacSrv.Serve(pacLn)
	t.Cleanup(func() { pacSrv.Close() })
	pac := "http://" + pacLn.Addr().String() + "/proxy.pac"
	missing := "http://" + pacLn.Addr().String() + "/missing.pac"

	system := systemServer(t)
	_, port, _ := net.SplitHostPort(system)
	p := pkitest.Get(t)
	dir := t.TempDir()
	p12 := pkitest.P12(t, dir, "クライアント証明書.p12", p.Live, pkitest.Password)
	caFile := filepath.Join(dir, "server-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.ServerCA.Cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}

	// The proxy under test is the planted one: none from this shell.
	w := winetest.New(t, "HTTPS_PROXY=", "https_proxy=", "NO_PROXY=", "no_proxy=", "HTTP_PROXY=", "http_proxy=")
	factsExe := w.Build(t, "rootip-cert/platform/facts", true)
	cliExe := w.Build(t, "rootip-cert", false, "cli")
	base := w.Env

	const is = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	for _, tc := range []struct {
		name                   string
		flags                  uint32
		server, bypass, script string
		want                   string // via|proxy|script|error
		outcome                string // net.proxy
		pacFetched             bool
		used                   string        // the proxy the checks go through
		seen                   *atomic.Int32 // its CONNECT count
		resolve                bool          // the name resolves here (SOCKS4 sends an address)
	}{
		{"manual proxy", 3, proxy, "<local>", "", "fixed|" + proxy + "||", "proxy", false, proxy, &tunnels, false},
		{"PAC script", 5, "", "", pac, "pac|" + proxy + "|" + pac + "|", "proxy", true, proxy, &tunnels, false},
		{"PAC missing, manual fallback", 7, proxy, "", missing, "pac-failed|" + proxy + "|" + missing + "|download", "pac", false, proxy, &tunnels, false},
		// The browser resolves the name itself for SOCKS4, so here the
		// name must resolve on this machine (as a hosts entry would).
		{"SOCKS4 (socks=)", 3, "socks=" + socks4, "", "", "fixed|" + socks4 + "||", "proxy", false, socks4, &socksTunnels, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enable := "0"
			if tc.flags&2 != 0 {
				enable = "1"
			}
			w.RegAdd(t, is, "ProxyEnable", "REG_DWORD", enable)
			w.RegAdd(t, is, "ProxyServer", "REG_SZ", tc.server)
			w.RegAdd(t, is, "ProxyOverride", "REG_SZ", tc.bypass)
			if tc.script != "" {
				w.RegAdd(t, is, "AutoConfigURL", "REG_SZ", tc.script)
			} else {
				w.RegDelete(t, is, "AutoConfigURL")
			}
			w.RegAdd(t, is+`\Connections`, "DefaultConnectionSettings", "REG_BINARY", connectionSettings(tc.flags, tc.server, tc.bypass, tc.script))

			w.Env = append(append([]string{}, base...), "ROOTIP_WINE_PROXY_WANT="+tc.want)
			out, code, err := w.ExecIn(".", 4*time.Minute, w.Wine, factsExe, "-test.v", "-test.run", "^TestWinHTTPDecides$")
			w.Env = base
			if err != nil || code != 0 || !strings.Contains(out, "--- PASS: TestWinHTTPDecides") {
				t.Fatalf("TestWinHTTPDecides under Wine: exit %d %v\n%s", code, err, out)
			}
			t.Logf("adapter: %s", lastLine(out, "decision:"))

			pacBefore, tunnelsBefore := pacGets.Load(), tc.seen.Load()
			args := []string{"diagnose", "--json", "--lang", "en", "--timeout", "90s",
				"--url", "https://" + pkitest.Host + ":" + port + "/", "--p12", winetest.WinPath(p12), "--server-ca", winetest.WinPath(caFile)}
			if tc.resolve {
				args = append(args, "--resolve", pkitest.Host+":"+port+":127.0.0.1")
			}
			decoyBefore := decoyTunnels.Load()
			// Windows names are case-insensitive: both spellings, or the
			// blanked https_proxy of the base environment may win.
			w.Env = append(append([]string{}, base...), "HTTPS_PROXY=http://"+decoy, "https_proxy=http://"+decoy)
			out, _, _ = w.ExecIn(dir, 4*time.Minute, w.Wine, append([]string{cliExe}, args...)...)
			w.Env = base
			checks := diagnoseChecks(t, out)
			np := checks["net.proxy"]
			if np.Outcome != tc.outcome || np.Facts["via"] != strings.Split(tc.want, "|")[0] || np.Facts["proxy"] != tc.used {
				t.Errorf("net.proxy = %+v, want %s via %s through %s", np, tc.outcome, strings.Split(tc.want, "|")[0], tc.used)
			}
			if np.Facts["env_ignored"] != "HTTPS_PROXY" || !strings.Contains(np.Detail, "the browser does not read it") {
				t.Errorf("net.proxy = %+v, want HTTPS_PROXY named as not read by the browser", np)
			}
			if n := decoyTunnels.Load() - decoyBefore; n != 0 {
				t.Errorf("the HTTPS_PROXY proxy, which the browser does not read, saw %d CONNECTs", n)
			}
			for id, want := range map[string]string{"net.tcp": "via-proxy", "net.tls": "trusted", "net.mtls": "accepted-file", "net.http": "login"} {
				if checks[id].Outcome != want {
					t.Errorf("%s = %+v, want %s", id, checks[id], want)
				}
			}
			if n := tc.seen.Load() - tunnelsBefore; n < 1 {
				t.Errorf("the proxy saw %d CONNECTs from diagnose, want the checks' connection (TCP, TLS, mutual TLS and the login page share one)", n)
			}
			if fetched := pacGets.Load() > pacBefore; fetched != tc.pacFetched {
				t.Errorf("PAC script fetched by diagnose: %v, want %v", fetched, tc.pacFetched)
			}
			t.Logf("net.proxy: %s", np.Detail)
		})
	}
}

type diagCheck struct {
	Outcome string         `json:"outcome"`
	Status  string         `json:"status"`
	Detail  string         `json:"detail"`
	Facts   map[string]any `json:"facts"`
}

func diagnoseChecks(t *testing.T, out string) map[string]diagCheck {
	t.Helper()
	i, j := strings.Index(out, "{"), strings.LastIndex(out, "}")
	var doc struct {
		Checks []struct {
			ID string `json:"id"`
			diagCheck
		} `json:"checks"`
	}
	if i < 0 || j < i || json.Unmarshal([]byte(out[i:j+1]), &doc) != nil || len(doc.Checks) == 0 {
		t.Fatalf("diagnose --json under Wine printed no checklist:\n%s", out)
	}
	m := map[string]diagCheck{}
	for _, c := range doc.Checks {
		m[c.ID] = c.diagCheck
	}
	return m
}

func lastLine(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if k := strings.Index(l, prefix); k >= 0 {
			return strings.TrimSpace(l[k:])
		}
	}
	return ""
}
