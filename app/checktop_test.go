package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestChecklistOpensAtItsTop: the checklist left scrolled down opens at
// its first row when it is visited again from home.
func TestChecklistOpensAtItsTop(t *testing.T) {
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/db"))
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
	}
	u.list.scroll.ScrollToOffset(fyne.NewPos(0, 200))
	if u.list.scroll.Offset.Y == 0 {
		t.Fatal("the rows do not scroll: the test proves nothing")
	}
	u.showHome()
	u.showChecklist(false)
	if y := u.list.scroll.Offset.Y; y != 0 {
		t.Errorf("the checklist reopened scrolled to %v, want its top", y)
	}
}
