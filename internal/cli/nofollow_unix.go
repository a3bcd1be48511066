//go:build !windows

package cli

import "syscall"

// noFollow makes the open fail on a symbolic link (a race after Lstat).
const noFollow = syscall.O_NOFOLLOW
