package stores

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestRealNginxSaysNo runs a real nginx (Debian nginx-light) as the system
// address, in each way it refuses or accepts a client certificate, and
// diagnoses it with the identity installed in a real NSS database — no
// --p12: the installed key signs through NSS, as the browsers' will.
func TestRealNginxSaysNo(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
			t.Skip("needs nginx (Debian nginx-light; make test installs it)")
		}
		nginx = "/usr/sbin/nginx"
	}
	dir := t.TempDir()
	p := pkitest.Get(t)
	server, err := p.ServerCA.NewServer(time.Time{}, pkitest.Host)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "server.pem"), "CERTIFICATE", server.Cert.Raw)
	key, err := x509.MarshalPKCS8PrivateKey(server.Key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "server.key"), "PRIVATE KEY", key)
	writePEM(t, filepath.Join(dir, "vendor-ca.pem"), "CERTIFICATE", p.VendorCA.Cert.Raw)
	writePEM(t, filepath.Join(dir, "other-ca.pem"), "CERTIFICATE", p.OtherCA.Cert.Raw)

	// The identity installed in a scratch NSS database through the adapter.
	db := filepath.Join(dir, "nssdb")
	found, err := Find(store.Selection{Kind: store.KindNSS, NSSDB: db})
	if err != nil || len(found) != 1 {
		t.Fatalf("find: %v %v", found, err)
	}
	if err := found[0].Available(); err != nil {
		t.Skipf("needs the NSS library: %v", err)
	}
	live := p.Live
	if _, err := store.ImportAndVerify(context.Background(), found[0], live); err != nil {
		t.Fatal(err)
	}

	ports := freePorts(t, 8)
	type site struct {
		name, conf string
		want       map[string]string
	}
	site12 := func(port int, body string) string {
		return fmt.Sprintf("server { listen 127.0.0.1:%d ssl; server_name %s; ssl_certificate %s/server.pem; ssl_certificate_key %s/server.key; %s }",
			port, pkitest.Host, dir, dir, body)
	}
	sites := []site{
		{"accepts (TLS 1.3)", site12(ports[0], "ssl_protocols TLSv1.3; ssl_client_certificate "+dir+"/vendor-ca.pem; ssl_verify_client on; location / { return 200 '<title>root ip ログイン</title>'; }"),
			map[string]string{check.NetMTLS: "accepted", check.NetHTTP: "login"}},
		{"accepts (TLS 1.2)", site12(ports[1], "ssl_protocols TLSv1.2; ssl_client_certificate "+dir+"/vendor-ca.pem; ssl_verify_client on; location / { return 200 '<title>root ip ログイン</title>'; }"),
			map[string]string{check.NetMTLS: "accepted", check.NetHTTP: "login"}},
		{"wrong CA (TLS 1.3)", site12(ports[2], "ssl_protocols TLSv1.3; ssl_client_certificate "+dir+"/other-ca.pem; ssl_verify_client on; location / { return 200 'in'; }"),
			map[string]string{check.NetMTLS: "wrong-ca", check.NetHTTP: check.OutcomeNotReached}},
		{"wrong CA (TLS 1.2)", site12(ports[3], "ssl_protocols TLSv1.2; ssl_client_certificate "+dir+"/other-ca.pem; ssl_verify_client on; location / { return 200 'in'; }"),
			map[string]string{check.NetMTLS: "wrong-ca"}},
		{"optional, 495 mapped", site12(ports[4], "ssl_client_certificate "+dir+"/other-ca.pem; ssl_verify_client optional; error_page 495 = @bad; location @bad { return 495; } location / { if ($ssl_client_verify != SUCCESS) { return 495; } return 200 'in'; }"),
			map[string]string{check.NetMTLS: "wrong-ca"}},
		{"deny → 403", site12(ports[5], "ssl_client_certificate "+dir+"/vendor-ca.pem; ssl_verify_client on; location / { deny all; }"),
			map[string]string{check.NetMTLS: "accepted", check.NetHTTP: "forbidden"}},
		{"502 upstream", site12(ports[6], fmt.Sprintf("ssl_client_certificate %s/vendor-ca.pem; ssl_verify_client on; location / { proxy_pass http://127.0.0.1:%d; }", dir, ports[7])),
			map[string]string{check.NetMTLS: "accepted", check.NetHTTP: "server-down"}},
	}
	var servers []string
	for _, s := range sites {
		servers = append(servers, s.conf)
	}
	conf := fmt.Sprintf(`daemon off; master_process off; pid %s/nginx.pid; error_log %s/error.log;
events { worker_connections 64; }
http { access_log off; client_body_temp_path %s; proxy_temp_path %s; fastcgi_temp_path %s; uwsgi_temp_path %s; scgi_temp_path %s;
%s
}`, dir, dir, dir, dir, dir, dir, dir, strings.Join(servers, "\n"))
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-c", filepath.Join(dir, "nginx.conf"), "-p", dir+"/")
	out, _ := os.Create(filepath.Join(dir, "nginx.out"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitPort(t, ports[0], dir)

	prof := pkitest.Profile(t)
	for i, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			fl := flow.New(flow.Deps{Profile: prof, Find: Find}, store.Selection{Kind: store.KindNSS, NSSDB: db})
			u, _ := url.Parse(fmt.Sprintf("https://%s:%d/", pkitest.Host, ports[i]))
			d := fl.Diagnose(context.Background(), flow.DiagnoseRequest{URL: u,
				Resolve:   map[string]string{fmt.Sprintf("%s:%d", pkitest.Host, ports[i]): "127.0.0.1"},
				ServerCAs: []*x509.Certificate{p.ServerCA.Cert}, OnlyServerCAs: true, Proxy: &machine.Proxy{Source: machine.ProxyNone},
				Timeout: 5 * time.Second})
			for id, outcome := range s.want {
				f, _ := d.Result.Find(id)
				if f.Outcome != outcome {
					log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
					t.Errorf("%s = %s, want %s (facts %v)\nnginx: %s", id, f.Outcome, outcome, f.Facts, lastLines(string(log), 5))
				}
			}
			if f, _ := d.Result.Find(check.NetMTLS); f.Status == check.OK && f.Facts.String("signer") != "store" {
				t.Errorf("the handshake was not signed by the installed key: %v", f.Facts)
			}
		})
	}
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var out []int
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return out
}

func waitPort(t *testing.T, port int, dir string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "nginx.out"))
	t.Fatalf("nginx did not start:\n%s", log)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
