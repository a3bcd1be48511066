package deploy

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// MaxInstallerSize bounds the installer copied into the bundle (ours are
// tens of MiB).
const MaxInstallerSize = 512 << 20

// Existing returns the artefacts of files that already exist under dir
// (the caller asks before overwriting them).
func Existing(dir string, files []File) []string {
	var out []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			out = append(out, f.Path)
		}
	}
	return out
}

// Write puts files under dir: each is written to a temporary file beside
// its place first, and only when every one is complete are they renamed
// into place, so a failure (disk full, a bad installer) leaves the folder
// as it was. Secret files are 0600, the rest 0644. It returns the paths
// written, as given.
func Write(dir string, files []File) ([]string, error) {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("write deploy artefacts: %s is not a folder", dir)
	}
	type pending struct{ tmp, final, rel string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		final := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			cleanup()
			return nil, fmt.Errorf("write deploy artefacts: %w", err)
		}
		tmp, err := writeTemp(final, f)
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("write %s: %w", f.Path, err)
		}
		done = append(done, pending{tmp, final, f.Path})
	}
	var written []string
	for i, p := range done {
		if err := os.Rename(p.tmp, p.final); err != nil {
			done = done[i:]
			cleanup()
			return written, fmt.Errorf("write %s: %w", p.rel, err)
		}
		written = append(written, p.rel)
	}
	return written, nil
}

func writeTemp(final string, f File) (string, error) {
	t, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".tmp*")
	if err != nil {
		return "", err
	}
	name := t.Name()
	fail := func(err error) (string, error) {
		t.Close()
		os.Remove(name)
		return "", err
	}
	if f.Source != "" {
		if err := copyBounded(t, f.Source); err != nil {
			return fail(err)
		}
	} else if _, err := t.Write(f.Data); err != nil {
		return fail(err)
	}
	mode := os.FileMode(0o644)
	if f.Secret {
		mode = 0o600
	}
	if err := t.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := t.Sync(); err != nil {
		return fail(err)
	}
	if err := t.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

func copyBounded(w io.Writer, path string) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("installer is not a regular file")
	}
	n, err := io.Copy(w, io.LimitReader(src, MaxInstallerSize+1))
	if err != nil {
		return err
	}
	if n > MaxInstallerSize {
		return fmt.Errorf("installer larger than %d MiB", MaxInstallerSize>>20)
	}
	return nil
}
