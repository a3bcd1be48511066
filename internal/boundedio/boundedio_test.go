package boundedio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/testsupport/specialfile"
)

func write(t *testing.T, path string, n int) []byte {
	t.Helper()
	data := bytes.Repeat([]byte("x"), n)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	const max = 64
	exact := write(t, filepath.Join(dir, "exact"), max)
	write(t, filepath.Join(dir, "over"), max+1)
	write(t, filepath.Join(dir, "empty"), 0)
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	// Windows allows symbolic links only with a privilege or developer mode.
	symlinkErr := os.Symlink("exact", filepath.Join(dir, "link"))
	if symlinkErr == nil {
		symlinkErr = os.Symlink("sub", filepath.Join(dir, "linkdir"))
	}
	for _, tc := range []struct {
		name string
		want []byte
		is   error
	}{
		{"exact", exact, nil},
		{"empty", []byte{}, nil},
		{"link", exact, nil}, // a symlink to a regular file is read
		{"over", nil, ErrTooLarge},
		{"sub", nil, ErrNotRegular},
		{"linkdir", nil, ErrNotRegular},
		{"missing", nil, fs.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasPrefix(tc.name, "link") && symlinkErr != nil {
				t.Skipf("cannot make symbolic links here: %v", symlinkErr)
			}
			path := filepath.Join(dir, tc.name)
			got, err := ReadFile(path, max)
			if tc.is == nil {
				if err != nil || !bytes.Equal(got, tc.want) {
					t.Fatalf("ReadFile = %d bytes, %v; want %d bytes", len(got), err, len(tc.want))
				}
				return
			}
			if !errors.Is(err, tc.is) || got != nil {
				t.Fatalf("ReadFile = %d bytes, %v; want %v", len(got), err, tc.is)
			}
			if !strings.HasPrefix(err.Error(), "read "+path+": ") || strings.Count(err.Error(), path) != 1 {
				t.Errorf("error %q is not wrapped as read PATH: ...", err)
			}
		})
	}
}

func TestTypedErrors(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "big"), 100)
	_, err := ReadFile(filepath.Join(dir, "big"), 10)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 100 || tl.Max != 10 || errors.Is(err, ErrNotRegular) {
		t.Errorf("over-size: %#v", err)
	}
	_, err = ReadFile(dir, 10)
	var nr *NotRegularError
	if !errors.As(err, &nr) || nr.Kind() != "directory" || errors.Is(err, ErrTooLarge) {
		t.Errorf("directory: %#v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "big"), -1); err == nil {
		t.Error("negative limit accepted")
	}
}

func TestHugeSparseFileRefusedBeforeReading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sparse")
	specialfile.Sparse(t, path, 1<<40)
	_, err := ReadFile(path, 1<<20)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 1<<40 {
		t.Fatalf("1 TiB sparse file: %v", err)
	}
}
