package harden

import (
	"testing"

	"golang.org/x/sys/windows"
)

// currentErrorMode reads the error mode (x/sys has no GetErrorMode).
func currentErrorMode() uint32 {
	m := windows.SetErrorMode(0)
	windows.SetErrorMode(m)
	return m
}

func TestDisableCoreDumpsSetsErrorMode(t *testing.T) {
	defer windows.SetErrorMode(currentErrorMode())
	for _, start := range []uint32{0, windows.SEM_NOOPENFILEERRORBOX} {
		windows.SetErrorMode(start)
		if err := DisableCoreDumps(); err != nil {
			t.Fatal(err)
		}
		if got, want := currentErrorMode(), start|windows.SEM_FAILCRITICALERRORS|windows.SEM_NOGPFAULTERRORBOX; got != want {
			t.Errorf("from %#x: error mode %#x, want %#x", start, got, want)
		}
	}
}
