//go:build unix

package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// heapLimit is the Go heap the collector aims to stay under; scriptRoom
// is the address space the script may add to what the process has
// reserved at start, a cap the kernel enforces (RLIMIT_AS): past it every
// allocation fails and the Go runtime ends the process ("out of memory"),
// which the parent reports as a script that failed. A PAC script needs a
// few MiB. The Go runtime reserves much address space it never touches
// (about 1.5 GiB for this program on linux/amd64), so the cap is that
// plus scriptRoom, read from /proc/self/statm; elsewhere fallbackLimit.
//
// setrlimit in the process itself, first thing in main, rather than a
// re-exec or prlimit from the parent: one system call on Linux and macOS
// alike, before the script is read. (macOS accepts RLIMIT_AS but does not
// enforce it; there the heap limit and the parent's deadline bound the
// script.)
const (
	heapLimit     = 256 << 20
	scriptRoom    = 512 << 20
	fallbackLimit = 4 << 30
)

func limitMemory() {
	debug.SetMemoryLimit(heapLimit)
	limit := uint64(fallbackLimit)
	if reserved, ok := addressSpace(); ok {
		limit = reserved + scriptRoom
	}
	lim := syscall.Rlimit{Cur: limit, Max: limit}
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &lim) // best effort: a lower inherited limit stays
}

// addressSpace is the process's address space now, in bytes (Linux).
func addressSpace() (uint64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return 0, false
	}
	pages, err := strconv.ParseUint(fields[0], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * uint64(os.Getpagesize()), true
}
