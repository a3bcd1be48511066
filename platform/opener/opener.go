// Package opener hands links and saved files to the system: a web or
// mailto: link to its default handler, a saved file to the file manager
// (the file selected where the OS can: Windows Explorer, the macOS
// Finder; on Linux and the BSDs the folder, opened with the handler that
// xdg-mime names for inode/directory). Every child process is waited
// for: a file manager is started through a shell that exits at once, and
// xdg-open, whose exit status says whether a browser took the link, is
// waited for in the background when it outlives the call, so no zombie
// is left behind. Where no file manager is
// found it says so (NoFileManager) and launches nothing: xdg-open of a
// folder without one opens the web browser.
package opener

import (
	"errors"
	"net/url"
	"path/filepath"
)

// System is this OS's opener; main hands it to the window.
type System struct{}

// ErrNoFileManager is the fact that this machine has no file manager to
// show a folder with (errors.Is; the window offers to copy the path).
var ErrNoFileManager error = NoFileManager{}

// NoFileManager is that fact, with what was looked at.
type NoFileManager struct{ Detail string }

func (e NoFileManager) Error() string {
	if e.Detail == "" {
		return "no file manager"
	}
	return "no file manager: " + e.Detail
}

// Is makes every NoFileManager match ErrNoFileManager.
func (NoFileManager) Is(target error) bool { _, ok := target.(NoFileManager); return ok }

// NoFileManager lets callers that do not import this package recognise
// the fact (errors.As on an interface with this method).
func (NoFileManager) NoFileManager() bool { return true }

// OpenURL opens a link (https:, mailto:) with the system's handler.
func (System) OpenURL(u *url.URL) error { return openURL(u) }

// ShowFolder opens dir in the file manager.
func (System) ShowFolder(dir string) error { return showFolder(dir) }

// ShowFile shows a saved file in the file manager: selected in its
// folder where the OS can, else its folder.
func (System) ShowFile(path string) error { return showFile(path) }

// FileManager reports whether ShowFolder has a file manager to open (nil)
// or not (a NoFileManager): asked before offering to open a folder.
func (System) FileManager() error { return fileManager() }

// absolute makes a path absolute for a program started elsewhere.
func absolute(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	return filepath.Abs(path)
}
