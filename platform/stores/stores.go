// Package stores chooses the certificate store adapters for this OS and the
// user's --store / --nss-db selection. main hands it to the CLI and the GUI,
// which only see internal/store.Store.
package stores

import (
	"fmt"
	"os"

	"rootip-cert/internal/firefox"
	"rootip-cert/internal/store"
	"rootip-cert/platform/nss"
)

// Find returns the stores to use for the user's selection (a
// store.Finder). A kind this OS does not have is an error only when asked
// for by name.
func Find(sel store.Selection) ([]store.Store, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("find stores: %w", err)
	}
	return findIn(sel, home, os.Getenv)
}

// findIn is Find for a given home directory and environment.
func findIn(sel store.Selection, home string, getenv func(string) string) ([]store.Store, error) {
	var nssStores []*nss.Store
	var unlisted []store.Unlisted
	if sel.Kind == "all" || sel.Kind == store.KindNSS {
		if sel.NSSDB != "" {
			s := nss.New(sel.NSSDB, "")
			s.CreateDir = true
			nssStores = append(nssStores, s)
		} else {
			found, err := nss.Discover(home, getenv)
			lists := firefox.ListErrors(err)
			if err != nil && len(lists) == 0 && len(found) == 0 {
				return nil, err
			}
			for _, le := range lists {
				unlisted = append(unlisted, store.Unlisted{Reader: store.Reader{Kind: store.ReaderFirefox}, Path: le.Path, Err: le})
			}
			nssStores = found
		}
		for _, s := range nssStores {
			s.PrimaryPassword = sel.NSSPassword
		}
	}
	native, err := osStores(sel, home)
	if err != nil && sel.Kind != "all" {
		return nil, err
	}
	targets := chooseTargets(native, nssStores)
	if len(unlisted) > 0 {
		// The profiles.ini that cannot be read is a fact for the checks
		// ("Firefox's profile list could not be read"), not the end of
		// the run: the other stores are still used.
		return targets, &store.UnlistedError{Lists: unlisted}
	}
	return targets, nil
}

// chooseTargets puts the OS store first and keeps every NSS database; a
// Firefox profile that reads the OS store (Windows/macOS, osclientcerts on)
// needs no import of its own when an OS store is a target, so it is kept
// for listing but reports store.ErrServedElsewhere as its availability.
// Warm loads the NSS library ahead of its first use (flow.Deps.Warm).
func Warm() { nss.Preload() }

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
