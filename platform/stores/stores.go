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
	var out []store.Store
	if sel.Kind == "all" || sel.Kind == store.KindNSS {
		if sel.NSSDB != "" {
			s := nss.New(sel.NSSDB, "NSS")
			s.CreateDir = true
			s.PrimaryPassword = sel.NSSPassword
			out = append(out, s)
		} else {
			found, err := nss.Discover(sel.Home, sel.Getenv)
			if err != nil && len(found) == 0 {
				return nil, err
			}
			for _, s := range found {
				s.PrimaryPassword = sel.NSSPassword
				out = append(out, s)
			}
		}
	}
	native, err := osStores(sel)
	if err != nil && sel.Kind != "all" {
		return nil, err
	}
	return append(native, out...), nil
}
