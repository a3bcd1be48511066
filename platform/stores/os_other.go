//go:build !darwin && !windows

package stores

import (
	"fmt"
	"runtime"

	"rootip-cert/internal/store"
)

// osStores returns the OS's own store (Windows 個人, macOS login keychain).
// Their adapters arrive with their own issues; until then asking for them
// by name says so.
func osStores(sel store.Selection, home string) ([]store.Store, error) {
	switch sel.Kind {
	case store.KindWindows, store.KindKeychain:
		return nil, fmt.Errorf("the %s store is not available on %s", sel.Kind, runtime.GOOS)
	}
	return nil, nil
}
