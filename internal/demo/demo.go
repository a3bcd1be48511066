// Package demo is the built-in demonstration: a demo CA and
// クライアント証明書.p12 made on the fly, and a demo system address served on
// loopback with mutual TLS and a login page. Nothing of the user's is
// touched. Break modes show each failure as a user would meet it (training
// for the helpdesk).
package demo

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/cleanup"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/store"
)

// Break names a failure to demonstrate.
type Break string

// Break modes.
const (
	None      Break = ""
	WrongCA   Break = "wrong-ca"  // the server asks for certificates of another CA
	Expired   Break = "expired"   // the downloaded certificate has expired
	NoCert    Break = "no-cert"   // nothing is installed
	Forbidden Break = "forbidden" // IP address restriction: 403
)

// Breaks lists the valid modes.
// OtherCAName is the CA the wrong-ca server accepts: another
// environment's, as its name says.
const OtherCAName = "別環境の証明書発行元(デモ)"

var Breaks = []Break{WrongCA, Expired, NoCert, Forbidden}

// ParseBreak reads a --break value ("" is None).
func ParseBreak(s string) (Break, bool) {
	if s == "" {
		return None, true
	}
	for _, b := range Breaks {
		if string(b) == s {
			return b, true
		}
	}
	return None, false
}

// Host is the demo system address's host name (resolved to 127.0.0.1).
const Host = "demo.rootip-cloud.net"

// Password is the demo file's password, the vendor's usual one.
const Password = "rootip"

// Scenario is a running demo.
type Scenario struct {
	Dir      string            // temporary directory holding everything
	P12Path  string            // the demo クライアント証明書.p12
	URL      *url.URL          // https://demo.rootip-cloud.net:PORT/
	Resolve  map[string]string // demo host:port → 127.0.0.1
	ServerCA *x509.Certificate // trust anchor of the demo server
	Break    Break
	srv      *http.Server
	// removed: Close's work, once (a signal's cleanup may run it while
	// the program still uses the scenario); unregister ends the signal's
	// watch.
	removed    sync.Once
	unregister func()
}

// Start makes the PKI and the file and starts the server.
func Start(b Break) (*Scenario, error) {
	dir, err := os.MkdirTemp("", "rootip-cert-demo-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	s := &Scenario{Dir: dir, Break: b}
	s.watch()
	if err := s.start(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Scenario) start() error {
	vendorCA, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	serverCA, err := pki.NewRootCA("root ip demo server CA")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	s.ServerCA = serverCA.Cert
	now := time.Now()
	opts := pki.LeafOptions{CommonName: Host, Organization: []string{"デモ株式会社"}, KeyType: pki.P256,
		NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0)}
	if s.Break == Expired {
		opts.NotBefore, opts.NotAfter = now.AddDate(-1, -1, 0), now.AddDate(0, 0, -3)
	}
	leaf, err := vendorCA.NewLeaf(opts)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	data, err := leaf.P12(pki.Modern, Password, true, 0)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	s.P12Path = filepath.Join(s.Dir, "クライアント証明書.p12")
	if err := os.WriteFile(s.P12Path, data, 0o600); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	accepted := vendorCA.Cert
	if s.Break == WrongCA {
		// The server of another environment: its CA's name differs from
		// the certificate's issuer in words a user reads.
		other, err := pki.NewRootCA(OtherCAName)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		accepted = other.Cert
	}
	serverLeaf, err := serverCA.NewServer(time.Time{}, Host)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return s.listen(Host, serverLeaf, []*x509.Certificate{accepted}, nil, http.HandlerFunc(s.serve))
}

// listen serves the demo system address for host on a loopback port
// (setting URL and Resolve): mutual TLS with the server identity, client
// certificates accepted only from the CAs accept, judged at clock (nil:
// the real one), the requests answered by h.
func (s *Scenario) listen(host string, server *pki.Leaf, accept []*x509.Certificate, clock func() time.Time, h http.Handler) error {
	pool := x509.NewCertPool()
	for _, c := range accept {
		pool.AddCert(c)
	}
	cfg := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{server.Cert.Raw}, PrivateKey: server.Key}},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    pool,
		Time:         clock,
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		return fmt.Errorf("demo: listen: %w", err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s.URL = &url.URL{Scheme: "https", Host: net.JoinHostPort(host, port), Path: "/"}
	s.Resolve = map[string]string{net.JoinHostPort(host, port): "127.0.0.1"}
	s.srv = &http.Server{Handler: h, ErrorLog: log.New(io.Discard, "", 0), ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return nil
}

func (s *Scenario) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if s.Break == Forbidden {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><head><title>403 Forbidden</title></head><body>IP アドレス制限</body></html>")
		return
	}
	fmt.Fprintf(w, "<html><head><title>root ipクラウド ログイン(デモ)</title></head><body><h1>ログイン</h1><p>%s</p></body></html>",
		r.TLS.PeerCertificates[0].Subject.CommonName)
}

