//go:build !windows

package nss

import (
	"os"
	"syscall"
)

// parentLockHeld asks whether another process holds the fcntl lock Firefox
// takes on .parentlock.
func parentLockHeld(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != syscall.F_UNLCK
}
