package app

import (
	"errors"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
)

// Opener hands links and saved files to the system (main passes
// platform/opener.System; tests pass a fake).
type Opener interface {
	// OpenURL opens a link (https:, mailto:) with the system's handler.
	OpenURL(*url.URL) error
	// ShowFile shows a saved file in the file manager (selected where
	// the OS can, else its folder).
	ShowFile(path string) error
	// FileManager is nil when ShowFile has a file manager to open, else
	// the reason; an error with a NoFileManager() bool method returning
	// true is the fact that there is none.
	FileManager() error
}

// noFileManager: err is the fact that the machine has no file manager.
func noFileManager(err error) bool {
	var fact interface{ NoFileManager() bool }
	return errors.As(err, &fact) && fact.NoFileManager()
}

// fyneOpener is Fyne's own, for a window started without an Opener
// (tests that open nothing).
type fyneOpener struct{}

func (fyneOpener) OpenURL(u *url.URL) error { return fyne.CurrentApp().OpenURL(u) }

func (fyneOpener) ShowFile(path string) error {
	return fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(path))})
}

func (fyneOpener) FileManager() error { return nil }
