//go:build !windows

package main

// attachConsole: only the Windows GUI-subsystem build needs it.
func attachConsole() {}
