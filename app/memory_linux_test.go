package app

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"rootip-cert/assets"
)

func TestWholePagesKeepsToPagesInsideTheSlice(t *testing.T) {
	const p = 4096
	mem, err := unix.Mmap(-1, 0, 4*p, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(mem)
	for _, c := range []struct {
		from, to, lo, hi int
	}{
		{0, 2 * p, 0, 2 * p},             // aligned at both ends
		{1, 2 * p, p - 1, 2*p - 1},       // the first, shared page is left alone
		{0, 2*p - 1, 0, p},               // so is the last
		{100, p + 100, 0, 0},             // no whole page inside
		{p, p, 0, 0},                     // empty
		{10, 3*p + 10, p - 10, 3*p - 10}, // two whole pages between shared ones
	} {
		lo, hi := wholePages(mem[c.from:c.to], p)
		if lo != c.lo || hi != c.hi {
			t.Errorf("wholePages(mem[%d:%d]) = %d, %d; want %d, %d", c.from, c.to, lo, hi, c.lo, c.hi)
		}
	}
}

// The embedded font's pages leave the process's resident memory and read
// back unchanged from the program's file. Run in a copy of the test program:
// the kernel may map a freshly linked file in 2 MiB pages, which it does not
// page out piecemeal (an installed program is written, not linked, and is
// mapped in 4 KiB pages; BENCHMARKS.md, the window's memory).
func TestPageOutDropsTheFontsPagesAndKeepsItsBytes(t *testing.T) {
	if os.Getenv(pageOutChildEnv) != "" {
		pageOutChild(t)
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	copied := t.TempDir() + "/app.test"
	if err := copyFile(self, copied); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(copied, "-test.run=^TestPageOutDropsTheFontsPagesAndKeepsItsBytes$", "-test.v")
	cmd.Env = append(os.Environ(), pageOutChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the copy's check failed: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("--- SKIP")) {
		t.Skipf("the copy skipped:\n%s", out)
	}
	if !bytes.Contains(out, []byte("--- PASS")) {
		t.Fatalf("the copy ran no check:\n%s", out)
	}
}

const pageOutChildEnv = "ROOTIP_CERT_TEST_PAGEOUT_CHILD"

func pageOutChild(t *testing.T) {
	font := assets.FontRegular
	want := sha256.Sum256(font) // every page touched, so resident
	before := residentKiB(t, font)
	if err := pageOut(font); errors.Is(err, unix.EINVAL) {
		t.Skip("this kernel has no MADV_PAGEOUT (Linux 5.4 and later): the window keeps the pages, nothing else changes")
	} else if err != nil {
		t.Fatal(err)
	}
	after := residentKiB(t, font)
	if drop := before - after; drop < len(font)/1024/2 {
		t.Errorf("resident memory of the font's mapping went from %d to %d KiB; want it at least %d KiB lower", before, after, len(font)/1024/2)
	}
	if sha256.Sum256(font) != want {
		t.Fatal("the font's bytes changed after their pages were released")
	}
}

// copyFile copies the program and syncs it: the kernel pages out no dirty
// page of a file, only clean ones (an installed program's are).
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o700)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// residentKiB is the Rss of the mapping in /proc/self/smaps holding b.
func residentKiB(t *testing.T, b []byte) int {
	t.Helper()
	addr := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	in := false
	for _, line := range bytes.Split(smaps, []byte("\n")) {
		var lo, hi uint64
		if n, _ := fmt.Sscanf(string(line), "%x-%x ", &lo, &hi); n == 2 {
			in = lo <= addr && addr < hi
			continue
		}
		if rest, ok := bytes.CutPrefix(line, []byte("Rss:")); ok && in {
			var kib int
			if _, err := fmt.Sscanf(string(rest), "%d kB", &kib); err != nil {
				t.Fatalf("reading %q: %v", line, err)
			}
			return kib
		}
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return 0
}
