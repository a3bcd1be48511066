package flow

import (
	"context"
	"errors"
	"fmt"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// Expired are the vendor certificates past their end date, in every store
// (the manual: they normally disappear from the picker; deleting them is
// optional).
func (f *Flow) Expired(ctx context.Context) []store.Entry {
	var out []store.Entry
	for _, e := range f.Inventory(ctx).Entries {
		if f.IsVendor(e) && f.Validity(e).Status == certfile.Expired {
			out = append(out, e)
		}
	}
	return out
}

// Deletion is one store's outcome of a delete, read back.
type Deletion struct {
	Store store.Store
	// Err is nil when the certificate is gone from this store.
	Err error
}

// ErrStillPresent: the store says it deleted, but the certificate is there.
var ErrStillPresent = errors.New("the certificate is still in the store after deleting")

// Delete removes the certificate with this SHA-256 from every selected
// store that holds it, then reads each store back. It is called only after
// the user confirmed. Stores that never held it are not in the result.
func (f *Flow) Delete(ctx context.Context, sha256 string) ([]Deletion, error) {
	stores, err := f.Stores()
	if err != nil && len(stores) == 0 {
		return nil, fmt.Errorf("find certificate stores: %w", err)
	}
	var out []Deletion
	for _, s := range stores {
		if err := s.Available(); err != nil && !errors.Is(err, store.ErrServedElsewhere) {
			continue
		}
		err := s.Delete(ctx, sha256)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err == nil {
			err = stillThere(ctx, s, sha256)
		}
		out = append(out, Deletion{Store: s, Err: err})
	}
	f.Refresh(false)
	return out, nil
}

func stillThere(ctx context.Context, s store.Store, sha256 string) error {
	entries, err := s.List(ctx)
	if err != nil {
		return fmt.Errorf("read back %s: %w", s.Location(), err)
	}
	for _, e := range entries {
		if e.SHA256() == sha256 {
			return fmt.Errorf("delete from %s: %w", s.Location(), ErrStillPresent)
		}
	}
	return nil
}

// Orphans are private keys left without their certificate (an install
// killed between its two writes), in every store that can find them. They
// come from the inventory, read in the same pass as the certificates.
func (f *Flow) Orphans(ctx context.Context) []store.Orphan {
	return f.Inventory(ctx).Orphans
}

// DeleteOrphan removes the orphan key with this id (the hex key ID) from
// the stores that hold it; store.ErrNotFound when none does.
func (f *Flow) DeleteOrphan(ctx context.Context, id string) error {
	stores, _ := f.Stores()
	found := false
	for _, s := range stores {
		ol, ok := s.(store.OrphanLister)
		if !ok {
			continue
		}
		err := ol.DeleteOrphan(ctx, id)
		switch {
		case err == nil:
			found = true
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	f.Refresh(false)
	if !found {
		return store.ErrNotFound
	}
	return nil
}
