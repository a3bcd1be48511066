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
	"time"
)

// grace bounds how long a signal waits for the work it stopped to remove
// its files itself before they are removed under it.
const grace = 5 * time.Second

var (
	mu      sync.Mutex
	pending = map[int]func(){}
	stops   = map[int]func(){}
	next    int
	caught  chan os.Signal
	dying   bool
	emptied chan struct{} // closed when the last removal is done while dying
)

// OnSignal runs remove if the process is ended by a signal before done is
// called (done is for the normal end, after the caller removed the files
// itself). remove may run while the caller still works (when it did not
// stop in time), so it must be safe to call concurrently and more than
// once. Once a signal arrived, done does not return: the process ends by
// that signal.
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
	return func() { once.Do(func() { finish(id) }) }
}

// OnInterrupt calls stop first when a signal arrives (cancel the work), so
// that the callers end and remove their files themselves, with the files
// no longer being written; until done.
func OnInterrupt(stop func()) (done func()) {
	mu.Lock()
	defer mu.Unlock()
	id := next
	next++
	stops[id] = stop
	return func() {
		mu.Lock()
		defer mu.Unlock()
		delete(stops, id)
	}
}

func finish(id int) {
	mu.Lock()
	delete(pending, id)
	if dying {
		if len(pending) == 0 {
			close(emptied)
		}
		mu.Unlock()
		select {} // the signal's handler ends the process
	}
	defer mu.Unlock()
	if len(pending) == 0 {
		signal.Stop(caught)
		releaseBrokenPipe()
		close(caught)
		caught = nil
	}
}

// wait handles a signal: the work stopped, its own removal awaited (at
// most grace), what is still pending removed, then the process ended as
// that signal would have ended it.
func wait(c chan os.Signal) {
	sig, ok := <-c
	if !ok {
		return
	}
	mu.Lock()
	dying = true
	emptied = make(chan struct{})
	var stopping []func()
	for _, stop := range stops {
		stopping = append(stopping, stop)
	}
	mu.Unlock()
	if len(stopping) > 0 {
		for _, stop := range stopping {
			stop()
		}
		select {
		case <-emptied:
		case <-time.After(grace):
		}
	}
	mu.Lock() // held until the end
	for _, remove := range pending {
		remove()
	}
	die(sig)
}
