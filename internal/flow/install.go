package flow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Target is a store the identity can be installed into.
type Target struct {
	Store  store.Store
	Reader store.Reader
	// Running: the browser that reads it runs now (it needs a restart, or
	// at least its tabs closed, to offer the new certificate).
	Running bool
	// Available is nil when the store can take the certificate; else why
	// not (store.ErrServedElsewhere: its browser reads another target).
	Available error
}

// Targets are the selected stores as install targets.
func (f *Flow) Targets() ([]Target, error) {
	stores, err := f.Stores()
	var out []Target
	for _, s := range stores {
		reader, running := store.ReaderOf(s)
		out = append(out, Target{Store: s, Reader: reader, Running: running, Available: s.Available()})
	}
	return out, err
}

// Install statuses (the CLI's JSON).
const (
	Imported = "imported"
	Failed   = "failed"
	Skipped  = "skipped"
)

// InstallResult is one store's outcome, read back from the store.
type InstallResult struct {
	Target Target
	Status string
	Entry  store.Entry // what the store now holds (Imported)
	Err    error       // why it failed or was skipped
	// Notes are the store's caveats about a successful import
	// (store.NoteCAPIFallback ...).
	Notes []string
}

// InstallRequest is what to install where.
type InstallRequest struct {
	Identity *certfile.Identity
	// Targets are the stores to install into; nil means every available one.
	Targets []store.Store
	// Timeout bounds the whole install (default 60 s).
	Timeout time.Duration
	// URL, when set, is remembered as the system address.
	URL *url.URL
}

// Installed is the whole install.
type Installed struct {
	Results  []InstallResult // in target order
	Imported int
	Failed   int
}

// ErrRefusedValidity: the certificate is expired or not yet valid.
var ErrRefusedValidity = errors.New("certificate outside its validity period")

// Install installs into every requested store concurrently under one
// timeout, reads each store back (the result is what the store holds, not
// what was written), calls onEach as each store finishes (from its
// goroutine), and returns when all have finished or the timeout passed.
// An expired or not-yet-valid certificate is refused before anything is
// written.
func (f *Flow) Install(ctx context.Context, req InstallRequest, onEach func(InstallResult)) (Installed, error) {
	if st := certfile.Evaluate(req.Identity.Leaf, f.Now(), f.d.Profile).Status; !st.Usable() {
		return Installed{}, fmt.Errorf("install %s: %w (%s)", req.Identity.Leaf.Subject.CommonName, ErrRefusedValidity, st)
	}
	all, err := f.Targets()
	if err != nil && len(all) == 0 {
		return Installed{}, fmt.Errorf("find certificate stores: %w", err)
	}
	var chosen []Target
	for _, t := range all {
		if req.Targets == nil || containsStore(req.Targets, t.Store) {
			chosen = append(chosen, t)
		}
	}
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	results := make([]InstallResult, len(chosen))
	done := make(chan int, len(chosen))
	for i, t := range chosen {
		go func(i int, t Target) {
			results[i] = installOne(ctx, t, req.Identity)
			if onEach != nil {
				onEach(results[i])
			}
			done <- i
		}(i, t)
	}
	finished := make([]bool, len(chosen))
	for n := 0; n < len(chosen); n++ {
		select {
		case i := <-done:
			finished[i] = true
		case <-ctx.Done():
			n = len(chosen)
		}
	}
	out := Installed{}
	for i, t := range chosen {
		// A store still working at the deadline keeps its goroutine (and
		// its slot): only finished slots are read.
		r := InstallResult{Target: t, Status: Failed, Err: fmt.Errorf("install into %s: %w", t.Store.Location(), ctx.Err())}
		if finished[i] {
			r = results[i]
		}
		switch r.Status {
		case Imported:
			out.Imported++
		case Failed:
			out.Failed++
		}
		out.Results = append(out.Results, r)
	}
	if out.Imported > 0 {
		now := f.Now()
		f.mu.Lock()
		f.lastImport = now
		f.mu.Unlock()
		_ = f.Remember(func(s *profile.Settings) {
			s.LastImport = now
			if req.URL != nil {
				s.URL = req.URL.String()
			}
		})
	} else if req.URL != nil {
		_ = f.RememberURL(req.URL)
	}
	f.Refresh(false)
	return out, nil
}

func installOne(ctx context.Context, t Target, id *certfile.Identity) InstallResult {
	res := InstallResult{Target: t}
	switch {
	case t.Available != nil:
		res.Status, res.Err = Skipped, t.Available
	default:
		e, err := store.ImportAndVerify(ctx, t.Store, id)
		if err != nil {
			res.Status, res.Err = Failed, err
		} else {
			res.Status, res.Entry = Imported, e
			if n, ok := t.Store.(store.ImportNoter); ok {
				res.Notes = n.ImportNotes()
			}
		}
	}
	return res
}

func containsStore(list []store.Store, s store.Store) bool {
	for _, x := range list {
		if x == s || (x.Kind() == s.Kind() && x.Location() == s.Location()) {
			return true
		}
	}
	return false
}
