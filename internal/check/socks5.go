package check

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
)

// SOCKS5 (RFC 1928, with RFC 1929's user and password) as the browser
// speaks it: the proxy resolves the system address's name (Chrome sends
// the name for socks5://), CONNECT only. A proxy that answers but refuses
// is errProxyRefused with its reply's catalog code, so that the user reads
// the reason in words ("socks5-2": not allowed by the proxy's rules).

// SOCKS5 methods and reply codes.
const (
	socks5NoAuth       = 0x00
	socks5UserPass     = 0x02
	socks5NoAcceptable = 0xff
	socks5Succeeded    = 0x00
	socks5LastReply    = 0x08 // 1..8 are the RFC's refusals
)

// socks5Connect asks the SOCKS5 proxy at the other end of conn (dialled
// and bounded by the caller's deadline) for a connection to target
// ("host:port"), with the user and password of p when it has them.
func socks5Connect(conn net.Conn, p *url.URL, target string) (net.Conn, error) {
	c, err := socks5Handshake(conn, p.User, target)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

func socks5Handshake(conn net.Conn, user *url.Userinfo, target string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(target)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil || port <= 0 || port > 65535 || len(host) > 255 {
		return nil, fmt.Errorf("socks5 proxy: bad target %q", target)
	}
	methods := []byte{socks5NoAuth}
	if user != nil {
		methods = []byte{socks5NoAuth, socks5UserPass}
	}
	if _, err := conn.Write(append([]byte{5, byte(len(methods))}, methods...)); err != nil {
		return nil, fmt.Errorf("socks5 proxy: send greeting: %w", err)
	}
	choice := make([]byte, 2)
	if _, err := io.ReadFull(conn, choice); err != nil {
		return nil, fmt.Errorf("socks5 proxy: read greeting reply: %w", err)
	}
	switch {
	case choice[0] != 5:
		return nil, fmt.Errorf("socks5 proxy: reply version %d, not a SOCKS5 reply", choice[0])
	case choice[1] == socks5NoAcceptable:
		return nil, errProxyRefused{status: "SOCKS5 no acceptable method", reply: "socks5-auth"}
	case choice[1] == socks5UserPass && user != nil:
		if err := socks5Login(conn, user); err != nil {
			return nil, err
		}
	case choice[1] != socks5NoAuth:
		return nil, errProxyRefused{status: "SOCKS5 method " + strconv.Itoa(int(choice[1])), reply: "socks5-auth"}
	}
	req := []byte{5, 1, 0}
	if ip := net.ParseIP(host); ip != nil && ip.To4() != nil {
		req = append(append(req, 1), ip.To4()...)
	} else if ip != nil {
		req = append(append(req, 4), ip.To16()...)
	} else {
		req = append(append(req, 3, byte(len(host))), host...)
	}
	req = binary.BigEndian.AppendUint16(req, uint16(port))
	if _, err := conn.Write(req); err != nil {
		return nil, fmt.Errorf("socks5 proxy: send CONNECT: %w", err)
	}
	return conn, socks5Reply(conn)
}

// socks5Login is RFC 1929's sub-negotiation; the password goes only to
// the proxy.
func socks5Login(conn net.Conn, user *url.Userinfo) error {
	name := user.Username()
	pw, _ := user.Password()
	if len(name) > 255 || len(pw) > 255 {
		return fmt.Errorf("socks5 proxy: user name or password longer than 255 bytes")
	}
	msg := append(append([]byte{1, byte(len(name))}, name...), byte(len(pw)))
	if _, err := conn.Write(append(msg, pw...)); err != nil {
		return fmt.Errorf("socks5 proxy: send login: %w", err)
	}
	status := make([]byte, 2)
	if _, err := io.ReadFull(conn, status); err != nil {
		return fmt.Errorf("socks5 proxy: read login reply: %w", err)
	}
	if status[1] != 0 {
		return errProxyRefused{status: "SOCKS5 login refused", reply: "socks5-login"}
	}
	return nil
}

// socks5Reply reads the CONNECT reply to its end (the bound address), so
// that the TLS handshake starts on the tunnel's first byte.
func socks5Reply(conn net.Conn) error {
	head := make([]byte, 4)
	if _, err := io.ReadFull(conn, head); err != nil {
		return fmt.Errorf("socks5 proxy: read reply: %w", err)
	}
	if head[0] != 5 {
		return fmt.Errorf("socks5 proxy: reply version %d, not a SOCKS5 reply", head[0])
	}
	if code := head[1]; code != socks5Succeeded {
		if code > socks5LastReply {
			return fmt.Errorf("socks5 proxy: unknown reply code %d", code)
		}
		return errProxyRefused{status: "SOCKS5 " + strconv.Itoa(int(code)), reply: "socks5-" + strconv.Itoa(int(code))}
	}
	var n int
	switch head[3] {
	case 1:
		n = 4
	case 4:
		n = 16
	case 3:
		l := make([]byte, 1)
		if _, err := io.ReadFull(conn, l); err != nil {
			return fmt.Errorf("socks5 proxy: read reply: %w", err)
		}
		n = int(l[0])
	default:
		return fmt.Errorf("socks5 proxy: reply address type %d", head[3])
	}
	if _, err := io.ReadFull(conn, make([]byte, n+2)); err != nil {
		return fmt.Errorf("socks5 proxy: read reply: %w", err)
	}
	return nil
}
