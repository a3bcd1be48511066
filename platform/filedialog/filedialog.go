// Package filedialog opens the system's own file dialogs: the common item
// dialog on Windows, the open/save panel through osascript on macOS, and on
// Linux the XDG desktop portal or zenity when either is there. It returns
// the chosen path, ErrCancelled or ErrUnavailable (the caller then shows a
// dialog of its own). Nothing here needs cgo.
package filedialog

import (
	"errors"
	"strings"
)

var (
	// ErrCancelled means the user closed the dialog without choosing.
	ErrCancelled = errors.New("file dialog cancelled")
	// ErrUnavailable means this machine has no system file dialog to show.
	ErrUnavailable = errors.New("no system file dialog")
)

// Filter offers files whose names match one of its patterns ("*.p12").
type Filter struct {
	Name     string
	Patterns []string
}

// Open asks for an existing file, starting in startDir (Downloads when
// empty). It blocks until the user answers: call it off the UI thread.
func Open(title, startDir string, filters []Filter) (string, error) {
	if startDir == "" {
		startDir = Downloads()
	}
	return openFile(title, startDir, filters)
}

// Save asks where to save a new file named defaultName, starting in
// startDir (Downloads when empty); the dialog itself asks before it
// replaces a file. It blocks until the user answers.
func Save(title, startDir, defaultName string) (string, error) {
	if startDir == "" {
		startDir = Downloads()
	}
	return saveFile(title, startDir, defaultName)
}

// System is the package as a value: the window's file-dialog interface
// (main passes it in, the window's tests fake it). It reports a cancel as
// cancelled and every other failure as err.
type System struct{}

// OpenFile asks for a file matching patterns, offered under filterName.
func (System) OpenFile(title, startDir, filterName string, patterns []string) (path string, cancelled bool, err error) {
	path, err = Open(title, startDir, []Filter{{Name: filterName, Patterns: patterns}})
	if errors.Is(err, ErrCancelled) {
		return "", true, nil
	}
	return path, false, err
}

// SaveFile asks where to save a file named defaultName.
func (System) SaveFile(title, startDir, defaultName string) (path string, cancelled bool, err error) {
	path, err = Save(title, startDir, defaultName)
	if errors.Is(err, ErrCancelled) {
		return "", true, nil
	}
	return path, false, err
}

// Downloads is the user's Downloads folder (see Downloads).
func (System) Downloads() string { return Downloads() }

// withCase adds the upper-case form of each pattern: the Linux choosers
// match case-sensitively, and Windows users' files are often "*.P12".
func withCase(patterns []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range patterns {
		for _, q := range []string{p, strings.ToUpper(p)} {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// windowsSpec is a Windows filter spec: "*.p12;*.pfx".
func windowsSpec(patterns []string) string { return strings.Join(patterns, ";") }

func indexNUL(s string) int {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return i
	}
	return len(s)
}
