package keychain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Runner runs a command and returns its standard output.
type Runner interface {
	Run(ctx context.Context, name string, args ...string) ([]byte, error)
}

// CmdError is a failed command: a short Error() for the screen, the output
// kept for the report.
type CmdError struct {
	Name   string
	Args   []string
	Output string
	Err    error
}

func (e *CmdError) Error() string {
	sub := ""
	if len(e.Args) > 0 {
		sub = " " + e.Args[0]
	}
	msg := strings.TrimSpace(e.Output)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Sprintf("%s%s: %v: %s", e.Name, sub, e.Err, msg)
}

func (e *CmdError) Unwrap() error { return e.Err }

// ExecRunner runs real commands.
type ExecRunner struct{}

// Run implements Runner.
func (ExecRunner) Run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), &CmdError{Name: name, Args: args, Output: errb.String() + out.String(), Err: err}
	}
	return out.Bytes(), nil
}

// ErrNotMacOS means the keychain is asked for on another OS.
var ErrNotMacOS = errors.New("the macOS keychain exists only on macOS")
