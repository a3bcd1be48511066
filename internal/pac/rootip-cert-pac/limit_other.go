//go:build !unix

package main

// limitMemory: the helper runs on Linux and macOS only (Windows evaluates
// its scripts in WinHTTP); elsewhere it builds with no limit of its own.
func limitMemory() {}
