//go:build !unix && !windows

package harden

func disableCoreDumps() error { return nil }
