package nss

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
)

// mtlsServer is a local HTTPS server that requires and verifies a client
// certificate from clientCA and records the fingerprints it accepted.
type mtlsServer struct {
	url  string
	mu   sync.Mutex
	seen []string
}

func (m *mtlsServer) accepted(sha string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.seen {
		if s == sha {
			return true
		}
	}
	return false
}

func startMTLS(t *testing.T, server tls.Certificate, clientCA *x509.Certificate) *mtlsServer {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(clientCA)
	m := &mtlsServer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{server},
			ClientAuth:   tls.RequireAndVerifyClientCert,
			ClientCAs:    pool,
			VerifyConnection: func(cs tls.ConnectionState) error {
				if len(cs.PeerCertificates) > 0 {
					m.mu.Lock()
					m.seen = append(m.seen, certfile.Fingerprint256(cs.PeerCertificates[0]))
					m.mu.Unlock()
				}
				return nil
			},
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "<html><body><h1>root ip login</h1><p>%s</p></body></html>", r.TLS.PeerCertificates[0].Subject.CommonName)
		}),
		ErrorLog: nil,
	}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close() })
	m.url = "https://" + ln.Addr().String() + "/"
	return m
}

// browserPKI: a server CA the browser is told to trust and its server's
// certificate, and a client identity from the vendor-like CA imported by
// our adapter.
func browserPKI(t *testing.T) (*x509.Certificate, tls.Certificate, *certfile.Identity) {
	t.Helper()
	serverCA, server := localServer(t, "rootip test server CA")
	_, leaf := pkitest.Issue(t, "rootip-cloud.net", pki.LeafOptions{CommonName: "127.0.0.1", Organization: []string{"ブラウザ試験"}})
	return serverCA, server, pkitest.Identity(leaf)
}

func trustCA(t *testing.T, dir string, ca *x509.Certificate) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	certutil(t, dir, "-A", "-n", "test server CA", "-t", "C,,", "-i", p)
}

// TestRealFirefoxUsesImportedCertificate: a Firefox profile populated only
// by our import; headless Firefox ESR loads a page from a server that
// requires the client certificate, and the server saw ours.
func TestRealFirefoxUsesImportedCertificate(t *testing.T) {
	needNSS(t)
	firefox, err := exec.LookPath("firefox-esr")
	if err != nil {
		if firefox, err = exec.LookPath("firefox"); err != nil {
			t.Skip("needs Firefox ESR (Debian firefox-esr; make test installs it)")
		}
	}
	serverCA, server, id := browserPKI(t)
	srv := startMTLS(t, server, id.Chain[0])
	profile := t.TempDir()
	if err := New(profile, "test").Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	trustCA(t, profile, serverCA)
	userJS := `user_pref("security.default_personal_cert", "Select Automatically");
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("app.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
`
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(userJS), 0o600); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "page.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, firefox, "--headless", "--no-remote", "--profile", profile, "--screenshot", shot, srv.url)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "MOZ_CRASHREPORTER_DISABLE=1")
	out, err := cmd.CombinedOutput()
	if !srv.accepted(id.SHA256()) {
		t.Fatalf("the server never saw our certificate from Firefox (err %v)\n%s", err, out)
	}
}

// TestRealChromiumUsesImportedCertificate: Chromium reads $HOME/.pki/nssdb;
// our adapter fills it (creating it as Chrome would), a managed policy
// auto-selects the certificate, and the server saw ours.
func TestRealChromiumUsesImportedCertificate(t *testing.T) {
	needNSS(t)
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("needs Chromium (Debian chromium; make test installs it)")
	}
	policyDir := "/etc/chromium/policies/managed"
	if err := os.MkdirAll(policyDir, 0o755); err != nil {
		t.Skipf("cannot write Chromium's managed policy (needs root): %v", err)
	}
	serverCA, server, id := browserPKI(t)
	srv := startMTLS(t, server, id.Chain[0])
	home := t.TempDir()
	stores, err := Discover(home, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	var chrome *Store
	for _, s := range stores {
		if s.CreateDir {
			chrome = s
		}
	}
	if chrome == nil || chrome.Dir != filepath.Join(home, ".pki", "nssdb") {
		t.Fatalf("no ~/.pki/nssdb store discovered: %+v", stores)
	}
	if err := chrome.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	trustCA(t, chrome.Dir, serverCA)
	policy := filepath.Join(policyDir, fmt.Sprintf("rootip-cert-test-%d.json", os.Getpid()))
	body := `{"AutoSelectCertificateForUrls": ["{\"pattern\":\"https://127.0.0.1\",\"filter\":{\"ISSUER\":{\"CN\":\"rootip-cloud.net\"}}}"]}`
	if err := os.WriteFile(policy, []byte(body), 0o644); err != nil {
		t.Skipf("cannot write Chromium's managed policy: %v", err)
	}
	defer os.Remove(policy)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--user-data-dir="+t.TempDir(), "--dump-dom", srv.url)
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.Output()
	if !srv.accepted(id.SHA256()) {
		t.Fatalf("the server never saw our certificate from Chromium (err %v)\n%s", err, out)
	}
	if !strings.Contains(string(out), "root ip login") {
		t.Errorf("Chromium did not render the login page:\n%s", out)
	}
}
