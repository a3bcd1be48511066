//go:build !linux

package app

// releaseFilePages does nothing here: Linux's MADV_PAGEOUT is the one hint
// known to drop an executable's clean file pages without losing them.
func releaseFilePages([]byte) {}
