package app

// Tests that the line under the report's buttons, the mail and the saved
// ZIP agree with what the screen shows after the report changes.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

// zipEntries reads a saved ZIP's entries by name.
func zipEntries(t *testing.T, path string) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

// zipReport is the report.json of a saved ZIP.
func zipReport(t *testing.T, path string) (report.Report, map[string][]byte) {
	t.Helper()
	entries := zipEntries(t, path)
	var rep report.Report
	if err := json.Unmarshal(entries["report.json"], &rep); err != nil {
		t.Fatalf("%s: report.json: %v", path, err)
	}
	return rep, entries
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reportReady is the report screen after a checklist run, its preview
// shown; opened records the mailto: links.
func reportReady(t *testing.T, lang i18n.Lang) (*testUI, *[]string) {
	t.Helper()
	homeWithDownloads(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
	u := newTestUI(t, lang, m)
	u.ui.opener = &fakeOpener{}
	u.rep = newReportScreen(u.ui)
	var opened []string
	u.rep.openURL = func(l *url.URL) error { opened = append(opened, l.String()); return nil }
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	u.showReport()
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
	return u, &opened
}

// shown says whether the screen shows the newest request.
func (r *reportScreen) shown() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.shownGen == r.gen
}

// TestSavedZIPSaysWhenTheScreenChanged: after 「ZIP を保存」, attaching a
// picture, typing a user ID or ticking a step turns the line under the
// buttons into 「保存した … は、表示中の内容より古くなりました」
// (the ZIP on disk lacks it), and the path button goes; 「メールを作成」
// then saves a ZIP holding what the screen shows and names that one.
// Showing the screen again with nothing changed keeps the line as it was.
func TestSavedZIPSaysWhenTheScreenChanged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*reportScreen)
		holds  func(report.Report, map[string][]byte) bool // the change is in a ZIP
	}{
		{"picture attached", func(r *reportScreen) { r.addImage("error.png", report.ShotBrowser, testPNG(t)) },
			func(rep report.Report, e map[string][]byte) bool {
				return len(rep.Screenshots) == 1 && e["screenshot-1.png"] != nil
			}},
		{"user ID typed", func(r *reportScreen) { test.Type(r.userID, "test@rootip.co.jp") },
			func(rep report.Report, _ map[string][]byte) bool { return rep.UserID == "test@rootip.co.jp" }},
		{"step ticked", func(r *reportScreen) { test.Tap(r.steps[report.StepIDs[0]]) },
			func(rep report.Report, _ map[string][]byte) bool {
				for _, s := range rep.Steps {
					if s.ID == report.StepIDs[0] {
						return s.Done
					}
				}
				return false
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, opened := reportReady(t, i18n.JA)
			r := u.rep
			saved := r.saveZIP()
			if saved == "" {
				t.Fatal("not saved")
			}
			name := filepath.Base(saved)
			if !strings.Contains(r.saved.Text, "保存しました: "+name) || strings.Contains(r.saved.Text, "古い") || !r.openFolder.Visible() {
				t.Fatalf("after saving the line says %q (path button %v)", r.saved.Text, r.openFolder.Visible())
			}
			// Away and back, nothing changed: the ZIP is still what is shown.
			u.showHome()
			u.showReport()
			u.loop.settle(t, "the preview again", r.shown)
			if strings.Contains(r.saved.Text, "古い") {
				t.Errorf("nothing changed, yet the line says %q", r.saved.Text)
			}
			tc.change(r)
			u.loop.settle(t, "the changed preview", r.shown)
			if rep, e := zipReport(t, saved); tc.holds(rep, e) {
				t.Fatal("the saved ZIP already holds the change: the test proves nothing")
			}
			if !strings.Contains(r.saved.Text, "保存した "+name+" は、表示中の内容より古くなりました") {
				t.Errorf("after the change the line says %q, want that the saved ZIP is older", r.saved.Text)
			}
			if r.openFolder.Visible() {
				t.Error("the path button still offers the older ZIP")
			}
			test.Tap(r.mailBtn)
			u.loop.settle(t, "the mail dialog", func() bool { return u.w.Canvas().Overlays().Top() != nil })
			if len(*opened) != 1 {
				t.Fatalf("opened %v, want one draft", *opened)
			}
			rep, e := zipReport(t, r.zip)
			if !tc.holds(rep, e) {
				t.Errorf("the ZIP the mail names (%s) lacks the change the screen shows", r.zip)
			}
			if !strings.Contains((*opened)[0], filepath.Base(r.zip)) {
				t.Errorf("the draft does not name the ZIP just saved (%s): %s", filepath.Base(r.zip), (*opened)[0])
			}
			if dialog := labels(u.w.Canvas().Overlays().Top()); !strings.Contains(dialog, filepath.Base(r.zip)) {
				t.Errorf("the mail dialog does not name the ZIP just saved:\n%s", dialog)
			}
			if strings.Contains(r.saved.Text, "古い") || !strings.Contains(r.saved.Text, "保存しました: "+filepath.Base(r.zip)) {
				t.Errorf("after the mail saved anew the line says %q", r.saved.Text)
			}
		})
	}
}

