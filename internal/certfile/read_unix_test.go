//go:build unix

package certfile

import (
	"testing"

	"rootip-cert/internal/testsupport/specialfile"
)

// TestFIFOAndDeviceAreRefusedWithoutReading: a named pipe and /dev/zero are
// refused at once (no hang, no endless read).
func TestFIFOAndDeviceAreRefusedWithoutReading(t *testing.T) {
	for p, err := range specialfile.Read(t, func(p string) error { _, err := ReadFile(p); return err }) {
		if CodeOf(err) != Unreadable {
			t.Errorf("%s: %v", p, err)
		}
	}
}
