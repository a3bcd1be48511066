// Package stores chooses the certificate store adapters for this OS and the
// user's --store / --nss-db selection. main hands it to the CLI and the GUI,
// which only see internal/store.Store.
package stores

import (
	"fmt"
	"os"

	"rootip-cert/internal/store"
	"rootip-cert/platform/nss"
)

// Selection is what the user asked for.
type Selection struct {
	Kind        string // windows, keychain, nss, all
	NSSDB       string // use this NSS database instead of discovering
	NSSPassword string // primary password for NSS databases, if any
	Home        string // the user's home directory (default os.UserHomeDir)
	Getenv      func(string) string
}

// Find returns the stores to use. A kind this OS does not have is an error
// only when asked for by name.
func Find(sel Selection) ([]store.Store, error) {
	if sel.Getenv == nil {
		sel.Getenv = os.Getenv
	}
	if sel.Home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("find stores: %w", err)
		}
		sel.Home = h
	}
	var nssStores []*nss.Store
	if sel.Kind == "all" || sel.Kind == store.KindNSS {
		if sel.NSSDB != "" {
			s := nss.New(sel.NSSDB, "NSS")
			s.CreateDir = true
			nssStores = append(nssStores, s)
		} else {
			found, err := nss.Discover(sel.Home, sel.Getenv)
			if err != nil && len(found) == 0 {
				return nil, err
			}
			nssStores = found
		}
		for _, s := range nssStores {
			s.PrimaryPassword = sel.NSSPassword
		}
	}
	native, err := osStores(sel)
	if err != nil && sel.Kind != "all" {
		return nil, err
	}
	return chooseTargets(native, nssStores), nil
}

// chooseTargets puts the OS store first and keeps every NSS database; a
// Firefox profile that reads the OS store (Windows/macOS, osclientcerts on)
// needs no import of its own when an OS store is a target, so it is kept
// for listing but reports store.ErrServedElsewhere as its availability.
func chooseTargets(native []store.Store, nssStores []*nss.Store) []store.Store {
	osAvailable := false
	for _, s := range native {
		if s.Available() == nil {
			osAvailable = true
		}
	}
	out := append([]store.Store{}, native...)
	for _, s := range nssStores {
		if osAvailable && s.OSClientCerts {
			out = append(out, servedByOS{s})
		} else {
			out = append(out, s)
		}
	}
	return out
}

// servedByOS is a Firefox profile whose certificates come from the OS store.
type servedByOS struct{ *nss.Store }

func (servedByOS) Available() error { return store.ErrServedElsewhere }
