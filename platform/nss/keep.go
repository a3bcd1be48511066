package nss

import (
	"context"
	"crypto"
	"crypto/tls"
	"sync"

	"rootip-cert/internal/store"
)

// keeper keeps one store's database open between its listing and a signer
// for one of its certificates (a checklist run: the inventory, then the
// mutual-TLS check), so that the second needs no second NSS start-up and
// read. An NSS session is tied to a locked OS thread, so the session lives
// on a goroutine of its own and the others send it work.
//
// NSS holds one database per process: at most one session is kept, and
// opening any other (another profile's database, an import, a restore)
// first ends it (evictKept). A kept session ends only once the signers
// taken from it are released, as a signer's session did before.
type keeper struct {
	ops     chan func() // run on the session's goroutine
	quit    chan struct{}
	endOnce sync.Once
	gone    chan struct{} // closed once the session is closed
	signers sync.WaitGroup

	// Owned by the session's goroutine.
	a    *access
	objs *objects // what the listing read
}

var (
	keptMu sync.Mutex
	kept   *keeper // the session kept open, if any
)

func (k *keeper) end() { k.endOnce.Do(func() { close(k.quit) }) }

// evictKept ends the kept session and waits until it is closed.
// Everything that takes nssMu calls it first (a session being kept is not
// registered until it is open, so it never evicts itself).
func evictKept() {
	keptMu.Lock()
	k := kept
	keptMu.Unlock()
	if k == nil {
		return
	}
	k.end()
	<-k.gone
}

// Keep keeps the database open from the next listing (ListWithOrphans)
// until release, for a Signer to use the same session; without a listing
// it keeps nothing. release ends it (waiting for the signers taken from it
// to be released); call it once the signers are done.
func (s *Store) Keep() (release func()) {
	s.keepMu.Lock()
	s.keeping++
	s.keepMu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.keepMu.Lock()
			s.keeping--
			k, last := s.keeper, s.keeping == 0
			if last {
				s.keeper = nil
			}
			s.keepMu.Unlock()
			if k != nil && last {
				k.end()
				<-k.gone
			}
		})
	}
}

// liveKeeper is the store's kept session, nil when there is none (or it
// was evicted).
func (s *Store) liveKeeper() *keeper {
	s.keepMu.Lock()
	defer s.keepMu.Unlock()
	if s.keeper == nil {
		return nil
	}
	select {
	case <-s.keeper.gone:
		s.keeper = nil
	default:
	}
	return s.keeper
}

// do runs fn on the kept session's goroutine; false when it has ended.
func (k *keeper) do(fn func()) bool {
	done := make(chan struct{})
	select {
	case k.ops <- func() { fn(); close(done) }:
		<-done
		return true
	case <-k.gone:
		return false
	}
}

// listKept is ListWithOrphans on a kept session: the store's live one
// (read again), or a new one that stays open after the listing.
func (s *Store) listKept(ctx context.Context) ([]store.Entry, []store.Orphan, error) {
	var entries []store.Entry
	var orphans []store.Orphan
	var err error
	if k := s.liveKeeper(); k != nil && k.do(func() {
		var objs *objects
		if objs, err = k.a.sess.objects(); err != nil {
			err = s.diagnose(err, false)
			return
		}
		k.objs = objs
		entries, orphans = s.entries(objs), s.orphansOf(objs)
	}) {
		return entries, orphans, err
	}
	k := &keeper{ops: make(chan func()), quit: make(chan struct{}), gone: make(chan struct{})}
	listed := make(chan struct{})
	go func() {
		defer close(k.gone)
		a, oerr := s.openForReading(ctx) // ends any other kept session first
		if a == nil || oerr != nil {
			err = oerr
			close(listed)
			return
		}
		objs, rerr := a.sess.objects()
		if rerr != nil {
			err = s.diagnose(rerr, false)
			a.close()
			close(listed)
			return
		}
		entries, orphans = s.entries(objs), s.orphansOf(objs)
		// As a signer's session: this tool's own lock guards the opening.
		a.lock.release()
		k.a, k.objs = a, objs
		keptMu.Lock()
		kept = k
		keptMu.Unlock()
		s.keepMu.Lock()
		if s.keeping > 0 {
			s.keeper = k
		} else {
			k.end() // released while listing
		}
		s.keepMu.Unlock()
		close(listed)
		for {
			select {
			case op := <-k.ops:
				op()
			case <-k.quit:
				k.signers.Wait()
				keptMu.Lock()
				kept = nil
				keptMu.Unlock()
				a.close()
				return
			}
		}
	}()
	<-listed
	return entries, orphans, err
}

// keptSigner is Signer on the kept session; ok is false when there is none.
func (s *Store) keptSigner(sha256 string) (signer crypto.Signer, schemes []tls.SignatureScheme, release func(), ok bool, err error) {
	k := s.liveKeeper()
	if k == nil {
		return nil, nil, nil, false, nil
	}
	var sig *nssSigner
	if !k.do(func() {
		if sig, err = s.newSigner(k.a.sess, k.objs, sha256); err == nil {
			k.signers.Add(1)
		}
	}) {
		return nil, nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, nil, true, err
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			sig.mu.Lock()
			sig.free()
			sig.mu.Unlock()
			k.signers.Done()
		})
	}
	return sig, signatureSchemes(sig.pub, sig.pss), release, true, nil
}
