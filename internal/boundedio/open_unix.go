//go:build unix

package boundedio

import "syscall"

// openFlags: O_NONBLOCK so that opening a FIFO without a writer returns at
// once (it is then refused as not regular; regular files ignore the flag),
// O_NOCTTY so that opening a terminal never makes it ours.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
