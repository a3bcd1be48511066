//go:build !windows

package winstore

import "errors"

// SetAutoSelect is Windows-only.
func SetAutoSelect(string) (map[string]string, error) {
	return nil, errors.New("the Chrome/Edge auto-select policy is written on Windows only")
}

// AutoSelectRegFile renders the policy as a .reg file with value names
// from "1" (off Windows the machine's values cannot be read).
func AutoSelectRegFile(rule string) ([]byte, error) { return RenderAutoSelectReg(rule, nil), nil }

// Elevated reports whether the process runs with administrator rights
// (Windows only).
func Elevated() bool { return false }
