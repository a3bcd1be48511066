package nss

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// BackupDirName is the folder, inside the database directory, that holds the
// timestamped backups taken before every write that deletes no key (folder
// 0700, files 0600). A backup is a complete database: cert9.db, key4.db,
// pkcs11.txt and, when one was present, each file's SQLite journal. Restore
// one with (*Store).Restore: by hand, the journals must be copied too and
// any journal in the database folder that the backup does not have must be
// deleted first, or SQLite rolls it back over the restored file.
//
// Backups holding a key are removed when that key is deleted (Delete,
// DeleteOrphan), so a deleted key does not stay recoverable from them.
const BackupDirName = "rootip-cert-backups"

// tmpPrefix marks a backup being written; one left by a killed process is
// never listed and is removed by the next backup.
const tmpPrefix = ".tmp-"

func (s *Store) backupRoot() string { return filepath.Join(s.Dir, BackupDirName) }

// mkBackupRoot creates the backup folder, private to the user, and refuses
// one that is a symlink (backups would be written elsewhere).
func (s *Store) mkBackupRoot() error {
	root := s.backupRoot()
	if st, err := os.Lstat(root); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("NSS database %s: %s is a symlink; refusing to write backups through it", s.Dir, root)
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return fmt.Errorf("NSS database %s: backups: %w", s.Dir, readOnlyOr(err))
	}
	if err := os.Chmod(root, 0o700); err != nil {
		return fmt.Errorf("NSS database %s: backups: %w", s.Dir, readOnlyOr(err))
	}
	return nil
}

// snapshot copies the database into a new timestamped folder, under SQLite
// shared locks on both database files (no other program commits while the
// pair is copied, so cert9.db and key4.db match), journals included. A
// database that does not exist yet needs none (""). The caller holds the
// exclusive procLock and nssMu with NSS not in a transaction (or not yet
// initialised): the copies read through the descriptors that hold the
// locks, because closing any other descriptor of the file would drop them.
func (s *Store) snapshot(ctx context.Context) (string, error) {
	var present []string
	for _, f := range dbFiles {
		if st, err := os.Stat(filepath.Join(s.Dir, f)); err == nil && st.Mode().IsRegular() {
			present = append(present, f)
		}
	}
	if len(present) == 0 {
		return "", nil
	}
	if err := s.mkBackupRoot(); err != nil {
		return "", err
	}
	stamp := time.Now().Format("20060102-150405.000000000")
	tmp := filepath.Join(s.backupRoot(), tmpPrefix+stamp)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return "", fmt.Errorf("back up NSS database: %w", readOnlyOr(err))
	}
	fail := func(err error) (string, error) {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("back up NSS database: %w", err)
	}
	var held heldFiles
	defer held.release()
	var copies pendingSyncs
	defer copies.close()
	for _, name := range present {
		src, err := os.Open(filepath.Join(s.Dir, name))
		if err != nil {
			return fail(err)
		}
		held.files = append(held.files, src)
		if isSQLite(name) {
			if err := held.lock(ctx, src, false); err != nil {
				return fail(err)
			}
		}
	}
	for i, name := range present {
		if err := copies.write(filepath.Join(tmp, name), held.files[i]); err != nil {
			return fail(err)
		}
		if !isSQLite(name) {
			continue
		}
		for _, ext := range journalExts {
			for _, j := range journalPaths(filepath.Join(s.Dir, name), ext) {
				if st, err := os.Stat(j); err != nil || st.Size() == 0 {
					continue
				}
				in, err := os.Open(j)
				if err != nil {
					return fail(err)
				}
				err = copies.write(filepath.Join(tmp, name+ext), in)
				in.Close()
				if err != nil {
					return fail(err)
				}
				break
			}
		}
	}
	// Every copy and the folder naming them are on disk before the folder
	// gets its final name: synced together (one journal commit of the file
	// system for all of them, where one after another made four).
	if err := copies.syncWith(tmp); err != nil {
		return fail(err)
	}
	dst := filepath.Join(s.backupRoot(), stamp)
	if err := os.Rename(tmp, dst); err != nil {
		return fail(err)
	}
	syncDir(s.backupRoot())
	return dst, nil
}

