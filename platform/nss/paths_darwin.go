package nss

// libraryDirs are where NSS lives on macOS: inside each Firefox app bundle
// (Mozilla folds the PKCS#12 functions into libnss3.dylib there).
func libraryDirs() []string {
	return []string{
		"/Applications/Firefox.app/Contents/MacOS",
		"/Applications/Firefox ESR.app/Contents/MacOS",
		"/Applications/Firefox Developer Edition.app/Contents/MacOS",
		"/Applications/Firefox Nightly.app/Contents/MacOS",
		"/opt/homebrew/opt/nss/lib", // Homebrew's nss formula
		"/usr/local/opt/nss/lib",
	}
}

func libFileName(name string) string { return "lib" + name + ".dylib" }
