package nss

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// dbFiles are the files of an sql: NSS database.
var dbFiles = []string{"cert9.db", "key4.db", "pkcs11.txt"}

// BackupDirName is the folder, inside the database directory, that holds the
// timestamped backups taken before every write. To restore one by hand,
// close the browser and copy its three files back over the database.
const BackupDirName = "rootip-cert-backups"

// backup copies the database files into a new timestamped folder and keeps
// the newest KeepBackups. A database that does not exist yet needs none ("").
func (s *Store) backup() (string, error) {
	var present []string
	for _, f := range dbFiles {
		if _, err := os.Stat(filepath.Join(s.Dir, f)); err == nil {
			present = append(present, f)
		}
	}
	if len(present) == 0 {
		return "", nil
	}
	root := filepath.Join(s.Dir, BackupDirName)
	dst := filepath.Join(root, time.Now().Format("20060102-150405.000000000"))
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return "", fmt.Errorf("back up NSS database: %w", err)
	}
	for _, f := range present {
		if err := copyFile(filepath.Join(s.Dir, f), filepath.Join(dst, f)); err != nil {
			return "", fmt.Errorf("back up NSS database: %w", err)
		}
	}
	keep := s.KeepBackups
	if keep <= 0 {
		keep = 5
	}
	return dst, prune(root, keep)
}

// Backups lists the backup folders, newest first.
func (s *Store) Backups() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(s.Dir, BackupDirName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, filepath.Join(s.Dir, BackupDirName, e.Name()))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out, nil
}

// Restore copies a backup's files back over the database. The browser must
// be closed.
func (s *Store) Restore(backupDir string) error { return restore(backupDir, s.Dir) }

func restore(backupDir, dbDir string) error {
	for _, f := range dbFiles {
		src := filepath.Join(backupDir, f)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := copyFile(src, filepath.Join(dbDir, f)); err != nil {
			return fmt.Errorf("restore NSS database: %w", err)
		}
	}
	return nil
}

func prune(root string, keep int) error {
	entries, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("prune backups: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		if err := os.RemoveAll(filepath.Join(root, names[0])); err != nil {
			return fmt.Errorf("prune backups: %w", err)
		}
		names = names[1:]
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	tmp := dst + ".rootip-tmp"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
