package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
)

// fakeDialogs records what the window asked and answers as told.
type fakeDialogs struct {
	downloads            string
	path                 string
	cancelled            bool
	err                  error
	title, filter, start string
	patterns             []string
	calls                int
	saveName             string // the name the save dialog offered
}

func (f *fakeDialogs) OpenFile(title, startDir, filterName string, patterns []string) (string, bool, error) {
	f.calls++
	f.title, f.start, f.filter, f.patterns = title, startDir, filterName, patterns
	return f.path, f.cancelled, f.err
}

func (f *fakeDialogs) SaveFile(title, startDir, defaultName string) (string, bool, error) {
	f.calls++
	f.title, f.start, f.saveName = title, startDir, defaultName
	return f.path, f.cancelled, f.err
}

func (f *fakeDialogs) Downloads() string { return f.downloads }

func TestChooseCertificateInTheSystemDialog(t *testing.T) {
	files := testFiles(t)
	for _, tc := range []struct {
		name     string
		fake     fakeDialogs
		wantFile string
		wantFyne bool
	}{
		{"chosen", fakeDialogs{path: files.good}, files.good, false},
		{"cancelled", fakeDialogs{cancelled: true}, "", false},
		{"no system dialog: Fyne's, in Downloads", fakeDialogs{err: errors.New("no zenity")}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t, i18n.JA)
			fake := tc.fake
			fake.downloads = t.TempDir()
			if err := os.WriteFile(filepath.Join(fake.downloads, "in-downloads.p12"), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			u.dialogs = &fake
			u.showInstall("")
			u.inst.choose.OnTapped()
			if !u.dialogBusy {
				t.Fatal("no dialog pending after the tap")
			}
			u.inst.choose.OnTapped() // a second tap while the dialog is open
			u.loop.settle(t, "the dialog's answer", func() bool { return !u.dialogBusy })
			if fake.calls != 1 {
				t.Fatalf("%d system dialogs opened, want 1", fake.calls)
			}
			if fake.title != "証明書ファイルを開く" || fake.filter != "証明書ファイル(*.p12, *.pfx)" ||
				fake.start != fake.downloads || !slices.Equal(fake.patterns, []string{"*.p12", "*.pfx"}) {
				t.Fatalf("asked %q %q %q %q", fake.title, fake.filter, fake.start, fake.patterns)
			}
			if tc.wantFile != "" {
				u.loop.settle(t, "the file read", func() bool { return u.identity != nil })
			}
			if u.file != tc.wantFile {
				t.Fatalf("file = %q, want %q", u.file, tc.wantFile)
			}
			if (u.fyneDialog != nil) != tc.wantFyne {
				t.Fatalf("Fyne's dialog shown = %v, want %v", u.fyneDialog != nil, tc.wantFyne)
			}
			if tc.wantFyne {
				shown := "\n" + labels(u.w.Canvas().Overlays().Top())
				for _, want := range []string{"証明書ファイルを開く", "キャンセル", "(上のフォルダー)", "\nin-downloads.p12\n", "\nホーム\n", "\nコンピューター\n"} {
					if !strings.Contains(shown, want) {
						t.Errorf("Fyne's dialog lacks %q:\n%s", want, shown)
					}
				}
			}
		})
	}
}

func TestExtensions(t *testing.T) {
	if got := extensions([]string{"*.p12", "*.pfx"}); !slices.Equal(got, []string{".p12", ".P12", ".pfx", ".PFX"}) {
		t.Fatalf("extensions = %q", got)
	}
}

