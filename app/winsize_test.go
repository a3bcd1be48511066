package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

func TestFitSize(t *testing.T) {
	for _, tc := range []struct {
		name               string
		want, min, wantGot fyne.Size
		scale              float32
	}{
		{"preferred at 100 %", preferredSize, fyne.NewSize(500, 400), preferredSize, 1},
		{"150 %: capped to the screen", preferredSize, fyne.NewSize(500, 400), fyne.NewSize(preferredSize.Width, 728/1.5), 1.5},
		{"200 %: capped both ways", preferredSize, fyne.NewSize(500, 300), fyne.NewSize(683, 364), 2},
		{"content larger than the screen wins", preferredSize, fyne.NewSize(500, 420), fyne.NewSize(683, 420), 2},
		{"remembered small size grows to the content", fyne.NewSize(200, 100), fyne.NewSize(500, 400), fyne.NewSize(500, 400), 1},
		{"no scale known yet", preferredSize, fyne.Size{}, preferredSize, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fitSize(tc.want, tc.min, tc.scale); got != tc.wantGot {
				t.Fatalf("fitSize = %v, want %v", got, tc.wantGot)
			}
		})
	}
}

// The smallest screen the window is for at 100 %: 800×600 less a 40-pixel
// task bar, and what the system adds around the content (borders and the
// title bar).
var (
	tinyScreen  = fyne.NewSize(800, 600-40)
	windowFrame = fyne.NewSize(2*8, 32)
)

// TestDefaultSizeFitsASmallLaptop: at 100 %, 150 % and 200 %, the default
// window, which is no smaller than the largest minimum of every screen and
// wizard step, fits 1366×768 less the task bar, in both languages; at
// 100 % it opens at the preferred size, which fits an 800×600 screen with
// its frame.
func TestDefaultSizeFitsASmallLaptop(t *testing.T) {
	f := testFiles(t)
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		ff := store.NewMemory(store.KindNSS, "/ff")
		ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
		u := newTestUI(t, lang, ff)
		content := u.w.Content()
		var need fyne.Size
		grow := func(what string) {
			m := content.MinSize()
			need = need.Max(m)
			t.Logf("%s %s needs %v", lang, what, m)
		}
		u.showHome()
		grow("home")
		u.showInstall(f.good)
		u.loop.settle(t, "the file read", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
		for step := stepFile; step < stepCount; step++ {
			u.inst.goTo(step)
			grow(fmt.Sprintf("wizard step %d", step))
		}
		u.showCerts()
		grow("certificates")
		u.showReport()
		grow("report")
		for _, scale := range []float32{1, 1.5, 2} {
			got := fitSize(preferredSize, need, scale)
			px := fyne.NewSize(got.Width*scale, got.Height*scale)
			if px.Width > smallScreen.Width || px.Height > smallScreen.Height {
				t.Errorf("%s at %.0f %%: %v units = %v pixels, more than %v", lang, scale*100, got, px, smallScreen)
			}
			if got.Width < need.Width || got.Height < need.Height {
				t.Errorf("%s at %.0f %%: %v is smaller than the content's %v", lang, scale*100, got, need)
			}
		}
		got := fitSize(preferredSize, need, 1)
		if outer := got.Add(windowFrame); got != preferredSize || outer.Width > tinyScreen.Width || outer.Height > tinyScreen.Height {
			t.Errorf("%s at 100 %%: %v with its frame is %v, more than an 800×600 screen's %v (or not the preferred %v)",
				lang, got, outer, tinyScreen, preferredSize)
		}
	}
}
