package cleanup

import (
	"os"
	"syscall"
)

// Ctrl-C and Ctrl-Break (os.Interrupt); closing the console, logging off
// and shutting down (SIGTERM in Go).
var signals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// Windows has no SIGPIPE: a write to a closed pipe is an error already.
func holdBrokenPipe()    {}
func releaseBrokenPipe() {}

// statusControlCExit is the exit code of a console program ended by Ctrl-C
// (STATUS_CONTROL_C_EXIT, 0xC000013A, as the int32 os.Exit passes on).
const statusControlCExit = -1073741510

func die(os.Signal) { os.Exit(statusControlCExit) }
