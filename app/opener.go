package app

import (
	"errors"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// openLink hands a link to the opener off the UI thread (the system's
// opener may take a few seconds to answer) and, when the browser could
// not be opened, says so with the address to type in and a button that
// copies it. opened, when not nil, is told the outcome on the UI thread.
func (u *ui) openLink(addr *url.URL, opened func(error)) {
	var err error
	u.async(func() { err = u.opener.OpenURL(addr) }, func() {
		if err != nil {
			u.browserFailed(addr)
		}
		if opened != nil {
			opened(err)
		}
	})
}

// browserFailed is the dialog for a link no browser took: the address,
// to type into the browser, and 「アドレスをコピー」.
func (u *ui) browserFailed(addr *url.URL) {
	link := newBoldText(addr.String())
	body := container.NewVBox(u.messageText(u.t("gui.open.failed_dialog")), link)
	d := dialog.NewCustomWithoutButtons(u.t("gui.open.failed_title"), body, u.w)
	var copyBtn *keyButton
	copyBtn = newKeyButton(u.t("gui.open.copy_address"), theme.ContentCopyIcon(), func() {
		fyne.CurrentApp().Clipboard().SetContent(addr.String())
		copyBtn.SetText(u.t("gui.open.address_copied"))
		copyBtn.SetIcon(theme.ConfirmIcon())
	}, d.Hide)
	copyBtn.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{newKeyButton(u.t("OK"), nil, d.Hide, d.Hide), copyBtn})
	d.Show()
}
