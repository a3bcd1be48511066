package check

import (
	"bufio"
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

type netPKI struct {
	serverCA, clientCA, otherCA *pki.CA
	id                          *certfile.Identity
}

var (
	netOnce sync.Once
	netFix  netPKI
	netErr  error
)

func testNetPKI(t *testing.T) *netPKI {
	t.Helper()
	netOnce.Do(func() {
		if netFix.serverCA, netErr = pki.NewRootCA("test server CA"); netErr != nil {
			return
		}
		if netFix.clientCA, netErr = pki.NewRootCA("rootip-cloud.net"); netErr != nil {
			return
		}
		if netFix.otherCA, netErr = pki.NewRootCA("other-customer CA"); netErr != nil {
			return
		}
		var leaf *pki.Leaf
		if leaf, netErr = netFix.clientCA.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.P256}); netErr != nil {
			return
		}
		netFix.id = &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key}
	})
	if netErr != nil {
		t.Fatal(netErr)
	}
	return &netFix
}

// server options for each situation the list must tell apart.
type serverOpts struct {
	clientCAs *x509.Certificate // nil: do not ask for a client certificate
	status    int
	expired   bool
	dateSkew  time.Duration
	tls12     bool
}

func startServer(t *testing.T, p *netPKI, o serverOpts) string {
	t.Helper()
	notAfter := time.Time{}
	if o.expired {
		notAfter = time.Now().Add(-time.Hour)
	}
	leaf, err := p.serverCA.NewServer(notAfter, "acme.rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Cert.Raw}, PrivateKey: leaf.Key}}}
	if o.tls12 {
		cfg.MaxVersion = tls.VersionTLS12
	}
	if o.clientCAs != nil {
		pool := x509.NewCertPool()
		pool.AddCert(o.clientCAs)
		cfg.ClientAuth, cfg.ClientCAs = tls.RequireAndVerifyClientCert, pool
	}
	status := o.status
	if status == 0 {
		status = 200
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.dateSkew != 0 {
			w.Header().Set("Date", time.Now().Add(o.dateSkew).UTC().Format(http.TimeFormat))
		}
		w.WriteHeader(status)
		fmt.Fprint(w, "<html><head><title>root ip ログイン</title></head></html>")
	}), ErrorLog: discardLog()}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func netEnv(t *testing.T, p *netPKI, addr string, id *certfile.Identity) *Env {
	t.Helper()
	prof, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(addr)
	u, _ := url.Parse("https://acme.rootip-cloud.net:" + port + "/")
	roots := x509.NewCertPool()
	roots.AddCert(p.serverCA.Cert)
	return &Env{
		Msg: i18n.New(i18n.EN), Profile: prof, URL: u,
		Resolve:   map[string]string{"acme.rootip-cloud.net:" + port: "127.0.0.1"},
		ServerCAs: roots, Identity: id,
		Proxy: func(*http.Request) (*url.URL, error) { return nil, nil },
	}
}

func statuses(res Result) map[string]Status {
	m := map[string]Status{}
	for _, f := range res.Checks {
		m[f.ID] = f.Status
	}
	return m
}

func expect(t *testing.T, res Result, want map[string]Status) {
	t.Helper()
	got := statuses(res)
	for id, st := range want {
		if got[id] != st {
			for _, f := range res.Checks {
				if f.ID == id {
					t.Errorf("%s = %s, want %s: %s", id, f.Status, st, f.Detail)
				}
			}
		}
	}
}

func TestNetworkSituations(t *testing.T) {
	p := testNetPKI(t)
	for _, tc := range []struct {
		name string
		opts serverOpts
		id   bool
		want map[string]Status
	}{
		{"accepts the client certificate", serverOpts{clientCAs: p.clientCA.Cert}, true,
			map[string]Status{"net.dns": OK, "net.tcp": OK, "net.tls": OK, "net.mtls": OK, "net.http": OK, "clock.skew": OK}},
		{"accepts it over TLS 1.2", serverOpts{clientCAs: p.clientCA.Cert, tls12: true}, true,
			map[string]Status{"net.tls": OK, "net.mtls": OK, "net.http": OK}},
		{"requires one from another CA", serverOpts{clientCAs: p.otherCA.Cert}, true,
			map[string]Status{"net.tls": OK, "net.mtls": Fail, "net.http": Skip, "clock.skew": Skip}},
		{"requires one from another CA over TLS 1.2", serverOpts{clientCAs: p.otherCA.Cert, tls12: true}, true,
			map[string]Status{"net.tls": OK, "net.mtls": Fail, "net.http": Skip}},
		{"does not ask for one", serverOpts{}, true,
			map[string]Status{"net.mtls": Warn, "net.http": OK}},
		{"answers 403", serverOpts{clientCAs: p.clientCA.Cert, status: 403}, true,
			map[string]Status{"net.mtls": OK, "net.http": Fail}},
		{"expired server certificate", serverOpts{clientCAs: p.clientCA.Cert, expired: true}, true,
			map[string]Status{"net.tcp": OK, "net.tls": Fail, "net.mtls": Skip, "net.http": Skip}},
		{"skewed Date", serverOpts{clientCAs: p.clientCA.Cert, dateSkew: -20 * time.Minute}, true,
			map[string]Status{"net.http": OK, "clock.skew": Fail}},
		{"no identity to test with", serverOpts{clientCAs: p.clientCA.Cert}, false,
			map[string]Status{"net.tls": OK, "net.mtls": Skip, "net.http": Skip}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := startServer(t, p, tc.opts)
			var id *certfile.Identity
			if tc.id {
				id = p.id
			}
			res := Run(context.Background(), netEnv(t, p, addr, id), NetChecks(), 3*time.Second)
			expect(t, res, tc.want)
		})
	}
}

