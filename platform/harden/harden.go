// Package harden makes the running process keep its secrets to itself: once
// a .p12's private key or password is in memory, a crash must not write it
// to disk as a core dump or offer it to a crash reporter.
//
// DisableCoreDumps is portable: on Unix it sets RLIMIT_CORE to 0, soft and
// hard (a process cannot raise a hard limit again, so neither can a library
// it loads; child processes inherit the limit); on Windows it sets the
// process error mode so that a crash shows no Windows Error Reporting dialog
// offering to send a dump. Elsewhere it does nothing and reports success.
// Call it once, early in main, before any secret is read.
package harden

// DisableCoreDumps stops the process (and, on Unix, the processes it
// starts) from writing or offering crash dumps. It returns an error only
// when the operating system refused every way of doing so.
func DisableCoreDumps() error { return disableCoreDumps() }
