//go:build !windows

package winstore

import "errors"

// SetAutoSelect is Windows-only.
func SetAutoSelect(string) (map[string]string, error) {
	return nil, errors.New("the Chrome/Edge auto-select policy is written on Windows only")
}
