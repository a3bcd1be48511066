// Command rootip-cert-pac evaluates one proxy auto-config script for the
// rootip-cert programs (internal/pac.Evaluate starts it; the protocol is
// internal/pac's wire.go on standard input and output). It is the only
// program that links the ECMAScript engine (internal/pac/engine), and it
// runs under a memory limit (limit_*.go) so that a script that allocates
// without end is stopped here, not by the machine running out of memory.
package main

import (
	"bufio"
	"fmt"
	"os"

	"rootip-cert/internal/pac"
	"rootip-cert/internal/pac/engine"
)

func main() {
	limitMemory()
	// Each frame is one write to os.Stdout: unbuffered, so a lookup's
	// question reaches the parent before the helper waits for its answer.
	if err := pac.Serve(bufio.NewReader(os.Stdin), os.Stdout, engine.Evaluate); err != nil {
		fmt.Fprintln(os.Stderr, "rootip-cert-pac:", err)
		os.Exit(1)
	}
}
