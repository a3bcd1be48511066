package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole lets the GUI-subsystem .exe (built with -H=windowsgui so a
// double-click opens no console window) print CLI output when it is started
// from cmd.exe or PowerShell: it attaches to the parent's console and
// rebinds the standard streams that are not redirected already.
func attachConsole() {
	const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS
	proc := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := proc.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console (double-click) or already attached
	}
	rebind := func(f **os.File, std uint32, name string) {
		if h, err := windows.GetStdHandle(std); err == nil && h != 0 && h != windows.InvalidHandle {
			return // redirected to a file or pipe: keep it
		}
		path := "CONOUT$"
		if name == "stdin" {
			path = "CONIN$"
		}
		flags := os.O_WRONLY
		if name == "stdin" {
			flags = os.O_RDONLY
		}
		if c, err := os.OpenFile(path, flags, 0); err == nil {
			*f = c
		}
	}
	rebind(&os.Stdout, windows.STD_OUTPUT_HANDLE, "stdout")
	rebind(&os.Stderr, windows.STD_ERROR_HANDLE, "stderr")
	rebind(&os.Stdin, windows.STD_INPUT_HANDLE, "stdin")
}
