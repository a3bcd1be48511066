package nss

import (
	"os"
	"path/filepath"
	"runtime"

	"rootip-cert/internal/firefox"
	"rootip-cert/internal/store"
)

// Discover returns a Store for every Firefox profile of the user and, on
// Linux, for Chrome/Chromium's ~/.pki/nssdb (created on import when missing,
// as Chrome itself would).
func Discover(home string, getenv func(string) string) ([]*Store, error) {
	profiles, err := firefox.Discover(firefox.Roots(runtime.GOOS, home, getenv))
	policies := firefox.InstallPolicies(libraryDirs())
	var out []*Store
	for _, p := range profiles {
		s := New(p.Dir, p.Name)
		s.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: p.Name}
		s.Profile = &p
		s.OSClientCerts, _ = firefox.OSClientCerts(runtime.GOOS, p.Dir, policies)
		out = append(out, s)
	}
	if runtime.GOOS == "linux" {
		s := New(filepath.Join(home, ".pki", "nssdb"), "nssdb")
		s.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
		s.CreateDir = true
		out = append(out, s)
	}
	return out, err
}

// ensureDir creates a missing database directory when the store may.
func (s *Store) ensureDir() error {
	if !s.CreateDir {
		return nil
	}
	return os.MkdirAll(s.Dir, 0o700)
}