// TestMailPressedBeforeThePreviewCaughtUp: a picture attached and
// 「メールを作成」 pressed before the preview is rebuilt still mails a ZIP
// holding the picture (the ZIP waits for what the screen is about to
// show), and 「ZIP を保存」 likewise.
func TestMailPressedBeforeThePreviewCaughtUp(t *testing.T) {
	for _, mail := range []bool{true, false} {
		u, opened := reportReady(t, i18n.JA)
		u.dialogs = &fakeDialogs{downloads: t.TempDir(), path: filepath.Join(t.TempDir(), "chosen.zip")}
		r := u.rep
		r.addImage("error.png", report.ShotBrowser, testPNG(t))
		if mail {
			test.Tap(r.mailBtn)
		} else {
			test.Tap(r.saveBtn)
		}
		u.loop.settle(t, "the ZIP", func() bool { return r.zip != "" })
		if mail {
			u.loop.settle(t, "the mail dialog", func() bool { return u.w.Canvas().Overlays().Top() != nil })
		}
		if rep, _ := zipReport(t, r.zip); len(rep.Screenshots) != 1 {
			t.Errorf("mail %v: the ZIP lacks the picture attached before the press (%d pictures)", mail, len(rep.Screenshots))
		}
		if mail && len(*opened) != 1 {
			t.Errorf("opened %v, want one draft", *opened)
		}
		if strings.Contains(r.saved.Text, "古い") {
			t.Errorf("mail %v: the line says %q", mail, r.saved.Text)
		}
	}
}

// TestSavedLineKeepsTheFileNameWhole: the line under the buttons gives
// the ZIP's name on a line of its own and its folder on the next, so the
// name is never broken across lines (「…175159-」「unknown.zip」 before),
// in Japanese and English, in the demo too.
func TestSavedLineKeepsTheFileNameWhole(t *testing.T) {
	for lang, want := range map[i18n.Lang][2]string{
		i18n.JA: {"ZIP を保存しました: ", "保存先のフォルダー: "},
		i18n.EN: {"The ZIP was saved: ", "Folder: "},
	} {
		u, _ := reportReady(t, lang)
		r := u.rep
		path := r.saveZIP()
		if got, wantText := r.saved.Text, want[0]+filepath.Base(path)+"\n"+want[1]+filepath.Dir(path); got != wantText {
			t.Errorf("%s: the line says %q, want %q", lang, got, wantText)
		}
		// As laid out: the name sits whole on one of the block's lines.
		u.w.Resize(fyne.NewSize(810, 610))
		whole := false
		for _, line := range r.saved.lines {
			whole = whole || strings.HasSuffix(line, filepath.Base(path))
		}
		if !whole {
			t.Errorf("%s: the name %s is broken across the laid-out lines %q", lang, filepath.Base(path), r.saved.lines)
		}
	}
}

// TestReportPageHasOneScroll: the preview is part of the page at its full
// height, not a box with a scroll of its own that took the wheel from the
// page and shrank to a line when the saved line grew.
func TestReportPageHasOneScroll(t *testing.T) {
	u, _ := reportReady(t, i18n.JA)
	r := u.rep
	r.saveZIP()
	u.w.Resize(fyne.NewSize(810, 610)) // laid out again with the saved line
	scrolls := 0
	walkVisible(r.root, func(o fyne.CanvasObject) bool {
		switch o.(type) {
		case *container.Scroll, *wheelScroll:
			scrolls++
		case *widget.Entry:
			return false // the user ID's one-line field scrolls its own text
		}
		return true
	})
	if scrolls != 1 {
		t.Errorf("the report screen has %d scrolls, want the page's one", scrolls)
	}
	if h, min := r.preview.Size().Height, r.preview.MinSize().Height; h < min {
		t.Errorf("the preview is %v high, less than its text's %v", h, min)
	}
}

// TestDemoCopySaysNotToSend: in the demo, 「本文をコピー」 says the text is
// a demo report not to be sent, not that it can be pasted and sent.
func TestDemoCopySaysNotToSend(t *testing.T) {
	for lang, tc := range map[i18n.Lang][2]string{
		i18n.JA: {"実際には送らないでください", "送信できます"},
		i18n.EN: {"please do not actually send it", "paste it into an e-mail"},
	} {
		u := demoReport(t, lang)
		test.Tap(u.rep.copyBtn)
		text := labels(u.w.Canvas().Overlays().Top())
		if !strings.Contains(text, tc[0]) || strings.Contains(text, tc[1]) {
			t.Errorf("%s: the demo's copy dialog says:\n%s", lang, text)
		}
	}
}

// demoReport is the report screen in the demo, its preview shown.
func demoReport(t *testing.T, lang i18n.Lang) *testUI {
	t.Helper()
	homeWithDownloads(t)
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sc.Close() })
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
	u := newTestUI(t, lang, m)
	u.ui.demo = sc
	u.rep = newReportScreen(u.ui)
	u.rep.openURL = func(*url.URL) error { return nil }
	u.showChecklist(true)
	u.loop.settle(t, "the demo checklist", func() bool { return u.diag != nil && !u.list.running })
	u.showReport()
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil })
	return u
}
