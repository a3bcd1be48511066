// Package loopback is test support: a TCP server on a loopback port that
// hands each connection it accepts to a function. Only tests import it.
package loopback

import (
	"net"
	"testing"
)

// Serve listens on a free 127.0.0.1 port until the test ends, runs handle
// on each connection in a goroutine of its own, and returns the port's
// host:port. Closing the connection is handle's job.
func Serve(t testing.TB, handle func(net.Conn)) string {
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
			go handle(c)
		}
	}()
	return ln.Addr().String()
}
