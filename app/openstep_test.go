package app

import (
	"errors"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestOpenStepButtonsAreOneRowOfEqualWidth: step ⑥'s buttons (open the
// system address, check the connection, cannot log in) sit in one row, each
// as wide as the others, inside the 800×600 window, in both languages.
func TestOpenStepButtonsAreOneRowOfEqualWidth(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
			m.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
			m.Put(pkitest.Entry(pkitest.Get(t).Current, "nss", "/home/u/.pki/nssdb", true))
			u := newTestUI(t, lang, m)
			installToOpenStep(t, u)
			if u.inst.step != stepOpen {
				t.Fatalf("step %d, want ⑥", u.inst.step)
			}
			for i := 0; i < 3; i++ {
				u.w.Content().Refresh()
			}
			d := fyne.CurrentApp().Driver()
			s := u.inst
			first := d.AbsolutePositionForObject(s.openBtn)
			for _, b := range []*keyButton{s.openBtn, s.checkBtn, s.cannotBtn} {
				at, size := d.AbsolutePositionForObject(b), b.Size()
				if !b.Visible() || math.Abs(float64(size.Width-s.openBtn.Size().Width)) > 0.5 || at.Y != first.Y {
					t.Errorf("%q at %v size %v; %q at %v size %v", b.Text, at, size, s.openBtn.Text, first, s.openBtn.Size())
				}
				if at.X < 0 || at.X+size.Width > 800 || at.Y+size.Height > 600 {
					t.Errorf("%q at %v size %v is outside the 800×600 window", b.Text, at, size)
				}
				if b.MinSize().Width > size.Width {
					t.Errorf("%q is narrower (%v) than its text (%v)", b.Text, size.Width, b.MinSize().Width)
				}
			}
		})
	}
}

// TestEqualRowStacksWhenTheRowDoesNotFit: where three equal cells would cut
// a button's text (English at 200 % on a small laptop), the buttons stand in
// one column, each the full width, none overlapping; the minimum asks only
// for the widest button, so the window never grows for the row.
func TestEqualRowStacksWhenTheRowDoesNotFit(t *testing.T) {
	test.NewTempApp(t)
	a, b, c := newButton("Open the system address", nil, nil), newButton("Check the connection", nil, nil), newButton("I cannot log in", nil, nil)
	row := container.New(equalRow{}, a, b, c)
	widest := a.MinSize().Width
	if min := row.MinSize(); min.Width != widest {
		t.Fatalf("minimum %v, want the widest button's width %v", min, widest)
	}
	row.Resize(fyne.NewSize(widest*1.5, row.MinSize().Height))
	for i, o := range []*keyButton{a, b, c} {
		if o.Position().X != 0 || o.Size().Width != widest*1.5 || o.Size().Width < o.MinSize().Width {
			t.Errorf("button %d at %v size %v, want a full-width cell of the column", i, o.Position(), o.Size())
		}
		if i > 0 && o.Position().Y < a.Position().Y+float32(i)*a.Size().Height {
			t.Errorf("button %d at %v overlaps the one above", i, o.Position())
		}
	}
	b.Hide()
	row.Resize(fyne.NewSize(widest*3, row.MinSize().Height))
	if a.Position().Y != c.Position().Y || a.Size().Width != c.Size().Width || c.Position().X <= a.Position().X {
		t.Errorf("with one hidden, the two shown should share a row: %v %v / %v %v", a.Position(), a.Size(), c.Position(), c.Size())
	}
}

// TestOpenAddressFailureSaysSoWithTheAddress: when the system's opener
// says the browser could not be opened, step ⑥ shows a dialog that says
// so in words, gives the address to type in, and copies it on
// 「アドレスをコピー」.
func TestOpenAddressFailureSaysSoWithTheAddress(t *testing.T) {
	for _, tc := range []struct {
		lang             i18n.Lang
		said, copyButton string
	}{
		{i18n.JA, "ブラウザを開けませんでした", "アドレスをコピー"},
		{i18n.EN, "The browser could not be opened", "Copy the address"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			op := &fakeOpener{open: errors.New("open https://acme.rootip-cloud.net/: xdg-open: exit status 4")}
			u := pressOpenAddress(t, tc.lang, op)
			u.loop.settle(t, "the dialog", func() bool { return u.w.Canvas().Overlays().Top() != nil })
			top := u.w.Canvas().Overlays().Top()
			text := labels(top)
			for _, want := range []string{tc.said, "https://acme.rootip-cloud.net", tc.copyButton} {
				if !strings.Contains(text, want) {
					t.Errorf("the dialog says %q, want %q in it", text, want)
				}
			}
			if len(op.opened) != 1 {
				t.Fatalf("opened %q, want the address once", op.opened)
			}
			var copyBtn *keyButton
			walkVisible(top, func(o fyne.CanvasObject) bool {
				if b, ok := o.(*keyButton); ok && b.Text == tc.copyButton {
					copyBtn = b
				}
				return true
			})
			if copyBtn == nil {
				t.Fatal("no copy button")
			}
			test.Tap(copyBtn)
			if got := fyne.CurrentApp().Clipboard().Content(); got != op.opened[0] {
				t.Errorf("clipboard %q, want %q", got, op.opened[0])
			}
		})
	}
}

// TestOpenAddressIsGreyedWhileTheSystemAnswers: 「システムアドレスを開く」
// cannot be pressed again while the system's opener has not answered (a
// second press would start a second browser), and is usable again after.
func TestOpenAddressIsGreyedWhileTheSystemAnswers(t *testing.T) {
	op := &fakeOpener{gate: make(chan struct{})}
	u := pressOpenAddress(t, i18n.JA, op)
	if !u.inst.openBtn.Disabled() {
		t.Error("the button can be pressed again while the browser is being started")
	}
	close(op.gate)
	u.loop.settle(t, "the opener's answer", func() bool { return !u.inst.openBtn.Disabled() })
	if len(op.opened) != 1 {
		t.Errorf("opened %q, want the address once", op.opened)
	}
}

// pressOpenAddress installs the good file into a Chrome store, goes on to
// ⑥, enters the system address and presses 「システムアドレスを開く」 with
// op as the system's opener.
func pressOpenAddress(t *testing.T, lang i18n.Lang, op *fakeOpener) *testUI {
	t.Helper()
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	m.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	u := newTestUI(t, lang, m)
	u.ui.opener = op
	installToOpenStep(t, u)
	u.inst.address.SetText("acme.rootip-cloud.net")
	test.Tap(u.inst.openBtn)
	return u
}

// installToOpenStep installs the good test file with the targets offered
// and goes on to ⑥.
func installToOpenStep(t *testing.T, u *testUI) {
	t.Helper()
	f := testFiles(t)
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
	u.inst.goTo(stepTargets)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	test.Tap(u.inst.next)
}
