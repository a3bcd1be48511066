//go:build windows

package nss

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

func lockFileEx(f *os.File, start, n int64, exclusive bool) (bool, error) {
	flags := uint32(windows.LOCKFILE_FAIL_IMMEDIATELY)
	if exclusive {
		flags |= windows.LOCKFILE_EXCLUSIVE_LOCK
	}
	ol := &windows.Overlapped{Offset: uint32(start), OffsetHigh: uint32(start >> 32)}
	err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, uint32(n), uint32(n>>32), ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return false, nil
	}
	return err == nil, err
}

func unlockFileEx(f *os.File, start, n int64) {
	ol := &windows.Overlapped{Offset: uint32(start), OffsetHigh: uint32(start >> 32)}
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, uint32(n), uint32(n>>32), ol)
}

// tryLockFile locks the first byte of our own lock file (LockFileEx).
func tryLockFile(f *os.File, exclusive bool) (bool, error) { return lockFileEx(f, 0, 1, exclusive) }

func unlockFile(f *os.File) { unlockFileEx(f, 0, 1) }

// tryLockRange takes a byte-range lock the way SQLite's win32 VFS does.
func tryLockRange(f *os.File, start, n int64, exclusive bool) (bool, error) {
	return lockFileEx(f, start, n, exclusive)
}

func unlockRange(f *os.File, start, n int64) { unlockFileEx(f, start, n) }

// rangeConflict: Windows has no F_GETLK; try the lock and give it back.
func rangeConflict(f *os.File, start, n int64, exclusive bool) (bool, error) {
	ok, err := lockFileEx(f, start, n, exclusive)
	if err != nil {
		return false, err
	}
	if ok {
		unlockFileEx(f, start, n)
	}
	return !ok, nil
}

func isReadOnlyFS(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }

// upgradeInPlace: LockFileEx cannot turn a shared lock into an exclusive
// one; the shared range is given back first (as SQLite's win32 VFS does).
const upgradeInPlace = false
