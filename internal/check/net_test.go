package check

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/loopback"
	"rootip-cert/internal/testsupport/proxytest"
)

var netChecks = Select(NetProxy, NetDNS, NetTCP, NetTLS, NetMTLS, NetHTTP, ClockSkew)

// server options for each situation the list must tell apart.
type serverOpts struct {
	clientCAs *x509.Certificate // nil: do not ask for a client certificate
	optional  bool              // ask but do not require (ssl_verify_client optional)
	status    int
	body      string
	location  string
	expired   bool
	dateSkew  time.Duration
	tls12     bool
}

func startServer(t *testing.T, o serverOpts) string {
	t.Helper()
	p := pkitest.Get(t)
	notAfter := time.Time{}
	if o.expired {
		notAfter = time.Now().Add(-time.Hour)
	}
	leaf, err := p.ServerCA.NewServer(notAfter, pkitest.Host)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Cert.Raw}, PrivateKey: leaf.Key}}}
	if o.tls12 {
		cfg.MaxVersion = tls.VersionTLS12
	}
	if o.clientCAs != nil {
		cfg.ClientAuth, cfg.ClientCAs = tls.RequireAndVerifyClientCert, pkitest.Pool(o.clientCAs)
		if o.optional {
			cfg.ClientAuth = tls.VerifyClientCertIfGiven
		}
	}
	status := o.status
	if status == 0 {
		status = 200
	}
	body := o.body
	if body == "" {
		body = "<html><head><title>root ip ログイン</title></head></html>"
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.dateSkew != 0 {
			w.Header().Set("Date", time.Now().Add(o.dateSkew).UTC().Format(http.TimeFormat))
		}
		if o.location != "" {
			w.Header().Set("Location", o.location)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}), ErrorLog: discardLog()}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// vendorServer is the shared PKI and the address of a loopback system
// address that requires a client certificate issued by its vendor CA.
func vendorServer(t *testing.T) (*pkitest.Set, string) {
	t.Helper()
	p := pkitest.Get(t)
	return p, startServer(t, serverOpts{clientCAs: p.VendorCA.Cert})
}

func netEnv(t *testing.T, addr string, id *certfile.Identity) *Env {
	t.Helper()
	p := pkitest.Get(t)
	_, port, _ := net.SplitHostPort(addr)
	u, _ := url.Parse("https://" + pkitest.Host + ":" + port + "/")
	return &Env{Profile: pkitest.Profile(t), URL: u,
		Resolve:  map[string]string{pkitest.Host + ":" + port: "127.0.0.1"},
		ExtraCAs: pkitest.Pool(p.ServerCA.Cert), Identity: id, P12Path: "/tmp/クライアント証明書.p12",
		Proxy: machine.Proxy{Source: machine.ProxyNone},
	}
}

