package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// FileDialogs are the system's own file dialogs (main passes
// platform/filedialog.System; tests pass a fake). A call blocks until the
// user answers; err means there was no dialog to show, and the window then
// shows Fyne's own.
type FileDialogs interface {
	OpenFile(title, startDir, filterName string, patterns []string) (path string, cancelled bool, err error)
	SaveFile(title, startDir, defaultName string) (path string, cancelled bool, err error)
	// Downloads is where the dialogs start (home when it does not exist).
	Downloads() string
}

// fileKind is what a dialog asks for: its title and filter, by message key.
type fileKind struct {
	title, filter string
	patterns      []string
}

var (
	certFiles   = fileKind{"gui.dialog.cert_title", "gui.dialog.cert_filter", []string{"*.p12", "*.pfx"}}
	imageFiles  = fileKind{"gui.dialog.image_title", "gui.dialog.image_filter", []string{"*.png", "*.jpg", "*.jpeg"}}
	reportFiles = fileKind{"gui.dialog.report_title", "gui.dialog.report_filter", []string{"*.zip", "*.json"}}
)

// chooseFile asks for a file of that kind and hands its path to chosen on
// the UI thread. The system's dialog runs off the UI thread (it blocks);
// one dialog at a time.
func (u *ui) chooseFile(kind fileKind, chosen func(path string)) {
	if u.dialogBusy {
		return
	}
	title, filter := u.t(kind.title), u.t(kind.filter)
	if u.dialogs == nil {
		u.fyneOpen(title, "", kind.patterns, chosen)
		return
	}
	u.dialogBusy = true
	d := u.dialogs
	go func() {
		start := d.Downloads()
		path, cancelled, err := d.OpenFile(title, start, filter, kind.patterns)
		u.post(func() {
			u.dialogBusy = false
			switch {
			case err != nil:
				fyne.LogError("system file dialog", err)
				u.fyneOpen(title, start, kind.patterns, chosen)
			case !cancelled && path != "":
				chosen(path)
			}
		})
	}()
}

// fyneOpen is Fyne's own open dialog, titled for what it asks and opened
// in Downloads.
func (u *ui) fyneOpen(title, start string, patterns []string, chosen func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		chosen(path)
	}, u.w)
	d.SetTitleText(title)
	d.SetFilter(storage.NewExtensionFileFilter(extensions(patterns)))
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	u.fyneDialog = d
	d.Show()
}

// extensions are Fyne's filter for "*.p12": ".p12" and ".P12".
func extensions(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		ext := strings.TrimPrefix(p, "*")
		out = append(out, ext, strings.ToUpper(ext))
	}
	return out
}
