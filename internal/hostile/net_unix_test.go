//go:build unix

package hostile

import (
	"bufio"
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/loopback"
)

// maxServed bounds what a hostile peer may get into the client before the
// client hangs up: the client reads at most 128 KiB of a response (64 KiB
// of a CONNECT reply); the rest is what the loopback socket buffers of
// both ends accept meanwhile (a few MiB). An unbounded reader takes
// gigabytes in the same time.
const maxServed = 32 << 20

// peer is a loopback TCP server; serve handles each connection and the
// bytes it managed to write are counted.
type peer struct {
	srv     *loopback.Server
	written atomic.Int64
}

func listen(t *testing.T, serve func(c net.Conn, w *countWriter)) *peer {
	t.Helper()
	p := &peer{}
	p.srv = loopback.Listen(t, func(c net.Conn) {
		defer c.Close()
		serve(c, &countWriter{c: c, n: &p.written})
	})
	return p
}

// stop closes the listener and waits for every handler: each ends when
// the client has hung up (its next write fails) or stops on its own.
func (p *peer) stop() int64 {
	p.srv.Stop()
	return p.written.Load()
}

func (p *peer) port() int { return p.srv.Port() }

// countWriter is the server side of a connection, counting what it wrote.
type countWriter struct {
	c net.Conn
	n *atomic.Int64
}

func (w *countWriter) Write(b []byte) (int, error) {
	n, err := w.c.Write(b)
	w.n.Add(int64(n))
	return n, err
}

func (w *countWriter) Read(b []byte) (int, error)         { return w.c.Read(b) }
func (w *countWriter) Close() error                       { return w.c.Close() }
func (w *countWriter) LocalAddr() net.Addr                { return w.c.LocalAddr() }
func (w *countWriter) RemoteAddr() net.Addr               { return w.c.RemoteAddr() }
func (w *countWriter) SetDeadline(t time.Time) error      { return w.c.SetDeadline(t) }
func (w *countWriter) SetReadDeadline(t time.Time) error  { return w.c.SetReadDeadline(t) }
func (w *countWriter) SetWriteDeadline(t time.Time) error { return w.c.SetWriteDeadline(t) }

// endlessHeaders writes a status line, then header lines until a write fails.
func endlessHeaders(w interface{ Write([]byte) (int, error) }) {
	bw := bufio.NewWriterSize(w, 32<<10)
	if _, err := bw.WriteString("HTTP/1.1 200 OK\r\n"); err != nil {
		return
	}
	line := "X-Endless: " + strings.Repeat("a", 1000) + "\r\n"
	for {
		if _, err := bw.WriteString(line); err != nil {
			return
		}
	}
}

// tlsConfig is the server side: the fixed-dates server identity for Host,
// asking for (and taking any) client certificate.
func tlsConfig(t *testing.T) *tls.Config {
	s := pkitest.Get(t).FixedServer
	chain := [][]byte{s.Cert.Raw}
	for _, c := range s.Chain {
		chain = append(chain, c.Raw)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: chain, PrivateKey: s.Key}}, ClientAuth: tls.RequestClientCert}
}

// netSetup is a home with the live identity installed into a scratch NSS
// database (so that the client-certificate step and the login page run)
// and the server CA as a file.
type netSetup struct {
	home, db, serverCA string
}

func setupNet(t *testing.T) netSetup {
	t.Helper()
	dir := t.TempDir()
	s := netSetup{home: filepath.Join(dir, "home"), db: filepath.Join(dir, "nssdb"), serverCA: filepath.Join(dir, "server-ca.pem")}
	if err := os.MkdirAll(s.home, 0o700); err != nil {
		t.Fatal(err)
	}
	ca := pkitest.Get(t).FixedServerCA.Cert
	if err := os.WriteFile(s.serverCA, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	good := pkitest.P12(t, dir, "good.p12", pkitest.Get(t).Live, pkitest.Password)
	if r := run(t, env(s.home, "C.UTF-8"), "", "import", good, "--store", "nss", "--nss-db", s.db, "--lang", "en"); r.code != 0 {
		t.Skipf("cannot install into a scratch NSS database here (exit %d): %s", r.code, clip(r.output()))
	}
	return s
}

// diagnose runs diagnose against Host on port (resolved to loopback), with
// extra environment variables.
func (s netSetup) diagnose(t *testing.T, port int, lang string, extraEnv ...string) result {
	t.Helper()
	e := append(env(s.home, "C.UTF-8"), extraEnv...)
	return run(t, e, "", "diagnose", "--url", fmt.Sprintf("https://%s:%d/", pkitest.Host, port),
		"--resolve", fmt.Sprintf("%s:%d:127.0.0.1", pkitest.Host, port), "--server-ca", s.serverCA,
		"--store", "nss", "--nss-db", s.db, "--timeout", "3s", "--lang", lang)
}

// line is the output line of a check, by its English or Japanese title.
func line(out string, titles ...string) string {
	for _, l := range strings.Split(out, "\n") {
		for _, title := range titles {
			if strings.Contains(l, title) {
				return l
			}
		}
	}
	return ""
}
