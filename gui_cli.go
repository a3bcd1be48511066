//go:build cli

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"rootip-cert/internal/cli"
	"rootip-cert/internal/i18n"
)

// The console binary links no GUI: it starts the window binary installed
// beside it, or says where it should be.
func canDisplay() bool { return false }

func init() { cli.Binary = "console" }

// windowBinary is the GUI binary's name beside this one.
func windowBinary() string { return cli.WindowProgram }

func openWindow(args []string) int {
	msg := i18n.New(i18n.Detect("", os.Getenv, ""))
	exe, err := os.Executable()
	if err == nil {
		gui := filepath.Join(filepath.Dir(exe), windowBinary())
		if _, err = os.Stat(gui); err == nil {
			cmd := exec.Command(gui, args...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
			if err = cmd.Start(); err == nil {
				return 0
			}
		}
	}
	fmt.Fprintln(os.Stderr, msg.T("cli.no_window", map[string]any{"Binary": windowBinary()}))
	return 2
}