func TestNetworkSituations(t *testing.T) {
	p := pkitest.Get(t)
	vendor, other := p.VendorCA.Cert, p.OtherCA.Cert
	nginx400 := "<html><head><title>400 The SSL certificate error</title></head><body><center><h1>400 Bad Request</h1></center></body></html>"
	nginxNone := "<html><head><title>400 No required SSL certificate was sent</title></head></html>"
	iis := "<html><head><title>403 - Forbidden: Access is denied.</title></head><body>HTTP Error 403.16 - Forbidden</body></html>"
	for _, tc := range []struct {
		name string
		opts serverOpts
		id   bool
		want map[string]string
	}{
		{"accepts the client certificate", serverOpts{clientCAs: vendor}, true,
			map[string]string{NetProxy: "direct", NetDNS: "override", NetTCP: "connected", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login", ClockSkew: "fine"}},
		{"accepts it over TLS 1.2", serverOpts{clientCAs: vendor, tls12: true}, true,
			map[string]string{NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"}},
		{"requires one from another CA", serverOpts{clientCAs: other}, true,
			map[string]string{NetTLS: "trusted", NetMTLS: "wrong-ca", NetHTTP: OutcomeNotReached, ClockSkew: "no-date"}},
		{"requires one from another CA over TLS 1.2", serverOpts{clientCAs: other, tls12: true}, true,
			map[string]string{NetTLS: "trusted", NetMTLS: "wrong-ca", NetHTTP: OutcomeNotReached}},
		{"does not ask for one", serverOpts{}, true,
			map[string]string{NetMTLS: "not-asked", NetHTTP: "login"}},
		{"answers 403", serverOpts{clientCAs: vendor, status: 403}, true,
			map[string]string{NetMTLS: "accepted-file", NetHTTP: "forbidden", ClockSkew: "fine"}},
		// Any response the checks received dates the server: a refusal
		// too, and a refusal is when the PC's clock matters most.
		{"answers 403 with a skewed Date", serverOpts{clientCAs: vendor, status: 403, dateSkew: -20 * time.Minute}, true,
			map[string]string{NetHTTP: "forbidden", ClockSkew: "skewed"}},
		{"nginx refuses with 400", serverOpts{clientCAs: vendor, optional: true, status: 400, body: nginx400}, true,
			map[string]string{NetMTLS: "rejected", NetHTTP: OutcomeNotReached, ClockSkew: "fine"}},
		{"nginx says none was sent", serverOpts{clientCAs: vendor, optional: true, status: 400, body: nginxNone}, true,
			map[string]string{NetMTLS: "no-cert-sent"}},
		{"nginx 495 optional", serverOpts{clientCAs: vendor, optional: true, status: 495}, true,
			map[string]string{NetMTLS: "rejected"}},
		{"IIS 403.16 untrusted root", serverOpts{clientCAs: vendor, optional: true, status: 403, body: iis}, true,
			map[string]string{NetMTLS: "wrong-ca", ClockSkew: "fine"}},
		{"upstream down behind an accepting proxy", serverOpts{clientCAs: vendor, status: 502}, true,
			map[string]string{NetMTLS: "accepted-file", NetHTTP: "server-down", ClockSkew: "fine"}},
		{"redirect to another host", serverOpts{clientCAs: vendor, status: 302, location: "https://sso.example.jp/login"}, true,
			map[string]string{NetHTTP: "redirect-other-host", ClockSkew: "fine"}},
		{"redirect on the same host", serverOpts{clientCAs: vendor, status: 302, location: "/login"}, true,
			map[string]string{NetHTTP: "redirect"}},
		{"expired server certificate", serverOpts{clientCAs: vendor, expired: true}, true,
			map[string]string{NetTCP: "connected", NetTLS: "expired", NetMTLS: OutcomeNotReached, NetHTTP: OutcomeNotReached}},
		{"skewed Date", serverOpts{clientCAs: vendor, dateSkew: -20 * time.Minute}, true,
			map[string]string{NetHTTP: "login", ClockSkew: "skewed"}},
		{"no identity to test with", serverOpts{clientCAs: vendor}, false,
			map[string]string{NetTLS: "trusted", NetMTLS: "needs-cert", NetHTTP: OutcomeNotReached}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := startServer(t, tc.opts)
			var id *certfile.Identity
			if tc.id {
				id = p.Live
			}
			expect(t, RunDefs(context.Background(), netEnv(t, addr, id), netChecks, 3*time.Second), tc.want)
		})
	}
}

func TestWrongHostNamesTheServersNames(t *testing.T) {
	addr := startServer(t, serverOpts{})
	e := netEnv(t, addr, nil)
	_, port, _ := net.SplitHostPort(addr)
	e.URL, _ = url.Parse("https://other.rootip-cloud.net:" + port + "/")
	e.Resolve = map[string]string{"other.rootip-cloud.net:" + port: "127.0.0.1"}
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetTLS: "name"})
	f, _ := res.Find(NetTLS)
	if names, _ := f.Facts["names"].([]any); len(names) != 1 || names[0] != pkitest.Host {
		t.Errorf("names = %v, want the server certificate's SAN", f.Facts["names"])
	}
}

// TestUnreachableEndsInTime: a closed port, an unresolvable name and a
// server that accepts TCP but never answers, each within the bound.
func TestUnreachableEndsInTime(t *testing.T) {
	p := pkitest.Get(t)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()
	// Holds each connection open until the test ends, and says nothing.
	hole := loopback.Serve(t, func(c net.Conn) {
		<-t.Context().Done()
		c.Close()
	})
	for _, tc := range []struct {
		name string
		env  func() *Env
		want map[string]string
	}{
		{"closed port", func() *Env { return netEnv(t, closedAddr, p.Live) },
			map[string]string{NetDNS: "override", NetTCP: "refused", NetTLS: OutcomeNotReached, NetMTLS: OutcomeNotReached}},
		{"unresolvable name", func() *Env {
			e := netEnv(t, closedAddr, p.Live)
			e.URL, _ = url.Parse("https://no-such-host.invalid/")
			return e
		}, map[string]string{NetDNS: "failed", NetTCP: OutcomeNotReached}},
		{"black hole", func() *Env { return netEnv(t, hole, p.Live) },
			map[string]string{NetTCP: "connected", NetTLS: OutcomeTimeout, NetMTLS: OutcomeNotReached}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res := RunDefs(context.Background(), tc.env(), netChecks, 2*time.Second)
			if el := time.Since(start); el > 5*time.Second {
				t.Fatalf("took %s with --timeout 2s", el)
			}
			expect(t, res, tc.want)
			if f, _ := res.Find(NetTCP); f.Outcome == "refused" && f.Facts.String("error_code") != ErrRefused {
				t.Errorf("refused connection has error code %v", f.Facts["error_code"])
			}
		})
	}
}

