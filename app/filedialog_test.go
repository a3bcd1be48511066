package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
}

func (f *fakeDialogs) OpenFile(title, startDir, filterName string, patterns []string) (string, bool, error) {
	f.calls++
	f.title, f.start, f.filter, f.patterns = title, startDir, filterName, patterns
	return f.path, f.cancelled, f.err
}

func (f *fakeDialogs) SaveFile(string, string, string) (string, bool, error) {
	return "", false, errors.New("not used")
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
			if fake.title != "証明書ファイルを選択" || fake.filter != "証明書ファイル (*.p12, *.pfx)" ||
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
				shown := labels(u.w.Canvas().Overlays().Top())
				for _, want := range []string{"証明書ファイルを選択", "キャンセル", "(上のフォルダ)", "\nin-downloads\n"} {
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
