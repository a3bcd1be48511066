package nss

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"rootip-cert/internal/store"
)

// The files of an sql: NSS database. cert9.db and key4.db are SQLite
// databases in rollback-journal mode (NSS never switches to WAL; -wal files
// are handled anyway, in case another program did).
var (
	sqliteFiles = []string{"cert9.db", "key4.db"}
	dbFiles     = []string{"cert9.db", "key4.db", "pkcs11.txt"}
	journalExts = []string{"-journal", "-wal"}
)

// SQLite's lock bytes (os.h): the same offsets on every platform.
const (
	sqlitePendingByte  = 0x40000000
	sqliteReservedByte = sqlitePendingByte + 1
	sqliteSharedFirst  = sqlitePendingByte + 2
	sqliteSharedSize   = 510
)

// How long an operation waits for another program to let go of the
// database before it reports store.ErrBusy (bounded further by the context).
// Browsers hold SQLite locks for milliseconds; a longer hold is a program
// in the middle of something the user should let finish.
var (
	busyWait     = 2 * time.Second
	procLockWait = 5 * time.Second
)

// journalMagic starts every SQLite rollback journal header.
var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// resolved follows a symlinked database file to where SQLite really keeps
// it: SQLite resolves the name before deriving its journal's, so a
// journal sits beside the target, not beside the link.
func resolved(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// journalPaths are the places a journal of the database file p can be.
func journalPaths(p, ext string) []string {
	out := []string{resolved(p) + ext}
	if p+ext != out[0] {
		out = append(out, p+ext)
	}
	return out
}

// hotJournal reports whether the SQLite file p has a journal left by a
// writer that died (a "hot" journal: present, with a header, and nobody
// holds the reserved lock). SQLite rolls it back at the next read-write
// open; a read-only open cannot, and fails.
func hotJournal(p string) bool {
	for _, j := range journalPaths(p, "-journal") {
		f, err := os.Open(j)
		if err != nil {
			continue
		}
		head := make([]byte, len(journalMagic))
		_, err = io.ReadFull(f, head)
		f.Close()
		if err != nil || !bytes.Equal(head, journalMagic) {
			continue
		}
		if db, err := os.Open(p); err == nil {
			held, _ := rangeConflict(db, sqliteReservedByte, 1, true)
			db.Close()
			if held {
				return false // a live writer's journal: busy, not hot
			}
		}
		return true
	}
	return false
}

// sqliteBusy reports whether another process holds a lock on the SQLite
// file p that would make NSS wait: for a write any lock (a reader inside a
// transaction blocks the commit, a writer the begin), for a read a pending
// or exclusive lock.
//
// The file is opened and closed here, which drops this process's POSIX
// locks on it: callers hold nssMu with NSS not initialised, or initialised
// and idle (no transaction, so no locks).
func sqliteBusy(p string, write bool) (bool, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if write {
		for _, r := range [][2]int64{{sqlitePendingByte, 1}, {sqliteReservedByte, 1}, {sqliteSharedFirst, sqliteSharedSize}} {
			if held, err := rangeConflict(f, r[0], r[1], true); err != nil || held {
				return held, err
			}
		}
		return false, nil
	}
	if held, err := rangeConflict(f, sqlitePendingByte, 1, false); err != nil || held {
		return held, err
	}
	return rangeConflict(f, sqliteSharedFirst, sqliteSharedSize, false)
}

// waitUntil returns the deadline of a bounded wait: limit from now, or the
// context's deadline when that is sooner.
func waitUntil(ctx context.Context, limit time.Duration) time.Time {
	d := time.Now().Add(limit)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		return cd
	}
	return d
}

// retry calls try every few milliseconds until it reports done, fails, or
// the deadline passes (then it returns false).
func retry(ctx context.Context, deadline time.Time, try func() (bool, error)) (bool, error) {
	for {
		done, err := try()
		if err != nil || done {
			return done, err
		}
		if !time.Now().Before(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(15 * time.Millisecond):
		}
	}
}