func TestProxy(t *testing.T) {
	p, addr := vendorServer(t)
	for _, tc := range []struct {
		name string
		mode string
		want map[string]string
	}{
		{"forwards CONNECT", "", map[string]string{NetProxy: "proxy", NetTCP: "via-proxy", NetTLS: "trusted", NetMTLS: "accepted-file", NetHTTP: "login"}},
		{"refuses CONNECT", "refuse", map[string]string{NetProxy: "proxy", NetTCP: "proxy-refused", NetTLS: OutcomeNotReached}},
		{"floods headers", "flood", map[string]string{NetProxy: "proxy", NetTCP: "refused"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen atomic.Int32
			proxy := proxytest.Start(t, proxytest.Mode(tc.mode), &seen)
			e := netEnv(t, addr, p.Live)
			e.Proxy = machine.Proxy{Source: machine.ProxyEnv, HTTPS: proxy}
			start := time.Now()
			res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
			expect(t, res, tc.want)
			// A proxy that answered with nothing usable was reached: the
			// failure is in its relay, and the row says so.
			if f, _ := res.Find(NetTCP); f.Outcome == "refused" && (f.Facts.String("proxy_step") != "relay" || f.Facts.String("proxy") != proxy) {
				t.Errorf("facts = %v, want the relay through %s named", f.Facts, proxy)
			}
			if seen.Load() == 0 {
				t.Error("the proxy saw no CONNECT")
			}
			if el := time.Since(start); el > 4*time.Second {
				t.Errorf("took %s", el)
			}
		})
	}
}

// signingStore is a memory store that signs with the keys it holds, as the
// Windows 個人 store, the macOS keychain and NSS do through their adapters.
type signingStore struct {
	*store.Memory
	keys    map[string]crypto.Signer
	schemes []tls.SignatureScheme
}

func (s *signingStore) Signer(sha string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	k, ok := s.keys[sha]
	if !ok {
		return nil, nil, nil, errors.New("no key")
	}
	return k, s.schemes, func() {}, nil
}

// TestMutualTLSWithTheStoredKey: the check presents the installed
// certificate signed by its store, and says so; without a signer the file's
// key proves only the file.
func TestMutualTLSWithTheStoredKey(t *testing.T) {
	p, addr := vendorServer(t)
	st := &signingStore{Memory: store.NewMemory(store.KindNSS, "/ff"), keys: map[string]crypto.Signer{p.Live.SHA256(): p.Live.Key}}
	if err := st.Import(context.Background(), p.Live); err != nil {
		t.Fatal(err)
	}
	inv := func(ctx context.Context) Inventory {
		entries, _ := st.List(ctx)
		return Inventory{Stores: []StoreInfo{{Kind: "nss", Location: "/ff", Expected: true}}, Entries: entries}
	}
	for _, withFile := range []bool{false, true} {
		e := netEnv(t, addr, nil)
		if withFile {
			e.Identity = p.Live // the same certificate is installed: the store signs
		}
		e.Signers = []store.SignerProvider{st}
		e.LoadInventory = inv
		res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
		expect(t, res, map[string]string{NetMTLS: "accepted", NetHTTP: "login"})
		if f, _ := res.Find(NetMTLS); f.Facts.String("signer") != "store" || f.Facts.String("location") != "/ff" {
			t.Errorf("facts = %v, want the store's signer", f.Facts)
		}
	}
	e := netEnv(t, addr, nil)
	e.LoadInventory = inv
	expect(t, RunDefs(context.Background(), e, netChecks, 3*time.Second), map[string]string{NetMTLS: "needs-cert"})
}

