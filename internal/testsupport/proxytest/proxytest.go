// Package proxytest is test support: a loopback HTTP CONNECT proxy and a
// SOCKS5 proxy (socks.go) that count the tunnels asked of them and forward
// each to the loopback port the target names (the tests' system address
// resolves nowhere else). Only tests import it.
package proxytest

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"rootip-cert/internal/testsupport/loopback"
)

// Mode is how the proxy answers a CONNECT.
type Mode string

const (
	Forward Mode = ""       // tunnel to 127.0.0.1:<the target's port>
	Refuse  Mode = "refuse" // 403 Forbidden
	Flood   Mode = "flood"  // 200 OK, then headers without end
)

// Start runs the proxy until the test ends and returns its host:port;
// seen counts the CONNECT requests it received.
func Start(t testing.TB, mode Mode, seen *atomic.Int32) string {
	t.Helper()
	return loopback.Serve(t, func(c net.Conn) { serve(c, mode, seen) })
}

func serve(c net.Conn, mode Mode, seen *atomic.Int32) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil || req.Method != http.MethodConnect {
		return
	}
	seen.Add(1)
	switch mode {
	case Refuse:
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return
	case Flood:
		io.WriteString(c, "HTTP/1.1 200 OK\r\n")
		for i := 0; i < 1<<20; i++ {
			if _, err := io.WriteString(c, "X-Flood: "+strings.Repeat("a", 1000)+"\r\n"); err != nil {
				return
			}
		}
		return
	}
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
}
