//go:build !windows

package certfile

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestFIFOAndDeviceAreRefusedWithoutReading: a named pipe and /dev/zero are
// refused at once (no hang, no endless read).
func TestFIFOAndDeviceAreRefusedWithoutReading(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.p12")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	for _, p := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(p); done <- err }()
		select {
		case err := <-done:
			if CodeOf(err) != Unreadable {
				t.Errorf("%s: %v", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the read hangs", p)
		}
	}
}
