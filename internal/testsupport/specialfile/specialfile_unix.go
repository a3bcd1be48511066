//go:build unix

// Package specialfile tries a reader on the files a bounded reader must
// refuse at once: a named pipe nobody writes to (its open waits for a
// writer) and /dev/zero (it never ends).
package specialfile

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Hang is how long a read may take before the test calls it hung.
const Hang = 5 * time.Second

// Read calls read on a fresh named pipe and on /dev/zero and returns each
// error by path; a read that has not returned within Hang fails the test.
func Read(t *testing.T, read func(path string) error) map[string]error {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	errs := map[string]error{}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan error, 1)
		go func() { done <- read(path) }()
		select {
		case errs[path] = <-done:
		case <-time.After(Hang):
			t.Fatalf("%s: the read did not return in %v", path, Hang)
		}
	}
	return errs
}
