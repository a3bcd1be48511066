// Package cleanup removes a run's temporary secrets — the demo's
// クライアント証明書.p12 and private key, a one-time copy of a file for an
// OS tool — when the process is ended before it could remove them itself:
// Ctrl-C, SIGTERM, a closed terminal (SIGHUP). While one is registered a
// broken pipe on standard output (`rootip-cert demo | head`) no longer kills
// the process at once: the write fails like any other, and the command,
// which checks its output, stops and removes what it made.
package cleanup

import (
	"os"
	"os/signal"
	"sync"
)

var (
	mu      sync.Mutex
	pending = map[int]func(){}
	next    int
	caught  chan os.Signal
)

// OnSignal runs remove if the process is ended by a signal before done is
// called (done is for the normal end, after the caller removed the files
// itself). remove may also run while the caller is still working, so it
// must be safe to call concurrently with it and more than once.
func OnSignal(remove func()) (done func()) {
	mu.Lock()
	defer mu.Unlock()
	id := next
	next++
	pending[id] = remove
	if len(pending) == 1 {
		caught = make(chan os.Signal, 1)
		signal.Notify(caught, signals...)
		holdBrokenPipe()
		go wait(caught)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			delete(pending, id)
			if len(pending) == 0 {
				signal.Stop(caught)
				releaseBrokenPipe()
				close(caught)
				caught = nil
			}
		})
	}
}

// wait runs every pending removal when a signal arrives, then ends the
// process as that signal would have.
func wait(c chan os.Signal) {
	sig, ok := <-c
	if !ok {
		return
	}
	mu.Lock() // held until the end: nothing is unregistered meanwhile
	for _, remove := range pending {
		remove()
	}
	die(sig)
}

// Pending is how many removals are registered (for tests).
func Pending() int {
	mu.Lock()
	defer mu.Unlock()
	return len(pending)
}
