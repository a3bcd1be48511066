//go:build windows

package nss

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// parentLockHeld: Firefox on Windows opens .parentlock without sharing, so
// opening it fails with a sharing violation while Firefox runs.
func parentLockHeld(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		f.Close()
		return false
	}
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION)
}
