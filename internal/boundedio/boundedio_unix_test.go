//go:build unix

package boundedio

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"rootip-cert/internal/testsupport/specialfile"
)

func TestNonRegularRefusedQuickly(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	specialfile.Pipe(t, fifo)
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
			var err error
			specialfile.Within(t, "ReadFile", func() { _, err = ReadFile(tc.path, 1<<20) })
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
	specialfile.Pipe(t, fifo)
	openAndCheck := func() error {
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
	}
	var err error
	specialfile.Within(t, "open and check", func() { err = openAndCheck() })
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
