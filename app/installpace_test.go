package app

import (
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// TestInstallStepStaysInSight: an instant install (as in the demo) still
// shows ④ with each row saying 「インストール中…」, then each row's result
// in turn, and ⑤ only when the minimum time since ④ appeared has passed.
// The clock stands still and the timers are fired by hand: the test waits
// for nothing and measures no time.
func TestInstallStepStaysInSight(t *testing.T) {
	f := testFiles(t)
	a, b := store.NewMemory(store.KindNSS, "/a"), store.NewMemory(store.KindNSS, "/b")
	u := newTestUI(t, i18n.JA, a, b)
	s := u.inst
	s.minShown = time.Second
	clock := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return clock }
	type timer struct {
		d time.Duration
		f func()
	}
	var timers []timer
	s.after = func(d time.Duration, f func()) { timers = append(timers, timer{d, f}) }
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil })
	s.goTo(stepTargets)
	test.Tap(s.next)
	// Both stores are done at once; their rows and ⑤ wait for their time.
	u.loop.settle(t, "the install's three timers", func() bool { return len(timers) == 3 })
	if a.Imports() != 1 || b.Imports() != 1 {
		t.Fatal("not installed")
	}
	text := labels(s.root)
	if strings.Count(text, ": インストール中…") != 2 || strings.Contains(text, "✓") || !strings.Contains(s.header.Text, "④") ||
		!s.installing || !s.next.Disabled() {
		t.Fatalf("④ right after an instant install:\n%s%s", s.header.Text, text)
	}
	// The stores finish in any order; the timers fire in the order of
	// their times, as real ones would.
	sort.SliceStable(timers, func(i, j int) bool { return timers[i].d < timers[j].d })
	for i, tm := range timers {
		if tm.d <= 0 || tm.d > s.minShown || (i > 0 && tm.d == timers[i-1].d) {
			t.Errorf("timer %d: %s (minimum %s)", i, tm.d, s.minShown)
		}
	}
	if timers[2].d != s.minShown {
		t.Errorf("⑤ waits %s, want the minimum %s", timers[2].d, s.minShown)
	}
	timers[0].f()
	if text := labels(s.root); strings.Count(text, "✓") != 1 || strings.Count(text, ": インストール中…") != 1 || !strings.Contains(s.header.Text, "④") {
		t.Errorf("after the first row's time:\n%s%s", s.header.Text, text)
	}
	timers[1].f()
	if text := labels(s.root); strings.Count(text, "✓") != 2 || strings.Contains(text, "インストール中") || !strings.Contains(s.header.Text, "④") || !s.installing {
		t.Errorf("after the second row's time:\n%s%s", s.header.Text, text)
	}
	timers[2].f()
	if s.installing || s.next.Disabled() || s.header.Text != "⑤ インストールの結果" {
		t.Errorf("⑤ did not follow: header %q, installing %v", s.header.Text, s.installing)
	}
}

// TestSlowInstallWaitsNoLonger: a store slower than the minimum shows its
// result when it is done, and ⑤ follows at once.
func TestSlowInstallWaitsNoLonger(t *testing.T) {
	f := testFiles(t)
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/a"))
	s := u.inst
	s.minShown = time.Second
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	calls := 0
	s.now = func() time.Time {
		calls++
		if calls == 1 {
			return start // ④ appears
		}
		return start.Add(5 * time.Second) // every later look: the store took 5 s
	}
	s.after = func(time.Duration, func()) { t.Error("a timer after a slow install") }
	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil })
	s.goTo(stepTargets)
	test.Tap(s.next)
	u.loop.settle(t, "the install", func() bool { return !s.installing })
	if text := labels(s.root); !strings.Contains(text, "✓") || s.header.Text != "⑤ インストールの結果" {
		t.Errorf("after a slow install:\n%s%s", s.header.Text, text)
	}
}
