// Package loopback is test support: a TCP server on a loopback port that
// hands each connection it accepts to a function. Only tests import it.
package loopback

import (
	"net"
	"sync"
	"testing"
)

// Serve listens on a free 127.0.0.1 port until the test ends, runs handle
// on each connection in a goroutine of its own, and returns the port's
// host:port. Closing the connection is handle's job.
func Serve(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	return Listen(t, handle).Addr()
}

// Server is a loopback server that Listen started.
type Server struct {
	ln        net.Listener
	accepting chan struct{} // closed when the accept loop has ended
	handlers  sync.WaitGroup
}

// Listen is Serve for a test that stops the server itself (Stop) to see
// what the handlers did; the test's end closes the listener in any case.
func Listen(t testing.TB, handle func(net.Conn)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &Server{ln: ln, accepting: make(chan struct{})}
	go func() {
		defer close(s.accepting)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.handlers.Add(1)
			go func() {
				defer s.handlers.Done()
				handle(c)
			}()
		}
	}()
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Port is the server's port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Stop closes the listener and returns once every handler has returned.
func (s *Server) Stop() {
	s.ln.Close()
	<-s.accepting
	s.handlers.Wait()
}
