package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestFocusedButtonsShowARing: Tab onto a button — the primary (blue) one,
// where Fyne's focus blend changes nothing, and a plain one — draws a ring
// inside its edge in both variants: the focused and the unfocused renders
// differ there, and the ring contrasts with the button's own background by
// at least 3:1 (WCAG's bar for a focus indicator).
func TestFocusedButtonsShowARing(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		for _, imp := range []widget.Importance{widget.HighImportance, widget.MediumImportance} {
			test.NewTempApp(t)
			test.ApplyTheme(t, variantTheme{newTheme(), v})
			b := newButton("証明書をインストール", nil, func() {})
			b.Importance = imp
			other := newButton("もう一つ", nil, func() {})
			w := test.NewTempWindow(t, container.NewVBox(b, other))
			w.SetPadded(false)
			w.Resize(fyne.NewSize(300, 120))
			c := w.Canvas()
			before := c.Capture()
			c.Focus(b)
			if c.Focused() != b {
				t.Fatalf("variant %v, importance %v: the button took no focus", v, imp)
			}
			after := c.Capture()
			scale := float32(before.Bounds().Dx()) / c.Size().Width
			at := func(x, y float32) image.Point {
				p := b.Position()
				return image.Pt(int((p.X+x)*scale), int((p.Y+y)*scale))
			}
			ring := at(b.Size().Width/2, focusRingInset) // the stroke's middle
			inside := at(b.Size().Width/2, focusRingInset+focusRingWidth+2)
			if before.At(ring.X, ring.Y) == after.At(ring.X, ring.Y) {
				t.Errorf("variant %v, importance %v: focus changes nothing at the ring (%v)", v, imp, ring)
			}
			if got := contrast(after.At(ring.X, ring.Y), after.At(inside.X, inside.Y)); got < 3 {
				t.Errorf("variant %v, importance %v: the ring contrasts %.2f:1 with the button", v, imp, got)
			}
			c.Focus(other)
			if again := c.Capture(); again.At(ring.X, ring.Y) != before.At(ring.X, ring.Y) {
				t.Errorf("variant %v, importance %v: the ring stays after the focus moved on", v, imp)
			}
		}
	}
}

// TestTabOntoTheHomeInstallButtonShowsTheRing: on home, the first Tab
// focuses 「証明書をインストール」 and its ring shows over the blue.
func TestTabOntoTheHomeInstallButtonShowsTheRing(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/ff"))
		test.ApplyTheme(t, variantTheme{newTheme(), v})
		u.showHome()
		u.loop.settle(t, "home", func() bool { return true })
		c := u.w.Canvas()
		before := c.Capture()
		c.FocusNext()
		if c.Focused() != u.home.install {
			t.Fatalf("the first Tab focuses %T, want the install button", c.Focused())
		}
		after := c.Capture()
		// The ring: along the button's middle column, near its top edge,
		// a line the focus added that contrasts with the button below it.
		scale := float32(before.Bounds().Dx()) / c.Size().Width
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.home.install)
		x := int((p.X + u.home.install.Size().Width/2) * scale)
		top := int(p.Y * scale)
		best := 0.0
		for y := top - 8; y < top+16; y++ {
			if after.At(x, y) != before.At(x, y) {
				best = max(best, contrast(after.At(x, y), after.At(x, y+int(float32(focusRingWidth+2)*scale))))
			}
		}
		if best < 3 {
			t.Errorf("variant %v: no ring near the focused install button's top edge contrasts 3:1 with it (best %.2f:1)", v, best)
		}
	}
}

// TestDialogButtonsDrawTheRing: the window's own dialogs with buttons
// (the support-code form, 「ログインできない場合」) use the window's buttons,
// which draw the ring; Fyne's plain ones do not on the blue OK.
func TestDialogButtonsDrawTheRing(t *testing.T) {
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/ff"))
	u.showHome()
	for name, open := range map[string]func(){"support code": u.askCode, "cannot log in": u.inst.cannotLogin} {
		open()
		top := u.w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatalf("%s: no dialog", name)
		}
		var own, plain int
		walkVisible(top, func(o fyne.CanvasObject) bool {
			switch o.(type) {
			case *keyButton:
				own++
				return false
			case *widget.Button:
				plain++
			}
			return true
		})
		if own == 0 || plain > 0 {
			t.Errorf("%s: %d window buttons, %d of Fyne's plain ones", name, own, plain)
		}
		dismissOverlays(u)
	}
}
