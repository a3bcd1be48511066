package app

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

// TestHelpdeskReportShowsCertificatesStepsAndScreenshots: a user's report
// ZIP, opened on the helpdesk's screen, shows what the CLI's view prints
// beyond the checklist: the certificates found, the steps the user ticked
// and the attached screenshot, as a thumbnail that opens full size.
func TestHelpdeskReportShowsCertificatesStepsAndScreenshots(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	m.Put(pkitest.Entry(p.Successor, "nss", "/home/u/.pki/nssdb", true))
	user := newTestUI(t, i18n.JA, m)
	user.showChecklist(true)
	user.loop.settle(t, "the user's checklist", func() bool { return user.diag != nil && !user.list.running })
	req := flowReport(user)
	req.Done = []string{"cache"}
	rep, err := user.fl.Report(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	shot := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for i := range shot.Pix {
		shot.Pix[i] = 0xc0
	}
	shot.Set(5, 5, color.Black)
	var pngData bytes.Buffer
	if err := png.Encode(&pngData, shot); err != nil {
		t.Fatal(err)
	}
	if err := rep.AddScreenshotData("error-screen.png", report.ShotBrowser, pngData.Bytes()); err != nil {
		t.Fatal(err)
	}
	zip, err := rep.ZIP(user.msg, user.fl.Profile())
	if err != nil {
		t.Fatal(err)
	}

	desk := newTestUI(t, i18n.JA, untouchable{store.NewMemory(store.KindNSS, "/desk"), t})
	desk.openReport(rep.FileName(), bytes.NewReader(zip))
	text := labels(desk.help.root)
	for _, want := range []string{
		"証明書(1)", p.Successor.Leaf.Subject.String(), "秘密鍵あり", "/home/u/.pki/nssdb",
		"実施したトラブルシューティング", "ブラウザのキャッシュを削除: 実施済み", "PC再起動: 未実施",
		"画面キャプチャ(1)", rep.Screenshots[0].Name, "ブラウザのエラー画面", "PNG 320×200",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report view lacks %q:\n%s", want, text)
		}
	}
	var thumbs []*canvas.Image
	walkVisible(desk.help.root, func(o fyne.CanvasObject) bool {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && bytes.Equal(img.Resource.Content(), pngData.Bytes()) {
			thumbs = append(thumbs, img)
		}
		return true
	})
	if len(thumbs) != 1 {
		t.Fatalf("%d thumbnails of the screenshot, want 1", len(thumbs))
	}
	var open *keyButton
	walkVisible(desk.help.root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*keyButton); ok && b.Text == "拡大して表示" {
			open = b
		}
		return true
	})
	if open == nil {
		t.Fatal("no button opens the screenshot")
	}
	test.Tap(open)
	top := desk.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shows the screenshot")
	}
	found := false
	walkVisible(top, func(o fyne.CanvasObject) bool {
		if img, ok := o.(*canvas.Image); ok && img.Resource != nil && bytes.Equal(img.Resource.Content(), pngData.Bytes()) {
			found = true
		}
		return true
	})
	if !found || !strings.Contains(labels(top), "閉じる") {
		t.Errorf("the dialog does not show the screenshot with a close button:\n%s", labels(top))
	}
}