// TestPKCS1OnlyKeyCapsAtTLS12: a key that cannot sign RSA-PSS (a CryptoAPI
// key) is used at TLS 1.2, as Chromium does, and the facts say so.
func TestPKCS1OnlyKeyCapsAtTLS12(t *testing.T) {
	p := pkitest.Get(t)
	key, err := rsaKey()
	if err != nil {
		t.Fatal(err)
	}
	l, err := p.VendorCA.NewLeaf(leafOpts(key))
	if err != nil {
		t.Fatal(err)
	}
	id := &certfile.Identity{Leaf: l.Cert, Chain: l.Chain, Key: l.Key}
	addr := startServer(t, serverOpts{clientCAs: p.VendorCA.Cert})
	st := &signingStore{Memory: store.NewMemory(store.KindWindows, `CurrentUser\MY`), keys: map[string]crypto.Signer{id.SHA256(): pkcs1Only{key}},
		schemes: []tls.SignatureScheme{tls.PKCS1WithSHA256, tls.PKCS1WithSHA384}}
	if err := st.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	e := netEnv(t, addr, nil)
	e.Signers = []store.SignerProvider{st}
	e.LoadInventory = func(ctx context.Context) Inventory {
		entries, _ := st.List(ctx)
		return Inventory{Stores: []StoreInfo{{Kind: "windows", Location: `CurrentUser\MY`, Expected: true}}, Entries: entries}
	}
	res := RunDefs(context.Background(), e, netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetMTLS: "accepted"})
	if f, _ := res.Find(NetMTLS); !f.Facts.Bool("capped_tls12") || f.Facts.String("tls_version") != "TLS 1.2" {
		t.Errorf("facts = %v, want a TLS 1.2 cap", f.Facts)
	}
}

// TestWrongCANamesBothIssuers: a server that asks for another CA's
// certificates is named with the issuer it asks for, beside the
// certificate's own, so "another environment's certificate" shows in the
// names the user reads.
func TestWrongCANamesBothIssuers(t *testing.T) {
	p := pkitest.Get(t)
	addr := startServer(t, serverOpts{clientCAs: p.OtherCA.Cert})
	res := RunDefs(context.Background(), netEnv(t, addr, p.Live), netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetMTLS: "wrong-ca"})
	f, _ := res.Find(NetMTLS)
	for lang, want := range map[i18n.Lang]string{
		i18n.JA: "サーバーはファイルの証明書(未インストール) " + pkitest.Host + "(発行者 " + p.Live.Leaf.Issuer.CommonName + ")を受け入れませんでした。" +
			"この証明書は、このシステムアドレスの環境のものではありません。このサーバーが受け入れるのは「" + p.OtherCA.Cert.Subject.CommonName + "」が発行した証明書です。",
		i18n.EN: "(issued by " + p.Live.Leaf.Issuer.CommonName + "). This certificate is not for the environment of this system address. The server accepts certificates issued by “" + p.OtherCA.Cert.Subject.CommonName + "”.",
	} {
		got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForCLI)
		if !strings.Contains(got.Detail, want) {
			t.Errorf("%s: %q lacks %q", lang, got.Detail, want)
		}
		// The row's fix is about the system address, not about picking
		// the certificate in the browser's popup (manual 1 ⑨).
		if strings.Contains(got.Manual, "1 ⑨") || !strings.Contains(got.Manual, "3-1") {
			t.Errorf("%s: manual reference %q, want the system address's section", lang, got.Manual)
		}
	}
	if got := Describe(f, i18n.New(i18n.JA), pkitest.Profile(t), ForCLI).Detail; strings.Contains(got, " が発行") || strings.Contains(got, "CA(") {
		t.Errorf("ja: stray spaces or jargon: %q", got)
	}
	if p.Live.Leaf.Issuer.CommonName == p.OtherCA.Cert.Subject.CommonName {
		t.Fatal("the test's two CAs have the same name")
	}
}
