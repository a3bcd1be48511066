//go:build !windows

package nss

import (
	"errors"
	"os"
	"syscall"
)

// tryLockFile takes the whole-file advisory lock (flock) of our own lock
// file without waiting. flock locks are separate from the fcntl byte-range
// locks SQLite uses, so they never disturb the database.
func tryLockFile(f *os.File, exclusive bool) (bool, error) {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

func flockT(start, n int64, exclusive bool) *syscall.Flock_t {
	lk := &syscall.Flock_t{Type: syscall.F_RDLCK, Whence: 0, Start: start, Len: n}
	if exclusive {
		lk.Type = syscall.F_WRLCK
	}
	return lk
}

// tryLockRange takes a POSIX byte-range lock as SQLite's unix VFS does,
// without waiting. POSIX locks belong to the process: closing any
// descriptor of the file drops them all, so this is only used while NSS
// has no transaction open in this process.
func tryLockRange(f *os.File, start, n int64, exclusive bool) (bool, error) {
	err := syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, flockT(start, n, exclusive))
	if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
		return false, nil
	}
	return err == nil, err
}

func unlockRange(f *os.File, start, n int64) {
	lk := &syscall.Flock_t{Type: syscall.F_UNLCK, Whence: 0, Start: start, Len: n}
	_ = syscall.FcntlFlock(f.Fd(), syscall.F_SETLK, lk)
}

// rangeConflict reports whether another process holds a lock on the range
// that conflicts with a lock of this kind (F_GETLK: nothing is taken).
func rangeConflict(f *os.File, start, n int64, exclusive bool) (bool, error) {
	lk := flockT(start, n, exclusive)
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, lk); err != nil {
		return false, err
	}
	return lk.Type != syscall.F_UNLCK, nil
}

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

// upgradeInPlace: POSIX converts a held read lock to a write lock.
const upgradeInPlace = true
