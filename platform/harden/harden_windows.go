package harden

import "golang.org/x/sys/windows"

// errorMode keeps Windows from showing the critical-error box and the
// Windows Error Reporting dialog that offers to send a crash dump.
const errorMode = windows.SEM_FAILCRITICALERRORS | windows.SEM_NOGPFAULTERRORBOX

func disableCoreDumps() error {
	// SetErrorMode returns the previous mode: set ours, then add back any
	// flag that was already set (such as SEM_NOOPENFILEERRORBOX).
	prev := windows.SetErrorMode(errorMode)
	windows.SetErrorMode(prev | errorMode)
	return nil
}