func TestWrongCAIsExplained(t *testing.T) {
	p := testNetPKI(t)
	addr := startServer(t, p, serverOpts{clientCAs: p.otherCA.Cert})
	res := Run(context.Background(), netEnv(t, p, addr, p.id), NetChecks(), 3*time.Second)
	for _, f := range res.Checks {
		if f.ID == "net.mtls" && (f.Fix == "" || f.Detail == "") {
			t.Fatalf("rejection without detail or fix: %+v", f)
		}
		if f.ID == "net.mtls" && !strings.Contains(f.Detail, "another issuer") {
			t.Errorf("the server's CertificateRequest names another CA; detail = %q", f.Detail)
		}
	}
}

// TestUnreachableEndsInTime: a closed port, an unresolvable name and a
// server that accepts TCP but never answers, each within the bound.
func TestUnreachableEndsInTime(t *testing.T) {
	p := testNetPKI(t)
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()
	hole, _ := net.Listen("tcp", "127.0.0.1:0")
	defer hole.Close()
	go func() {
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	for _, tc := range []struct {
		name string
		env  func() *Env
		want map[string]Status
	}{
		{"closed port", func() *Env { return netEnv(t, p, closedAddr, p.id) },
			map[string]Status{"net.dns": OK, "net.tcp": Fail, "net.tls": Skip, "net.mtls": Skip, "net.http": Skip}},
		{"unresolvable name", func() *Env {
			e := netEnv(t, p, closedAddr, p.id)
			e.URL, _ = url.Parse("https://no-such-host.invalid/")
			return e
		}, map[string]Status{"net.dns": Fail, "net.tcp": Skip, "net.tls": Skip}},
		{"black hole", func() *Env { return netEnv(t, p, hole.Addr().String(), p.id) },
			map[string]Status{"net.tcp": OK, "net.tls": Fail, "net.mtls": Skip, "net.http": Skip}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res := Run(context.Background(), tc.env(), NetChecks(), 2*time.Second)
			if el := time.Since(start); el > 5*time.Second {
				t.Fatalf("took %s with --timeout 2s", el)
			}
			expect(t, res, tc.want)
		})
	}
}

// proxy is a minimal HTTP CONNECT proxy; refuse answers 403 instead.
func startProxy(t *testing.T, refuse bool) *url.URL {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				br := bufio.NewReader(c)
				req, err := http.ReadRequest(br)
				if err != nil || req.Method != http.MethodConnect {
					return
				}
				if refuse {
					io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
					return
				}
				// The test's target host only resolves through --resolve:
				// forward to the loopback port it names.
				_, port, _ := net.SplitHostPort(req.Host)
				up, err := net.Dial("tcp", "127.0.0.1:"+port)
				if err != nil {
					io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
					return
				}
				defer up.Close()
				io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
				go io.Copy(up, br)
				io.Copy(c, up)
			}(c)
		}
	}()
	return &url.URL{Scheme: "http", Host: ln.Addr().String()}
}

func TestProxy(t *testing.T) {
	p := testNetPKI(t)
	addr := startServer(t, p, serverOpts{clientCAs: p.clientCA.Cert})
	for _, tc := range []struct {
		name   string
		refuse bool
		want   map[string]Status
	}{
		{"forwards CONNECT", false, map[string]Status{"net.proxy": OK, "net.tcp": OK, "net.tls": OK, "net.mtls": OK, "net.http": OK}},
		{"refuses CONNECT", true, map[string]Status{"net.proxy": OK, "net.tcp": Fail, "net.tls": Skip}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proxy := startProxy(t, tc.refuse)
			e := netEnv(t, p, addr, p.id)
			e.Proxy = func(*http.Request) (*url.URL, error) { return proxy, nil }
			res := Run(context.Background(), e, NetChecks(), 3*time.Second)
			expect(t, res, tc.want)
		})
	}
}

// signingStore is a memory store that signs with the keys it holds, as the
// Windows 個人 store and the macOS keychain do through their adapters.
type signingStore struct {
	*store.Memory
	keys map[string]crypto.Signer
}

func (s *signingStore) Signer(sha string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	k, ok := s.keys[sha]
	if !ok {
		return nil, nil, nil, errors.New("no key")
	}
	return k, nil, func() {}, nil
}

// TestMutualTLSWithTheStoredKey: without --p12, the check presents the
// best installed certificate, signed by its store.
func TestMutualTLSWithTheStoredKey(t *testing.T) {
	p := testNetPKI(t)
	addr := startServer(t, p, serverOpts{clientCAs: p.clientCA.Cert})
	st := &signingStore{Memory: store.NewMemory(store.KindWindows, `CurrentUser\MY`), keys: map[string]crypto.Signer{p.id.SHA256(): p.id.Key}}
	if err := st.Import(context.Background(), p.id); err != nil {
		t.Fatal(err)
	}
	e := netEnv(t, p, addr, nil)
	e.Signers = []store.SignerProvider{st}
	e.LoadInventory = Inventory([]store.Store{st})
	res := Run(context.Background(), e, NetChecks(), 3*time.Second)
	expect(t, res, map[string]Status{"net.mtls": OK, "net.http": OK})
	// Without a signer, the same run can only say the server wants a certificate.
	e2 := netEnv(t, p, addr, nil)
	e2.LoadInventory = Inventory([]store.Store{st})
	expect(t, Run(context.Background(), e2, NetChecks(), 3*time.Second), map[string]Status{"net.mtls": Skip})
}
