//go:build !windows

package nss

import "github.com/ebitengine/purego"

// openLibrary loads with lazy binding, as the dynamic loader loads
// pk12util's and certutil's libraries: a function's address is resolved
// when it is first called, not every import of nss3 and softokn3 at load
// time (most of which an import never calls). Every entry point this
// package calls is still looked up at load (loadFrom), so a missing one is
// an error there, not a crash later.
func openLibrary(path string) (uintptr, error) {
	return purego.Dlopen(path, purego.RTLD_LAZY|purego.RTLD_GLOBAL)
}

func lookupSymbol(h uintptr, name string) (uintptr, error) { return purego.Dlsym(h, name) }
