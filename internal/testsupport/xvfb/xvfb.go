// Package xvfb is test support, imported only by _test.go files: it starts
// a scratch virtual X server (Debian's Xvfb) for the test on a display no
// other server holds, and stops it when the test ends.
package xvfb

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Start runs Xvfb with one screen of the given geometry ("1024x768x24"),
// no TCP listener and no authorisation, waits for its socket and returns
// its display (":153"). It picks the first display from a per-process
// offset whose socket and lock file are both absent, so parallel test
// binaries do not collide.
func Start(t testing.TB, screen string) string {
	t.Helper()
	for n := 150 + os.Getpid()%100; n < 400; n++ {
		socket := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		if exists(socket) || exists(fmt.Sprintf("/tmp/.X%d-lock", n)) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command("Xvfb", display, "-screen", "0", screen, "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		t.Cleanup(func() { stop(cmd) })
		for i := 0; i < 100; i++ {
			if exists(socket) {
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb %s did not start", display)
	}
	t.Fatal("no free X display")
	return ""
}

// stop ends the server with SIGTERM, so that it removes its socket and lock
// file (a killed one leaves them behind), and kills it if it has not gone
// within five seconds.
func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	timer := time.AfterFunc(5*time.Second, func() { _ = cmd.Process.Kill() })
	_ = cmd.Wait()
	timer.Stop()
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
