//go:build unix

package specialfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Pipe makes a named pipe nobody writes to at path, and the folders above
// it.
func Pipe(t testing.TB, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Read calls read on a fresh named pipe and on /dev/zero and returns each
// error by path; a read that has not returned within Hang fails the test.
func Read(t *testing.T, read func(path string) error) map[string]error {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "pipe")
	Pipe(t, fifo)
	errs := map[string]error{}
	for _, path := range []string{fifo, "/dev/zero"} {
		var err error
		Within(t, path+": the read", func() { err = read(path) })
		errs[path] = err
	}
	return errs
}
