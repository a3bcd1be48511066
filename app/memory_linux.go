package app

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// releaseFilePages asks the kernel to reclaim the whole pages of b, a part
// of the program's own file (embedded data, never written). A hint: a
// kernel without MADV_PAGEOUT (before 5.4) refuses and nothing changes.
func releaseFilePages(b []byte) { _ = pageOut(b) }

// pageOut is MADV_PAGEOUT over the pages wholly inside b: the kernel drops
// a clean page of a file mapping and reads it back from the file on the
// next touch, so the bytes stay what they were (MADV_DONTNEED would zero a
// page that is not file-backed). A page b shares with other data is left
// alone.
func pageOut(b []byte) error {
	lo, hi := wholePages(b, os.Getpagesize())
	if lo >= hi {
		return nil
	}
	return unix.Madvise(b[lo:hi], unix.MADV_PAGEOUT)
}

// wholePages returns the bounds, within b, of the memory pages of size page
// that lie wholly inside b.
func wholePages(b []byte, page int) (lo, hi int) {
	if len(b) == 0 {
		return 0, 0
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	p := uintptr(page)
	first := (start + p - 1) &^ (p - 1)
	last := (start + uintptr(len(b))) &^ (p - 1)
	if last <= first {
		return 0, 0
	}
	return int(first - start), int(last - start)
}
