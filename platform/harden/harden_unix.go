//go:build unix

package harden

import (
	"fmt"

	"golang.org/x/sys/unix"
)

func disableCoreDumps() error {
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err == nil {
		return nil
	}
	// Lowering the hard limit is always allowed on Linux and macOS; should a
	// system refuse it, lowering the soft limit alone still stops the dump.
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &old); err != nil {
		return fmt.Errorf("get core size limit: %w", err)
	}
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: old.Max}); err != nil {
		return fmt.Errorf("set core size limit to 0: %w", err)
	}
	return nil
}
