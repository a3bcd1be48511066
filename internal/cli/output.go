package cli

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
)

// stopWriter passes writes on to w until one fails (the reader went away,
// as `| head` does; a full disk); then it calls stop, once, and fails every
// later write. A command that holds temporary secrets (the demo) watches
// it, stops and removes them rather than run on with nobody reading.
type stopWriter struct {
	w    io.Writer
	stop func()
	mu   sync.Mutex
	err  error
}

func (s *stopWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = err
		if s.stop != nil {
			s.stop()
		}
	}
	return n, err
}

// errInterrupted: a signal stopped the run (its output ends there too).
var errInterrupted = errors.New("interrupted by a signal")

// interrupt stops the run as a failed write does (cleanup.OnInterrupt):
// the command returns at its next check and its deferred Close removes
// the files, none of them being written any more.
func (s *stopWriter) interrupt() {
	s.mu.Lock()
	if s.err == nil {
		s.err = errInterrupted
	}
	s.mu.Unlock()
	if s.stop != nil {
		s.stop()
	}
}

// failed is the first write error ("nil" while every write succeeded).
func (s *stopWriter) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// watchOutput routes the run's standard output through a stopWriter that
// calls stop when a write fails.
func (r *run) watchOutput(stop func()) *stopWriter {
	out := &stopWriter{w: r.env.Stdout, stop: stop}
	r.env.Stdout = out
	return out
}

// outputLost ends a demo whose output cannot be written: silently for a
// reader that went away (a broken pipe, as a program killed by SIGPIPE
// would) and for a signal, else with the reason on stderr.
func (r *run) outputLost(err error) int {
	if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, errInterrupted) {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.output_failed", map[string]any{"Detail": err.Error()}))
	}
	return ExitFailed
}
