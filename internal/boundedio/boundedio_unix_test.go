//go:build unix

package boundedio

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// within fails the test when f does not return in d: these inputs used to
// hang or exhaust memory.
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("did not return in %v", d)
		return nil
	}
}

func TestNonRegularRefusedQuickly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "link-to-fifo")); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct{ name, path, kind string }{
		{"dev-zero", "/dev/zero", "device"},
		{"dev-null", "/dev/null", "device"},
		{"fifo", fifo, "fifo"},
		{"symlink-to-fifo", filepath.Join(dir, "link-to-fifo"), "fifo"},
		{"socket", sock, "socket"},
		{"directory", dir, "directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := within(t, 5*time.Second, func() error {
				_, err := ReadFile(tc.path, 1<<20)
				return err
			})
			var nr *NotRegularError
			if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nr) || nr.Kind() != tc.kind {
				t.Fatalf("ReadFile(%s) = %v; want not regular (%s)", tc.path, err, tc.kind)
			}
		})
	}
}

func TestOpenDoesNotBlockOnFIFO(t *testing.T) {
	// The check after opening, for a path swapped for a FIFO between the
	// look and the open: the open itself must not wait for a writer.
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	err := within(t, 5*time.Second, func() error {
		f, err := open(fifo)
		if err != nil {
			return err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		return check(fifo, fi, 10)
	})
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("opened FIFO: %v; want not regular", err)
	}
}

func TestGrowingFileReadsAtMostMaxPlusOne(t *testing.T) {
	// /proc files are regular files that report size 0 and then deliver
	// content: a file that is larger when read than when opened.
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux /proc")
	}
	const path = "/proc/self/status"
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != 0 {
		t.Skipf("%s is not a zero-size regular file here: %v", path, err)
	}
	_, err = ReadFile(path, 16)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 17 || tl.Max != 16 {
		t.Fatalf("ReadFile(%s, 16) = %v; want too large after reading 17 bytes", path, err)
	}
	if data, err := ReadFile(path, 1<<20); err != nil || len(data) == 0 {
		t.Fatalf("ReadFile(%s, 1 MiB) = %d bytes, %v", path, len(data), err)
	}
}
