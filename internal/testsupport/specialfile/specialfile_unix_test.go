//go:build unix

package specialfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPipeAndSparse: Pipe leaves a named pipe (its folders made), Sparse a
// regular file of the size asked for.
func TestPipeAndSparse(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "a", "b", "pipe")
	Pipe(t, pipe)
	if fi, err := os.Lstat(pipe); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("Pipe: %v, %v; want a named pipe", fi, err)
	}
	sparse := filepath.Join(dir, "sparse")
	Sparse(t, sparse, 3<<30)
	if fi, err := os.Lstat(sparse); err != nil || !fi.Mode().IsRegular() || fi.Size() != 3<<30 {
		t.Errorf("Sparse: %v, %v; want a regular file of 3 GiB", fi, err)
	}
}

// TestReadReturnsEachError: Read tries the pipe and /dev/zero and hands
// back what the reader said of each.
func TestReadReturnsEachError(t *testing.T) {
	errs := Read(t, func(path string) error { return &os.PathError{Op: "read", Path: path, Err: os.ErrInvalid} })
	if len(errs) != 2 || errs["/dev/zero"] == nil {
		t.Errorf("Read = %v; want the pipe's and /dev/zero's errors", errs)
	}
	for path, err := range errs {
		if pe, ok := err.(*os.PathError); !ok || pe.Path != path {
			t.Errorf("%s: %v; want the reader's own error for it", path, err)
		}
	}
}
