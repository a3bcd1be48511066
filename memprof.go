//go:build memprof

package main

// Built with the tag memprof only (never in a release): with
// ROOTIP_CERT_HEAPPROFILE=FILE set, the program writes a heap profile to
// FILE 4 s after it starts (the window drawn and idle), for
// `go tool pprof -sample_index=inuse_space` (BENCHMARKS.md, window memory).

import (
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func init() {
	path := os.Getenv("ROOTIP_CERT_HEAPPROFILE")
	if path == "" {
		return
	}
	runtime.MemProfileRate = 4096
	time.AfterFunc(4*time.Second, func() {
		f, err := os.Create(path)
		if err != nil {
			return
		}
		defer f.Close()
		runtime.GC()
		_ = pprof.WriteHeapProfile(f)
	})
}
