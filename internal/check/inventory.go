package check

import (
	"context"
	"errors"
	"fmt"

	"rootip-cert/internal/store"
)

// Describer says who reads a store and whether that browser runs; stores
// that belong to a browser implement store.Owned.
func Describer(s store.Store) (browser string, running bool) {
	if o, ok := s.(store.Owned); ok {
		return o.Browser(), o.InUse()
	}
	return s.Kind(), false
}

// Inventory returns a loader for Env.LoadInventory that lists every store
// (also those whose browser reads another store, for the inventory).
func Inventory(targets []store.Store) func(ctx context.Context) ([]StoreInfo, []store.Entry) {
	return func(ctx context.Context) ([]StoreInfo, []store.Entry) {
		var infos []StoreInfo
		var all []store.Entry
		for _, s := range targets {
			browser, _ := Describer(s)
			info := StoreInfo{Kind: s.Kind(), Location: s.Location(), Browser: browser, Available: s.Available()}
			served := errors.Is(info.Available, store.ErrServedElsewhere)
			info.Expected = info.Available == nil
			if info.Available == nil || served {
				entries, err := s.List(ctx)
				if err != nil {
					info.ListErr = fmt.Errorf("list %s: %w", s.Location(), err)
				}
				all = append(all, entries...)
			}
			infos = append(infos, info)
		}
		return infos, all
	}
}

// Misplaced returns a loader for Env.LoadMisplaced over the stores that can
// list certificates installed in the wrong place.
func Misplaced(targets []store.Store, domains []string) func(ctx context.Context) []store.Entry {
	return func(ctx context.Context) []store.Entry {
		var out []store.Entry
		for _, s := range targets {
			if ml, ok := s.(store.MisplacedLister); ok {
				entries, _ := ml.Misplaced(ctx, domains)
				out = append(out, entries...)
			}
		}
		return out
	}
}
