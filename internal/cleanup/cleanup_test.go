package cleanup

import "testing"

// TestWatchesOnlyWhileRegistered: the signals are watched from the first
// registration to the last done (then the process is back to Go's
// defaults, SIGPIPE included); done twice is done once; without a signal
// no removal runs. What a signal does is tested with the built program
// (internal/cli's TestDemoLeavesNoSecretBehind).
func TestWatchesOnlyWhileRegistered(t *testing.T) {
	state := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		return len(pending), caught != nil
	}
	removed := 0
	done1 := OnSignal(func() { removed++ })
	done2 := OnSignal(func() { removed++ })
	if n, watching := state(); n != 2 || !watching {
		t.Errorf("registered: %d pending, watching %v", n, watching)
	}
	done1()
	done1()
	if n, watching := state(); n != 1 || !watching {
		t.Errorf("after one done: %d pending, watching %v", n, watching)
	}
	done2()
	if n, watching := state(); n != 0 || watching || removed != 0 {
		t.Errorf("after the last done: %d pending, watching %v, %d removals run without a signal", n, watching, removed)
	}
	done3 := OnSignal(func() {})
	if _, watching := state(); !watching {
		t.Error("a new registration after the last done is not watched")
	}
	done3()
}
