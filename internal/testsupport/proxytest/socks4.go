package proxytest

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"testing"

	"rootip-cert/internal/testsupport/loopback"
)

// SOCKS4 reply codes the loopback SOCKS4 proxy can answer with.
const (
	SOCKS4Granted   byte = 90
	SOCKS4Rejected  byte = 91
	SOCKS4NoIdentd  byte = 92
	SOCKS4BadIdentd byte = 93
)

// StartSOCKS4 runs a loopback SOCKS4 proxy (CONNECT only; a 4a request,
// address 0.0.0.x followed by a name, is read too) until the test ends and
// returns its host:port. seen counts the CONNECT requests; targets records
// the address asked for ("ip:port", or "name:port" for 4a). With reply
// SOCKS4Granted it forwards each to the loopback port asked for; with any
// other code it answers that code and closes.
func StartSOCKS4(t testing.TB, reply byte, seen *atomic.Int32, targets chan<- string) string {
	t.Helper()
	return loopback.Serve(t, func(c net.Conn) { serveSOCKS4(c, reply, seen, targets) })
}

func serveSOCKS4(c net.Conn, reply byte, seen *atomic.Int32, targets chan<- string) {
	defer c.Close()
	br := bufio.NewReader(io.LimitReader(c, 1024))
	head := make([]byte, 8)
	if _, err := io.ReadFull(br, head); err != nil || head[0] != 4 || head[1] != 1 {
		return
	}
	if _, err := br.ReadString(0); err != nil { // the user id
		return
	}
	port := strconv.Itoa(int(binary.BigEndian.Uint16(head[2:4])))
	host := net.IP(head[4:8]).String()
	if head[4] == 0 && head[5] == 0 && head[6] == 0 && head[7] != 0 {
		name, err := br.ReadString(0)
		if err != nil {
			return
		}
		host = name[:len(name)-1]
	}
	seen.Add(1)
	if targets != nil {
		select {
		case targets <- net.JoinHostPort(host, port):
		default:
		}
	}
	answer := []byte{0, reply, 0, 0, 0, 0, 0, 0}
	if reply != SOCKS4Granted {
		c.Write(answer)
		return
	}
	up, err := net.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		c.Write([]byte{0, SOCKS4Rejected, 0, 0, 0, 0, 0, 0})
		return
	}
	defer up.Close()
	if _, err := c.Write(answer); err != nil {
		return
	}
	go io.Copy(up, c)
	io.Copy(c, up)
}
