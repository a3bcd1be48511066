package app

import (
	"errors"
	"runtime"
)

// errNoDisplay means a Unix desktop session is missing: Fyne would panic
// inside GLFW, so the app says so and exits instead.
var errNoDisplay = errors.New("no display: neither DISPLAY nor WAYLAND_DISPLAY is set")

// checkDisplay reports whether a window can be opened.
func checkDisplay(getenv func(string) string) error {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios":
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return errNoDisplay
	}
	return nil
}
