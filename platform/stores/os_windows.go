package stores

import (
	"fmt"
	"runtime"

	"rootip-cert/internal/store"
	"rootip-cert/platform/winstore"
)

// osStores returns the current user's Personal store (個人) on Windows.
func osStores(sel store.Selection, home string) ([]store.Store, error) {
	switch sel.Kind {
	case "all", store.KindWindows:
		return []store.Store{winstore.New()}, nil
	case store.KindKeychain:
		return nil, fmt.Errorf("the %s store is not available on %s", sel.Kind, runtime.GOOS)
	}
	return nil, nil
}
