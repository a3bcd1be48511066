//go:build cli

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"rootip-cert/internal/cli"
	"rootip-cert/internal/i18n"
)

// The console binary links no GUI: it starts the window program that the
// installers put near it, or says where it looked.
func canDisplay() bool { return false }

func init() { cli.Binary = "console" }

func openWindow(args []string) int {
	msg := i18n.New(i18n.Detect("", os.Getenv, ""))
	exe, err := os.Executable()
	if err == nil {
		exe, _ = filepath.EvalSymlinks(exe)
	}
	gui, tried := findWindow(exe, runtime.GOOS, exec.LookPath, func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && fi.Mode().IsRegular()
	})
	if gui != "" {
		cmd := exec.Command(gui, args...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err = cmd.Start(); err == nil {
			return windowStarted(cmd)
		}
		tried = append(tried, gui)
	}
	fmt.Fprintln(os.Stderr, msg.T("cli.no_window", map[string]any{"Binary": cli.WindowProgram, "Tried": tried}))
	return cli.ExitFailed
}

// windowStarted waits a moment for the window program: one that ends at
// once (no display, a bad argument) passes on its message and exit code,
// so a script is not told it worked; one still running is left to the
// user (exit 0).
func windowStarted(cmd *exec.Cmd) int {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			return cli.ExitFailed
		}
		return cli.ExitOK
	case <-time.After(windowGrace):
		return cli.ExitOK
	}
}

// windowGrace is how long the console program watches the window program
// start (it fails within milliseconds when it cannot show a window).
const windowGrace = 2 * time.Second