// TestSaveReportInTheSystemDialog: 「ZIP を保存」 asks where the report goes
// in the system's save dialog, starting in Downloads with the report's
// name, and writes it where the user chose; a cancel writes nothing;
// without a system dialog Fyne's opens, in Japanese, in Downloads.
func TestSaveReportInTheSystemDialog(t *testing.T) {
	for _, tc := range []struct {
		name             string
		fake             fakeDialogs
		chosen, wantFyne bool
	}{
		{"chosen", fakeDialogs{}, true, false},
		{"cancelled", fakeDialogs{cancelled: true}, false, false},
		{"no system dialog: Fyne's, in Downloads", fakeDialogs{err: errors.New("no zenity")}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t, i18n.JA)
			fake := tc.fake
			fake.downloads = t.TempDir()
			if err := os.WriteFile(filepath.Join(fake.downloads, "earlier.zip"), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			elsewhere := filepath.Join(t.TempDir(), "chosen.zip")
			if tc.chosen {
				fake.path = elsewhere
			}
			u.dialogs = &fake
			u.showReport()
			test.Type(u.rep.userID, "test@rootip.co.jp")
			u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
			test.Tap(u.rep.saveBtn)
			u.loop.settle(t, "the dialog's answer", func() bool { return !u.dialogBusy })
			if fake.calls != 1 || fake.title != "レポートを保存" || fake.start != fake.downloads || fake.saveName != u.rep.rep.FileName() {
				t.Fatalf("asked %d times: %q in %q named %q", fake.calls, fake.title, fake.start, fake.saveName)
			}
			_, err := os.Stat(elsewhere)
			if written := err == nil; written != tc.chosen || (u.rep.zip == elsewhere) != tc.chosen {
				t.Fatalf("written to the chosen path = %v (zip %q), want %v", written, u.rep.zip, tc.chosen)
			}
			// The file's name on a line of its own, the folder on the next.
			said := "保存しました: chosen.zip\n保存先のフォルダー: " + filepath.Dir(elsewhere)
			if tc.chosen && !strings.Contains(u.rep.saved.Text, said) {
				t.Errorf("saved = %q", u.rep.saved.Text)
			}
			// The saved line is below the buttons, out of sight at
			// 800×600: a dialog names the file too.
			if top := u.w.Canvas().Overlays().Top(); tc.chosen && (top == nil || !strings.Contains(labels(top), "保存しました: chosen.zip") || !strings.Contains(labels(top), filepath.Dir(elsewhere))) {
				t.Errorf("no dialog says where the ZIP was saved (top overlay %v)", top)
			}
			if (u.fyneDialog != nil) != tc.wantFyne {
				t.Fatalf("Fyne's dialog shown = %v, want %v", u.fyneDialog != nil, tc.wantFyne)
			}
			if tc.wantFyne {
				shown := "\n" + labels(u.w.Canvas().Overlays().Top())
				for _, want := range []string{"レポートを保存", "保存", "キャンセル", "\nホーム\n", "\nコンピューター\n", "(上のフォルダー)", "\nearlier.zip\n"} {
					if !strings.Contains(shown, want) {
						t.Errorf("Fyne's dialog lacks %q:\n%s", want, shown)
					}
				}
				for _, english := range []string{"\nHome\n", "\nComputer\n", "Parent", "Save File"} {
					if strings.Contains(shown, english) {
						t.Errorf("Fyne's dialog says %q:\n%s", english, shown)
					}
				}
			}
		})
	}
}

// TestCertificateDialogStartsInTheCurrentFileFolder: with a certificate
// file selected (preselected from where it was found), 「ファイルを選択…」
// opens in that file's folder, not in Downloads; with none, in Downloads.
func TestCertificateDialogStartsInTheCurrentFileFolder(t *testing.T) {
	files := testFiles(t)
	u := newTestUI(t, i18n.JA)
	fake := &fakeDialogs{downloads: t.TempDir(), cancelled: true}
	u.dialogs = fake
	u.showInstall("")
	u.inst.choose.OnTapped()
	u.loop.settle(t, "the dialog's answer", func() bool { return !u.dialogBusy })
	if fake.start != fake.downloads {
		t.Fatalf("with no file the dialog started in %q, want Downloads %q", fake.start, fake.downloads)
	}
	u.inst.candidates = func() []string { return []string{files.good} }
	u.startInstall()
	if u.file != files.good {
		t.Fatalf("the found file %q was not preselected (%q)", files.good, u.file)
	}
	u.inst.choose.OnTapped()
	u.loop.settle(t, "the dialog's answer", func() bool { return !u.dialogBusy })
	if want := filepath.Dir(files.good); fake.start != want {
		t.Errorf("the dialog started in %q, want the selected file's folder %q", fake.start, want)
	}
}
