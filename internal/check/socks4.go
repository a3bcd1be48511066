package check

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
)

// SOCKS4 as Chrome and Edge speak it for a Windows "socks=host:port"
// setting (net/socket/socks_client_socket.cc): the browser resolves the
// name itself, IPv4 only, and asks the proxy for that address with an
// empty user id; it does not use the 4a extension that lets the proxy
// resolve. The checks do the same, so that a name only the proxy could
// resolve fails here as it fails in the browser.

// SOCKS4 reply codes (the second byte of the 8-byte reply).
const (
	socks4Granted   = 90 // request granted
	socks4Rejected  = 91 // request rejected or failed
	socks4NoIdentd  = 92 // the proxy cannot reach identd on the client
	socks4BadIdentd = 93 // identd reported a different user id
)

// errNoIPv4: the system address has no IPv4 address, which SOCKS4 needs.
var errNoIPv4 = errors.New("no IPv4 address (SOCKS4 carries only IPv4)")

// socks4Connect asks the SOCKS4 proxy at the other end of conn (dialled
// and bounded by the caller's deadline) for a connection to ip:port. It
// reads exactly the 8-byte reply; a reply code other than "granted" is
// errProxyRefused with the code, which the catalog puts in words.
func socks4Connect(conn net.Conn, ip net.IP, port int) (net.Conn, error) {
	ip4 := ip.To4()
	if ip4 == nil || port <= 0 || port > 65535 {
		conn.Close()
		return nil, fmt.Errorf("socks4 proxy: %w", errNoIPv4)
	}
	// VN=4, CD=1 (CONNECT), DSTPORT, DSTIP, USERID "" and its NUL.
	req := make([]byte, 9)
	req[0], req[1] = 4, 1
	binary.BigEndian.PutUint16(req[2:4], uint16(port))
	copy(req[4:8], ip4)
	if _, err := conn.Write(req); err != nil {
		conn.Close()
		return nil, fmt.Errorf("socks4 proxy: send CONNECT: %w", err)
	}
	reply := make([]byte, 8)
	if _, err := io.ReadFull(conn, reply); err != nil {
		conn.Close()
		return nil, fmt.Errorf("socks4 proxy: read reply: %w", err)
	}
	if reply[0] != 0 {
		conn.Close()
		return nil, fmt.Errorf("socks4 proxy: reply version %d, not a SOCKS4 reply", reply[0])
	}
	switch code := reply[1]; code {
	case socks4Granted:
		return conn, nil
	case socks4Rejected, socks4NoIdentd, socks4BadIdentd:
		conn.Close()
		return nil, errProxyRefused{status: "SOCKS4 " + strconv.Itoa(int(code)), reply: "socks4-" + strconv.Itoa(int(code))}
	default:
		conn.Close()
		return nil, fmt.Errorf("socks4 proxy: unknown reply code %d", code)
	}
}

// resolve4 is the IPv4 address of host for a SOCKS4 request, resolved
// here as the browser does: the --resolve override, a literal, else the
// resolver (A records only).
func (e *Env) resolve4(ctx context.Context, host, port string) (net.IP, error) {
	if addr, ok := e.Resolve[net.JoinHostPort(strings.ToLower(host), port)]; ok {
		host = addr
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.To4() == nil {
			return nil, fmt.Errorf("socks4 proxy: %s: %w", host, errNoIPv4)
		}
		return ip, nil
	}
	resolver := e.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	ips, err := resolver.LookupIP(ctx, "ip4", host)
	if err != nil {
		return nil, fmt.Errorf("socks4 proxy: resolve %s: %w", host, err)
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("socks4 proxy: resolve %s: %w", host, errNoIPv4)
	}
	return ips[0], nil
}
