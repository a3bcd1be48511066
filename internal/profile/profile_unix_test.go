//go:build unix

package profile

import (
	"errors"
	"testing"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/testsupport/specialfile"
)

// TestLoadRefusesFIFOAndDevices: --profile and settings.json given a FIFO
// (which used to hang the open) or /dev/zero (read until out of memory).
func TestLoadRefusesFIFOAndDevices(t *testing.T) {
	for name, load := range map[string]func(string) error{
		"Load":         func(p string) error { _, err := Load(p); return err },
		"LoadSettings": func(p string) error { _, err := LoadSettings(p); return err },
	} {
		for path, err := range specialfile.Read(t, load) {
			if !errors.Is(err, boundedio.ErrNotRegular) {
				t.Errorf("%s: %s: %v; want not a regular file", path, name, err)
			}
		}
	}
}
