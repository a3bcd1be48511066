package proxytest

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"testing"

	"rootip-cert/internal/testsupport/loopback"
)

// StartSOCKS5 runs a loopback SOCKS5 proxy (RFC 1928, no authentication,
// CONNECT only) until the test ends and returns its host:port; seen counts
// the CONNECT requests. Like the HTTP proxy it forwards each to the
// loopback port the target names; targets records the addresses asked for
// ("host:port" as the client sent it: a name stays a name).
func StartSOCKS5(t testing.TB, seen *atomic.Int32, targets chan<- string) string {
	t.Helper()
	return StartSOCKS5With(t, SOCKS5Options{}, seen, targets)
}

// SOCKS5Options make the loopback SOCKS5 proxy refuse: Reply, when not 0,
// is the reply code it answers every CONNECT with (RFC 1928's 1..8);
// User and Password, when set, are required (RFC 1929), and a client that
// offers no user/password method is told "no acceptable method".
type SOCKS5Options struct {
	Reply          byte
	User, Password string
}

// StartSOCKS5With is StartSOCKS5 with refusals (SOCKS5Options).
func StartSOCKS5With(t testing.TB, o SOCKS5Options, seen *atomic.Int32, targets chan<- string) string {
	t.Helper()
	return loopback.Serve(t, func(c net.Conn) { serveSOCKS5(c, o, seen, targets) })
}

func serveSOCKS5(c net.Conn, o SOCKS5Options, seen *atomic.Int32, targets chan<- string) {
	defer c.Close()
	// Greeting: version 5, the methods offered; choose "no authentication",
	// or user/password when the options require it.
	head := make([]byte, 2)
	if _, err := io.ReadFull(c, head); err != nil || head[0] != 5 {
		return
	}
	offered := make([]byte, head[1])
	if _, err := io.ReadFull(c, offered); err != nil {
		return
	}
	if o.User == "" {
		if _, err := c.Write([]byte{5, 0}); err != nil {
			return
		}
	} else if !login(c, o, offered) {
		return
	}
	// Request: version, command, reserved, address type, address, port.
	req := make([]byte, 4)
	if _, err := io.ReadFull(c, req); err != nil || req[1] != 1 {
		return
	}
	var host string
	switch req[3] {
	case 1, 4: // IPv4, IPv6
		ip := make([]byte, map[byte]int{1: 4, 4: 16}[req[3]])
		if _, err := io.ReadFull(c, ip); err != nil {
			return
		}
		host = net.IP(ip).String()
	case 3: // a name
		n := make([]byte, 1)
		if _, err := io.ReadFull(c, n); err != nil {
			return
		}
		name := make([]byte, n[0])
		if _, err := io.ReadFull(c, name); err != nil {
			return
		}
		host = string(name)
	default:
		return
	}
	pb := make([]byte, 2)
	if _, err := io.ReadFull(c, pb); err != nil {
		return
	}
	port := strconv.Itoa(int(binary.BigEndian.Uint16(pb)))
	seen.Add(1)
	if o.Reply != 0 {
		c.Write([]byte{5, o.Reply, 0, 1, 0, 0, 0, 0, 0, 0})
		return
	}
	if targets != nil {
		select {
		case targets <- net.JoinHostPort(host, port):
		default:
		}
	}
	up, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		c.Write([]byte{5, 5, 0, 1, 0, 0, 0, 0, 0, 0}) // connection refused
		return
	}
	defer up.Close()
	if _, err := c.Write([]byte{5, 0, 0, 1, 127, 0, 0, 1, 0, 0}); err != nil {
		return
	}
	go io.Copy(up, c)
	io.Copy(c, up)
}

// login is RFC 1929 on the proxy's side: true when the client chose
// user/password and sent o's.
func login(c net.Conn, o SOCKS5Options, offered []byte) bool {
	if !bytes.Contains(offered, []byte{2}) {
		c.Write([]byte{5, 0xff})
		return false
	}
	if _, err := c.Write([]byte{5, 2}); err != nil {
		return false
	}
	field := func() string {
		n := make([]byte, 1)
		if _, err := io.ReadFull(c, n); err != nil {
			return "\x00"
		}
		b := make([]byte, n[0])
		if _, err := io.ReadFull(c, b); err != nil {
			return "\x00"
		}
		return string(b)
	}
	ver := make([]byte, 1)
	if _, err := io.ReadFull(c, ver); err != nil || ver[0] != 1 {
		return false
	}
	user, pw := field(), field()
	if user != o.User || pw != o.Password {
		c.Write([]byte{1, 1})
		return false
	}
	_, err := c.Write([]byte{1, 0})
	return err == nil
}
