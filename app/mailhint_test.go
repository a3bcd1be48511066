package app

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestMailDialogSaysToAttachTheZIPByHand: a mailto: link cannot attach a
// file, so after 「メールを作成」 the dialog says the ZIP is not attached
// and names the saved file and its folder for the user to attach, whether
// a draft opened or no mail program could be opened; it never says the
// ZIP goes with the mail by itself.
func TestMailDialogSaysToAttachTheZIPByHand(t *testing.T) {
	homeWithDownloads(t)
	for _, tc := range []struct {
		name   string
		mailer error
		want   string
	}{
		{"draft opened", nil, "下書きに、保存した"},
		{"no mail program", errors.New("no handler"), "メールソフトを開けませんでした"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := store.NewMemory(store.KindNSS, "/ff")
			m.Put(pkitest.Entry(pkitest.Get(t).Successor, "nss", "/ff", true))
			u := newTestUI(t, i18n.JA, m)
			var opened []string
			u.rep.openURL = func(l *url.URL) error { opened = append(opened, l.String()); return tc.mailer }
			u.showChecklist(true)
			u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
			u.showReport()
			u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil })
			test.Tap(u.rep.mailBtn)
			u.loop.settle(t, "the mail dialog", func() bool { return u.w.Canvas().Overlays().Top() != nil })
			if len(opened) != 1 || !strings.HasPrefix(opened[0], "mailto:") {
				t.Fatalf("opened %v, want one mailto: link", opened)
			}
			if u.rep.zip == "" {
				t.Fatal("no ZIP was saved")
			}
			text := strings.ReplaceAll(labels(u.w.Canvas().Overlays().Top()), "\n", "")
			for _, want := range []string{tc.want, "ご自分で添付", filepath.Base(u.rep.zip), filepath.Dir(u.rep.zip)} {
				if !strings.Contains(text, want) {
					t.Errorf("the mail dialog lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "添付して送信します") {
				t.Errorf("the mail dialog says the ZIP is attached for the user:\n%s", text)
			}
		})
	}
}
