package loopback

import (
	"io"
	"net"
	"sync/atomic"
	"testing"
)

// TestStopWaitsForTheHandlers: a connection reaches the handler, and Stop
// returns only after that handler has returned; the port is closed after.
func TestStopWaitsForTheHandlers(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var done atomic.Int32
	s := Listen(t, func(c net.Conn) {
		defer c.Close()
		close(started)
		<-release
		io.Copy(io.Discard, c)
		done.Add(1)
	})
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	<-started
	c.Close()
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	close(release)
	<-stopped
	if n := done.Load(); n != 1 {
		t.Errorf("Stop returned with %d of 1 handlers done", n)
	}
	if c, err := net.Dial("tcp", s.Addr()); err == nil {
		c.Close()
		t.Errorf("%s still accepts after Stop", s.Addr())
	}
}
