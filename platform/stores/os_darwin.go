package stores

import (
	"fmt"
	"runtime"

	"rootip-cert/internal/store"
	"rootip-cert/platform/keychain"
)

// osStores returns the login keychain on macOS; the Windows store is not
// available here.
func osStores(sel store.Selection, home string) ([]store.Store, error) {
	switch sel.Kind {
	case "all", store.KindKeychain:
		return []store.Store{keychain.New(home)}, nil
	case store.KindWindows:
		return nil, fmt.Errorf("the %s store is not available on %s", sel.Kind, runtime.GOOS)
	}
	return nil, nil
}