// ScratchNSS is a directory for a scratch NSS database inside the demo.
func (s *Scenario) ScratchNSS() string { return filepath.Join(s.Dir, "nssdb") }

// Stores is the demo's store finder: a scratch NSS database inside the
// demo directory when the NSS library can be used here (through find, the
// platform's finder), else an in-memory store. Nothing of the user's is
// touched.
func (s *Scenario) Stores(find store.Finder) store.Finder {
	var scratch store.Store
	return func(store.Selection) ([]store.Store, error) {
		if scratch != nil {
			return []store.Store{scratch}, nil
		}
		if find != nil {
			if found, err := find(store.Selection{Kind: store.KindNSS, NSSDB: s.ScratchNSS()}); err == nil && len(found) == 1 && found[0].Available() == nil {
				scratch = found[0]
				// Named as the demo's temporary store, not as an NSS
				// database a user would have to know.
				if rs, ok := scratch.(interface{ SetReader(store.Reader) }); ok {
					rs.SetReader(store.Reader{Kind: store.ReaderScratch})
				}
			}
		}
		if scratch == nil {
			m := store.NewMemory(store.KindNSS, filepath.Join(s.Dir, "memory"))
			m.ReadBy = store.Reader{Kind: store.ReaderScratch}
			scratch = m
		}
		return []store.Store{scratch}, nil
	}
}

// Request is the checklist request against the demo server for id.
func (s *Scenario) Request(id *certfile.Identity, timeout time.Duration) flow.DiagnoseRequest {
	req := s.request(timeout)
	req.Identity, req.P12Path = id, s.P12Path
	return req
}

// request is how a flow reaches the demo server: its address resolved to
// loopback, its CA the only trusted one, no proxy; and no restart is due,
// since no browser reads the demo's scratch store.
func (s *Scenario) request(timeout time.Duration) flow.DiagnoseRequest {
	return flow.DiagnoseRequest{URL: s.URL, Resolve: s.Resolve, ServerCAs: []*x509.Certificate{s.ServerCA},
		OnlyServerCAs: true, Proxy: &machine.Proxy{Source: machine.ProxyNone}, Restart: &machine.Restart{}, Timeout: timeout}
}

// watch has the demo's folder (its private key, the scratch store)
// removed if the process is ended by a signal before Close.
func (s *Scenario) watch() { s.unregister = cleanup.OnSignal(s.remove) }

// Close stops the server and removes every file the demo made.
func (s *Scenario) Close() {
	s.remove()
	if s.unregister != nil {
		s.unregister()
	}
}

// remove is Close's work, done once; a removal that meets a file still
// being written (a signal's cleanup while the scratch store is written)
// is tried again.
func (s *Scenario) remove() {
	s.removed.Do(func() {
		if s.srv != nil {
			s.srv.Close()
		}
		for range 5 {
			if os.RemoveAll(s.Dir) == nil {
				return
			}
		}
	})
}
