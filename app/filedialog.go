package app

import (
	"os"
	"path/filepath"
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
	// reportSave asks where the support report goes.
	reportSave = fileKind{title: "gui.dialog.report_save_title"}
)

// chooseFile asks for a file of that kind and hands its path to chosen on
// the UI thread. The system's dialog runs off the UI thread (it blocks);
// one dialog at a time.
func (u *ui) chooseFile(kind fileKind, chosen func(path string)) {
	if u.dialogBusy {
		return
	}
	title, filter := u.t(kind.title), u.t(kind.filter)
	near := u.currentFolder(kind)
	if u.dialogs == nil {
		u.fyneOpen(title, near, kind.patterns, chosen)
		return
	}
	u.dialogBusy = true
	d := u.dialogs
	go func() {
		start := near
		if start == "" {
			start = d.Downloads()
		}
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

// currentFolder is where a dialog for that kind starts when there is a
// file of the kind already: the certificate file selected (found in
// Downloads or elsewhere, chosen, dropped) has its folder, which is where
// another one is most likely to be. "" when there is none (the dialog
// starts in Downloads).
func (u *ui) currentFolder(kind fileKind) string {
	if kind.title != certFiles.title || u.file == "" {
		return ""
	}
	dir := filepath.Dir(u.file)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

// saveFile asks where to save a file named name and hands the path to
// chosen on the UI thread: the system's save dialog, starting in
// Downloads, else Fyne's.
func (u *ui) saveFile(kind fileKind, name string, chosen func(path string)) {
	if u.dialogBusy {
		return
	}
	title := u.t(kind.title)
	if u.dialogs == nil {
		u.fyneSave(title, "", name, chosen)
		return
	}
	u.dialogBusy = true
	d := u.dialogs
	go func() {
		start := d.Downloads()
		path, cancelled, err := d.SaveFile(title, start, name)
		u.post(func() {
			u.dialogBusy = false
			switch {
			case err != nil:
				fyne.LogError("system file dialog", err)
				u.fyneSave(title, start, name, chosen)
			case !cancelled && path != "":
				chosen(path)
			}
		})
	}()
}

// downloads is where files go without asking (the report the mail
// attaches): the folder the dialogs start in.
func (u *ui) downloads() string {
	if u.dialogs != nil {
		if d := u.dialogs.Downloads(); d != "" {
			return d
		}
	}
	return reportDir()
}

// fyneSave is Fyne's own save dialog (Linux without a portal or zenity).
// Fyne creates the file it returns; the caller writes it.
func (u *ui) fyneSave(title, start, name string, chosen func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		chosen(path)
	}, u.w)
	d.SetFileName(name)
	u.showFyneDialog(d, title, start)
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
	d.SetFilter(storage.NewExtensionFileFilter(extensions(patterns)))
	u.showFyneDialog(d, title, start)
}

// showFyneDialog titles Fyne's file dialog, opens it in start, as a list
// (its grid cuts names by characters: 「Downlo/ads」) and names its side
// list's places in the window's language.
func (u *ui) showFyneDialog(d *dialog.FileDialog, title, start string) {
	d.SetTitleText(title)
	d.SetView(dialog.ListView)
	if start != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
			d.SetLocation(l)
		}
	}
	u.fyneDialog = d
	d.Show()
	if top := u.w.Canvas().Overlays().Top(); top != nil {
		u.namePlaces(top)
	}
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
