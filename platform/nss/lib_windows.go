//go:build windows

package nss

import "golang.org/x/sys/windows"

func openLibrary(path string) (uintptr, error) {
	// LOAD_WITH_ALTERED_SEARCH_PATH: nss3.dll's dependencies (mozglue.dll,
	// nspr) are found next to it in the Firefox directory.
	h, err := windows.LoadLibraryEx(path, 0, windows.LOAD_WITH_ALTERED_SEARCH_PATH)
	return uintptr(h), err
}

func lookupSymbol(h uintptr, name string) (uintptr, error) {
	return windows.GetProcAddress(windows.Handle(h), name)
}

func libFileName(name string) string { return name + ".dll" }
