//go:build cli

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

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
			_ = cmd.Process.Release()
			return cli.ExitOK
		}
		tried = append(tried, gui)
	}
	fmt.Fprintln(os.Stderr, msg.T("cli.no_window", map[string]any{"Binary": cli.WindowProgram, "Tried": tried}))
	return cli.ExitFailed
}
