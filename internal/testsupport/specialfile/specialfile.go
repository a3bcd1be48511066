// Package specialfile is test support, imported only by _test.go files: it
// makes the files a bounded reader must refuse at once — a named pipe
// nobody writes to (its open waits for a writer), /dev/zero (it never
// ends), a huge sparse file (it would be read for ever) — and fails a test
// whose reader hangs on one.
package specialfile

import (
	"os"
	"testing"
	"time"
)

// Hang is how long a read may take before the test calls it hung.
const Hang = 5 * time.Second

// Within runs f and fails the test when f has not returned within Hang;
// what names f in the failure.
func Within(t testing.TB, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(Hang):
		t.Fatalf("%s did not return in %v", what, Hang)
	}
}

// Sparse makes a sparse file of size bytes at path (holes only, nothing on
// the disk), and skips the test where the file system has no sparse files.
func Sparse(t testing.TB, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		t.Skipf("no sparse files here: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
