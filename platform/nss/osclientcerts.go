package nss

import (
	"runtime"

	"rootip-cert/internal/firefox"
)

// OSClientCertsOff implements store.OSClientCertsSwitch: a Firefox profile
// on Windows or macOS that does not read the OS certificate store.
func (s *Store) OSClientCertsOff() bool {
	return s.Profile != nil && (runtime.GOOS == "windows" || runtime.GOOS == "darwin") && !s.OSClientCerts
}

// EnableOSClientCerts implements store.OSClientCertsSwitch through the
// profile's user.js.
func (s *Store) EnableOSClientCerts() error {
	if err := firefox.SetUserPref(s.Dir, firefox.OSClientCertsPref, "true"); err != nil {
		return err
	}
	s.OSClientCerts = true
	return nil
}
