package nss

// libraryDirs are where NSS lives on Linux: the system copy first (what
// Chromium and certutil use), then Firefox's own copies.
func libraryDirs() []string {
	return []string{
		"/usr/lib/x86_64-linux-gnu",  // Debian, Ubuntu (amd64)
		"/usr/lib/aarch64-linux-gnu", // Debian, Ubuntu (arm64)
		"/usr/lib64",                 // Fedora, openSUSE
		"/usr/lib",                   // Arch
		"/usr/lib/firefox-esr",       // Debian's Firefox ESR
		"/usr/lib/firefox",           // Ubuntu's Firefox
		"/usr/lib64/firefox",         // Fedora's Firefox
		"/opt/firefox",               // Mozilla's tarball, by convention
	}
}

func libFileName(name string) string { return "lib" + name + ".so" }
