package cli

import (
	"errors"
	"fmt"

	"rootip-cert/internal/check"
	"rootip-cert/internal/store"
)

// stores resolves --store / --nss-db / --nss-password-file into stores.
func (r *run) stores() ([]store.Store, error) {
	if r.env.Stores == nil {
		return nil, errors.New("no certificate stores on this build")
	}
	nssPW, err := readPassword(r.opts.NSSPassword, r.env.Stdin, "")
	if err != nil {
		return nil, fmt.Errorf("NSS primary password: %w", err)
	}
	kind := r.opts.Store
	if r.opts.NSSDB != "" && kind == "all" {
		kind = store.KindNSS
	}
	return r.env.Stores(kind, r.opts.NSSDB, nssPW)
}

func browserOf(s store.Store) (string, bool) { return check.Describer(s) }