// backup is snapshot, then the older backups beyond KeepBackups pruned.
func (s *Store) backup(ctx context.Context) (string, error) {
	dst, err := s.snapshot(ctx)
	if err != nil || dst == "" {
		return dst, err
	}
	return dst, s.pruneOld()
}

// pruneOld keeps the newest KeepBackups (5 when unset).
func (s *Store) pruneOld() error {
	keep := s.KeepBackups
	if keep <= 0 {
		keep = 5
	}
	return s.prune(keep)
}

// dropSnapshot removes a snapshot that turned out not to be needed (the
// database it copied could not be opened): kept, it would push an older,
// useful backup out.
func dropSnapshot(dir string) {
	if dir != "" {
		os.RemoveAll(dir)
	}
}

func isSQLite(name string) bool { return name == "cert9.db" || name == "key4.db" }

// Backups lists the backup folders, newest first.
func (s *Store) Backups() ([]string, error) {
	entries, err := os.ReadDir(s.backupRoot())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(s.backupRoot(), e.Name()))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out, nil
}

// prune keeps the newest keep backups and removes what killed backups left.
func (s *Store) prune(keep int) error {
	entries, err := os.ReadDir(s.backupRoot())
	if err != nil {
		return fmt.Errorf("prune backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		switch {
		case !e.IsDir():
		case strings.HasPrefix(e.Name(), tmpPrefix):
			os.RemoveAll(filepath.Join(s.backupRoot(), e.Name()))
		case !strings.HasPrefix(e.Name(), "."):
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		if err := os.RemoveAll(filepath.Join(s.backupRoot(), names[0])); err != nil {
			return fmt.Errorf("prune backups: %w", err)
		}
		names = names[1:]
	}
	return nil
}

// Restore puts a backup back: under this tool's lock and SQLite's exclusive
// lock on both database files (no browser reads or writes meanwhile), the
// backup's bytes are copied INTO the existing files, so a symlinked
// cert9.db stays a symlink and a running browser's open handles stay
// valid; the change counter is advanced so such a browser drops its page
// cache. Journals go with their files: a journal the backup does not have
// is emptied first (a journal left by a killed write would otherwise be
// rolled back over the restored file), the backup's own are written last.
func (s *Store) Restore(backupDir string) error {
	return s.RestoreContext(context.Background(), backupDir)
}

// RestoreContext is Restore with a context bounding the waits for locks.
func (s *Store) RestoreContext(ctx context.Context, backupDir string) error {
	for _, f := range sqliteFiles {
		st, err := os.Lstat(filepath.Join(backupDir, f))
		if err != nil || !st.Mode().IsRegular() {
			return fmt.Errorf("restore NSS database: %s is not a backup (no %s)", backupDir, f)
		}
	}
	lk, err := s.acquireProcLock(ctx, true)
	if err != nil {
		return fmt.Errorf("restore NSS database: %w", err)
	}
	defer lk.release()
	// No NSS session of this process may have these files open while we
	// hold and drop POSIX locks on them.
	evictKept()
	nssMu.Lock()
	defer nssMu.Unlock()
	if err := s.checkWritable(); err != nil {
		return fmt.Errorf("restore NSS database: %w", err)
	}
	var held heldFiles
	defer held.release()
	for _, f := range sqliteFiles {
		h, err := os.OpenFile(filepath.Join(s.Dir, f), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return fmt.Errorf("restore NSS database: %w", readOnlyOr(err))
		}
		held.files = append(held.files, h)
		if err := held.lock(ctx, h, true); err != nil {
			return fmt.Errorf("restore NSS database: %w", err)
		}
	}
	live := held.files
	// 1. Neutralise every live journal: a zero-length journal is never hot.
	for _, f := range sqliteFiles {
		for _, ext := range journalExts {
			for _, j := range journalPaths(filepath.Join(s.Dir, f), ext) {
				if _, err := os.Stat(j); err == nil {
					if err := os.Truncate(j, 0); err != nil {
						return fmt.Errorf("restore NSS database: empty %s: %w", j, readOnlyOr(err))
					}
				}
			}
		}
	}
	// 2. The database files, into the existing inodes.
	for i, f := range sqliteFiles {
		before := changeCounter(live[i])
		src, err := os.Open(filepath.Join(backupDir, f))
		if err != nil {
			return fmt.Errorf("restore NSS database: %w", err)
		}
		err = overwrite(live[i], src)
		src.Close()
		if err != nil {
			return fmt.Errorf("restore NSS database: %s: %w", f, err)
		}
		bumpChangeCounter(live[i], before)
		if err := live[i].Sync(); err != nil {
			return fmt.Errorf("restore NSS database: %s: %w", f, err)
		}
	}
	// 3. The backup's journals (it was taken with an interrupted write in
	// progress: SQLite rolls them back at the next open, as it would have).
	for _, f := range sqliteFiles {
		for _, ext := range journalExts {
			src := filepath.Join(backupDir, f+ext)
			if _, err := os.Stat(src); err != nil {
				continue
			}
			if err := copyFile(src, resolved(filepath.Join(s.Dir, f))+ext); err != nil {
				return fmt.Errorf("restore NSS database: %s: %w", f+ext, err)
			}
		}
	}
	if src := filepath.Join(backupDir, "pkcs11.txt"); fileExists(src) {
		if err := copyFile(src, filepath.Join(s.Dir, "pkcs11.txt")); err != nil {
			return fmt.Errorf("restore NSS database: pkcs11.txt: %w", err)
		}
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// overwrite replaces dst's content with src's, keeping dst's inode.
func overwrite(dst *os.File, src io.Reader) error {
	if _, err := dst.Seek(0, io.SeekStart); err != nil {
		return err
	}
	n, err := io.Copy(dst, src)
	if err != nil {
		return err
	}
	return dst.Truncate(n)
}

// changeCounter reads SQLite's file change counter (header offset 24).
func changeCounter(f *os.File) uint32 {
	b := make([]byte, 4)
	if _, err := f.ReadAt(b, 24); err != nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// bumpChangeCounter sets the restored file's change counter past both the
// old live value and its own, as a write transaction would, so another
// process's SQLite sees the file changed and rereads it. Offset 92 (the
// counter the header's page count is valid for) moves with it.
func bumpChangeCounter(f *os.File, old uint32) {
	c := changeCounter(f)
	if old > c {
		c = old
	}
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, c+1)
	head := make([]byte, 16)
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != "SQLite format 3\x00" {
		return
	}
	f.WriteAt(b, 24)
	f.WriteAt(b, 92)
}

// copyFile copies src into dst (following a symlink at dst, keeping an
// existing file's inode), private to the user when dst is new.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return copyInto(dst, in, false)
}

// copyInto writes r into dst and syncs it. fresh: dst is a new backup file
// (exclusive create, 0600).
func copyInto(dst string, r io.ReadSeeker, fresh bool) error {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE
	if fresh {
		flags |= os.O_EXCL
	}
	out, err := os.OpenFile(dst, flags, 0o600)
	if err != nil {
		return readOnlyOr(err)
	}
	n, err := io.Copy(out, r)
	if err == nil {
		err = out.Truncate(n)
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// pendingSyncs are a backup's new files, written but not yet synced.
type pendingSyncs struct{ files []*os.File }

// write copies r into the new file dst (exclusive create, 0600), which
// stays open until syncWith.
func (p *pendingSyncs) write(dst string, r io.ReadSeeker) error {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return readOnlyOr(err)
	}
	p.files = append(p.files, out)
	_, err = io.Copy(out, r)
	return err
}

// syncWith syncs every file and the folder dir at the same time and
// returns when all of them are on disk (the first failure, if any).
func (p *pendingSyncs) syncWith(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	all := append([]*os.File{d}, p.files...)
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, f := range all[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i+1] = f.Sync()
		}()
	}
	errs[0] = d.Sync()
	wg.Wait()
	for _, f := range p.files {
		if err := f.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	p.files = nil
	return errors.Join(errs...)
}

// close closes what syncWith did not (a backup that failed before it).
func (p *pendingSyncs) close() {
	for _, f := range p.files {
		f.Close()
	}
	p.files = nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
