//go:build unix

package profile

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"rootip-cert/internal/boundedio"
)

// TestLoadRefusesFIFOAndDevices: --profile and settings.json given a FIFO
// (which used to hang the open) or /dev/zero (read until out of memory).
func TestLoadRefusesFIFOAndDevices(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		done := make(chan [2]error, 1)
		go func() {
			_, errLoad := Load(path)
			_, errSettings := LoadSettings(path)
			done <- [2]error{errLoad, errSettings}
		}()
		select {
		case errs := <-done:
			for i, err := range errs {
				if !errors.Is(err, boundedio.ErrNotRegular) {
					t.Errorf("%s: %s: %v; want not a regular file", path, []string{"Load", "LoadSettings"}[i], err)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Load/LoadSettings did not return in 5 s", path)
		}
	}
}
