package main

import (
	"errors"
	"os/exec"
	"path/filepath"

	"rootip-cert/internal/cli"
)

// findWindow is where the window program is for the command at exe: on
// Windows the installers put the command in bin\ and the window one folder
// up (..\rootip-cert.exe); elsewhere it sits beside the command
// (/usr/bin/rootip-cert-gui), or anywhere on PATH. tried lists the places
// looked at, for the message when none has it.
func findWindow(exe, goos string, lookPath func(string) (string, error), exists func(string) bool) (found string, tried []string) {
	window, _ := cli.ProgramNames(goos)
	if exe != "" {
		dir := filepath.Dir(exe)
		candidates := []string{filepath.Join(dir, window)}
		if goos == "windows" {
			candidates = []string{filepath.Join(filepath.Dir(dir), window), filepath.Join(dir, window)}
		}
		for _, c := range candidates {
			if exists(c) {
				return c, nil
			}
			tried = append(tried, c)
		}
	}
	if p, err := lookPath(window); err == nil && !errors.Is(err, exec.ErrDot) {
		return p, nil
	}
	return "", append(tried, "PATH")
}
