//go:build !linux && !darwin && !windows

package nss

func libraryDirs() []string { return []string{"/usr/local/lib/nss", "/usr/local/lib"} }

func libFileName(name string) string { return "lib" + name + ".so" }
