package app

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestDemoReportSendsNothing: in the demo, 「メールを作成」 opens no mail
// (no draft to the real helpdesk about a demo server), writes the ZIP into
// the demo's scratch folder and not into the user's home, and the window
// says so before and after.
func TestDemoReportSendsNothing(t *testing.T) {
	home := homeWithDownloads(t)
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
	u := newTestUI(t, i18n.JA, m)
	u.ui.demo = sc
	u.rep = newReportScreen(u.ui)
	var opened []string
	u.rep.openURL = func(l *url.URL) error { opened = append(opened, l.String()); return nil }
	u.showChecklist(true)
	u.loop.settle(t, "the demo checklist", func() bool { return u.diag != nil && !u.list.running })
	u.showReport()
	r := u.rep
	u.loop.settle(t, "the preview", func() bool { return r.rep != nil })
	if text := labels(r.root); !strings.Contains(text, "デモです") || !strings.Contains(text, "メールは作成も送信もされません") {
		t.Errorf("the report screen does not say it is the demo:\n%s", text)
	}
	test.Tap(r.mailBtn)
	for _, l := range opened {
		if strings.HasPrefix(l, "mailto:") {
			t.Errorf("the demo opened a mail draft: %s", l)
		}
	}
	if r.zip == "" || filepath.Dir(r.zip) != sc.Dir {
		t.Errorf("the demo's ZIP went to %q, want the scratch folder %s", r.zip, sc.Dir)
	}
	if _, err := os.Stat(r.zip); err != nil {
		t.Errorf("the ZIP the window names does not exist: %v", err)
	}
	// Fyne's own font index (~/.cache) is the toolkit's cache, not the
	// demo's doing: the first window test of a run writes it.
	for _, d := range []string{home, filepath.Join(home, "Downloads")} {
		entries, _ := os.ReadDir(d)
		var wrote []string
		for _, e := range entries {
			if e.Name() != "Downloads" && e.Name() != ".cache" {
				wrote = append(wrote, e.Name())
			}
		}
		if len(wrote) > 0 {
			t.Errorf("the demo wrote into the user's %s: %v", d, wrote)
		}
	}
	if !strings.Contains(r.saved.Text, "保存先(デモを終了すると削除)") {
		t.Errorf("saved note = %q", r.saved.Text)
	}
	text := strings.ReplaceAll(labels(u.w.Canvas().Overlays().Top()), "\n", "")
	if !strings.Contains(text, "メールは作成していません") {
		t.Errorf("the mail dialog does not say that nothing was sent:\n%s", text)
	}
	// A mailto: draft carries no file: the user attaches the ZIP.
	for _, want := range []string{"自動では添付されない", "ご自分で下書きに添付", filepath.Base(r.zip), sc.Dir} {
		if !strings.Contains(text, want) {
			t.Errorf("the demo's mail dialog lacks %q:\n%s", want, text)
		}
	}
}

// homeWithDownloads gives the test a home folder of its own with an empty
// Downloads, where the report screen saves its ZIP.
func homeWithDownloads(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	if err := os.Mkdir(filepath.Join(home, "Downloads"), 0o700); err != nil {
		t.Fatal(err)
	}
	return home
}