// waitNotBusy waits until no other process holds the database files in a
// way that would block this operation, or reports store.ErrBusy.
func (s *Store) waitNotBusy(ctx context.Context, write bool) error {
	var busyFile string
	ok, err := retry(ctx, waitUntil(ctx, busyWait), func() (bool, error) {
		for _, f := range sqliteFiles {
			held, err := sqliteBusy(filepath.Join(s.Dir, f), write)
			if err != nil {
				return false, err
			}
			if held {
				busyFile = f
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("NSS database %s: %w", s.Dir, err)
	}
	if !ok {
		return fmt.Errorf("NSS database %s: %s is locked by another program: %w", s.Dir, busyFile, store.ErrBusy)
	}
	return nil
}

// checkWritable reports store.ErrReadOnly before anything is written when
// the database cannot be: the folder (new files, journals, backups), the
// database files, and the folders their journals go to (a symlink's target).
func (s *Store) checkWritable() error {
	dirs := []string{s.Dir}
	for _, f := range sqliteFiles {
		p := filepath.Join(s.Dir, f)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		w, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("NSS database %s: %s: %w", s.Dir, f, store.ErrReadOnly)
		}
		w.Close()
		if d := filepath.Dir(resolved(p)); d != s.Dir {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		if !writable(d) {
			return fmt.Errorf("NSS database %s: folder %s: %w", s.Dir, d, store.ErrReadOnly)
		}
	}
	return nil
}

func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".rootip-write-test-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// procLock is this tool's own lock on a database (a file in the backup
// folder): writers take it exclusively for the whole operation, backup and
// undo included, readers shared. It serialises copies of this program
// (two windows, the CLI beside the GUI) so that one never undoes or sees
// half of another's write; other programs are kept out by SQLite's locks.
type procLock struct{ f *os.File }

func (s *Store) lockPath() string { return filepath.Join(s.Dir, BackupDirName, ".lock") }

// acquireProcLock takes the lock, waiting a bounded time. A reader finds no
// lock file where this tool never wrote, and needs none.
func (s *Store) acquireProcLock(ctx context.Context, exclusive bool) (*procLock, error) {
	var f *os.File
	var err error
	if exclusive {
		if err := s.mkBackupRoot(); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(s.lockPath(), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("NSS database %s: lock: %w", s.Dir, readOnlyOr(err))
		}
	} else {
		f, err = os.Open(s.lockPath())
		if err != nil {
			return &procLock{}, nil
		}
	}
	ok, err := retry(ctx, waitUntil(ctx, procLockWait), func() (bool, error) { return tryLockFile(f, exclusive) })
	if err != nil || !ok {
		f.Close()
		if err == nil {
			err = fmt.Errorf("another copy of rootip-cert is changing it: %w", store.ErrBusy)
		}
		return nil, fmt.Errorf("NSS database %s: %w", s.Dir, err)
	}
	return &procLock{f: f}, nil
}

func (l *procLock) release() {
	if l != nil && l.f != nil {
		unlockFile(l.f)
		l.f.Close()
		l.f = nil
	}
}

// readOnlyOr maps a permission failure to store.ErrReadOnly.
func readOnlyOr(err error) error {
	if errors.Is(err, fs.ErrPermission) || isReadOnlyFS(err) {
		return fmt.Errorf("%v: %w", err, store.ErrReadOnly)
	}
	return err
}

// sqliteLock is SQLite's own lock on one database file, taken the way
// SQLite takes it (pending byte, then the shared range; for exclusive also
// the reserved and pending bytes and the whole shared range), so that
// SQLite readers and writers in other processes wait for us.
type sqliteLock struct {
	f      *os.File
	ranges [][2]int64
}

// lockSQLite takes a shared or exclusive lock on the open file, waiting a
// bounded time, or reports store.ErrBusy.
func lockSQLite(ctx context.Context, f *os.File, exclusive bool) (*sqliteLock, error) {
	l := &sqliteLock{f: f}
	take := func(start, n int64, excl bool) func() (bool, error) {
		return func() (bool, error) { return tryLockRange(f, start, n, excl) }
	}
	deadline := waitUntil(ctx, busyWait)
	fail := func(err error) (*sqliteLock, error) {
		l.release()
		if err == nil {
			err = fmt.Errorf("%s is locked by another program: %w", f.Name(), store.ErrBusy)
		}
		return nil, err
	}
	// Shared: hold the pending byte (shared) while taking the shared range.
	ok, err := retry(ctx, deadline, take(sqlitePendingByte, 1, false))
	if err != nil || !ok {
		return fail(err)
	}
	ok, err = retry(ctx, deadline, take(sqliteSharedFirst, sqliteSharedSize, false))
	unlockRange(f, sqlitePendingByte, 1)
	if err != nil || !ok {
		return fail(err)
	}
	l.ranges = append(l.ranges, [2]int64{sqliteSharedFirst, sqliteSharedSize})
	if !exclusive {
		return l, nil
	}
	for _, r := range [][2]int64{{sqliteReservedByte, 1}, {sqlitePendingByte, 1}, {sqliteSharedFirst, sqliteSharedSize}} {
		if r[0] == sqliteSharedFirst && !upgradeInPlace {
			unlockRange(f, sqliteSharedFirst, sqliteSharedSize)
		}
		if ok, err := retry(ctx, deadline, take(r[0], r[1], true)); err != nil || !ok {
			return fail(err)
		}
		l.ranges = append(l.ranges, r)
	}
	return l, nil
}

func (l *sqliteLock) release() {
	if l == nil {
		return
	}
	for i := len(l.ranges) - 1; i >= 0; i-- {
		unlockRange(l.f, l.ranges[i][0], l.ranges[i][1])
	}
	l.ranges = nil
}

// heldFiles is what a backup or a restore keeps open while it works: the
// database files, read or written through these very descriptors, and
// SQLite's locks on them (closing any other descriptor of a file would
// drop its locks).
type heldFiles struct {
	files []*os.File
	locks []*sqliteLock
}

// lock takes SQLite's lock on f, one of h.files, until release.
func (h *heldFiles) lock(ctx context.Context, f *os.File, exclusive bool) error {
	l, err := lockSQLite(ctx, f, exclusive)
	if err != nil {
		return err
	}
	h.locks = append(h.locks, l)
	return nil
}

// release drops the locks, then closes the files.
func (h *heldFiles) release() {
	for _, l := range h.locks {
		l.release()
	}
	for _, f := range h.files {
		f.Close()
	}
}
