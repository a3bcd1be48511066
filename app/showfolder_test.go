package app

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// fakeOpener records what the window asked the system to show.
type fakeOpener struct {
	manager error // FileManager's answer
	show    error // ShowFile's
	open    error // OpenURL's
	shown   []string
	opened  []string
	// gate, when set, holds OpenURL until it is closed (a system opener
	// that takes its time to answer).
	gate chan struct{}
}

func (f *fakeOpener) OpenURL(u *url.URL) error {
	if f.gate != nil {
		<-f.gate
	}
	f.opened = append(f.opened, u.String())
	return f.open
}
func (f *fakeOpener) ShowFile(path string) error { f.shown = append(f.shown, path); return f.show }
func (f *fakeOpener) FileManager() error         { return f.manager }

// noManager is the platform's fact as the window sees it (any error with
// NoFileManager() true).
type noManager string

func (e noManager) Error() string     { return "no file manager: " + string(e) }
func (noManager) NoFileManager() bool { return true }

// TestSavedReportFolderButtonIsTrue: after the ZIP is saved, the button
// beside it opens the folder where there is a file manager and says
// nothing more; where there is none it reads 「ZIP のパスをコピー」 from
// the start, copies the ZIP's full path (the path the line shows) and says
// just that — no reason for a folder button the user never saw; when
// opening finds none it becomes that button and says why; another failure
// names the folder.
func TestSavedReportFolderButtonIsTrue(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		lang                  i18n.Lang
		op                    fakeOpener
		before, after, dialog string // the button before and after the tap; "" no dialog
		notSaid               string // not in the dialog
		shows, copies         bool
	}{
		{name: "file manager", lang: i18n.JA, before: "保存先のフォルダーを開く", after: "保存先のフォルダーを開く", shows: true},
		{name: "none", lang: i18n.JA, op: fakeOpener{manager: noManager("")}, before: "ZIP のパスをコピー", after: "ZIP のパスをコピー",
			dialog: "ZIP のパスをコピーしました: ", notSaid: "フォルダー", copies: true},
		{name: "none, in English", lang: i18n.EN, op: fakeOpener{manager: noManager("no xdg-mime")}, before: "Copy the ZIP's path", after: "Copy the ZIP's path",
			dialog: "The ZIP's path was copied: ", notSaid: "folder", copies: true},
		{name: "none found when opening", lang: i18n.JA, op: fakeOpener{show: noManager("")}, before: "保存先のフォルダーを開く", after: "ZIP のパスをコピー",
			dialog: "フォルダーを開くアプリ(ファイルマネージャー)が見つからないため、代わりに ZIP のパスをコピーしました: ", shows: true, copies: true},
		{name: "failed", lang: i18n.JA, op: fakeOpener{show: errors.New("explorer: access denied")}, before: "保存先のフォルダーを開く",
			after: "保存先のフォルダーを開く", dialog: "保存先のフォルダーを開けませんでした(explorer: access denied)", shows: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			homeWithDownloads(t)
			m := store.NewMemory(store.KindNSS, "/ff")
			m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
			u := newTestUI(t, tc.lang, m)
			op := tc.op
			u.ui.opener = &op
			u.rep = newReportScreen(u.ui)
			u.showChecklist(true)
			u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
			u.showReport()
			r := u.rep
			u.loop.settle(t, "the report", func() bool { return r.rep != nil })
			if r.openFolder.Visible() {
				t.Error("the folder button shows before anything was saved")
			}
			zip := r.saveZIP()
			if zip == "" {
				t.Fatal("not saved")
			}
			if !r.openFolder.Visible() || r.openFolder.Text != tc.before {
				t.Errorf("after saving the button reads %q (visible %v), want %q", r.openFolder.Text, r.openFolder.Visible(), tc.before)
			}
			fyne.CurrentApp().Clipboard().SetContent("")
			test.Tap(r.openFolder)
			if got := len(op.shown) == 1 && op.shown[0] == zip; got != tc.shows {
				t.Errorf("ShowFile calls %q, want the ZIP shown: %v", op.shown, tc.shows)
			}
			if got := fyne.CurrentApp().Clipboard().Content(); (got == zip) != tc.copies || (!tc.copies && got != "") {
				t.Errorf("clipboard %q, want the ZIP's path copied: %v", got, tc.copies)
			}
			// The dialog names what was copied (the ZIP), else the folder
			// that would not open.
			named := filepath.Dir(zip)
			if tc.copies {
				named = zip
			}
			top := u.w.Canvas().Overlays().Top()
			shown := ""
			if top != nil {
				shown = labels(top)
			}
			switch {
			case tc.dialog == "" && top != nil:
				t.Errorf("a dialog after the folder opened:\n%s", shown)
			case tc.dialog != "" && !strings.Contains(shown, named):
				t.Errorf("dialog lacks %q and %s:\n%s", tc.dialog, named, shown)
			case tc.dialog != "" && !strings.Contains(shown, tc.dialog):
				t.Errorf("dialog lacks %q:\n%s", tc.dialog, shown)
			case tc.notSaid != "" && strings.Contains(strings.ReplaceAll(shown, zip, ""), tc.notSaid):
				t.Errorf("dialog speaks of a %s the user never saw a button for:\n%s", tc.notSaid, shown)
			}
			if r.openFolder.Text != tc.after {
				t.Errorf("after the tap the button reads %q, want %q", r.openFolder.Text, tc.after)
			}
		})
	}
}
