//go:build !windows

package cleanup

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

var signals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// holdBrokenPipe: SIGPIPE ignored, a write to a closed standard output
// returns EPIPE instead of killing the process (Notify would do the same
// but also catch the SIGPIPE of every closed network connection, which
// the demo server and the checks meet in normal work).
func holdBrokenPipe()    { signal.Ignore(syscall.SIGPIPE) }
func releaseBrokenPipe() { signal.Reset(syscall.SIGPIPE) }

// die ends the process by sig, so that a shell or a parent sees what it
// would have seen without the cleanup (a script stops on Ctrl-C).
func die(sig os.Signal) {
	signal.Reset(sig)
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s)
		time.Sleep(time.Second) // the signal is delivered asynchronously
		os.Exit(128 + int(s))
	}
	os.Exit(1)
}
