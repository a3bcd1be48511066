package winstore

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Elevated reports whether the process runs with an elevated token (an
// administrator past UAC), the condition for writing HKEY_LOCAL_MACHINE.
func Elevated() bool { return windows.GetCurrentProcessToken().IsElevated() }

// isElevated is Elevated; a test may pretend otherwise.
var isElevated = Elevated

// SetAutoSelect writes rule into each browser's machine-wide policy list
// (HKLM, see PolicyKeys) and returns the value names used: optional, off by
// default (`import --auto-select`). A process that is not elevated gets
// ErrNeedsAdmin and writes nothing; AutoSelectRegFile then gives the .reg
// file to hand to an administrator.
func SetAutoSelect(rule string) (map[string]string, error) {
	if !isElevated() {
		return nil, ErrNeedsAdmin
	}
	written := map[string]string{}
	for _, browser := range policyBrowsers {
		path := PolicyKeys[browser]
		k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, path, registry.QUERY_VALUE|registry.SET_VALUE)
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			return written, fmt.Errorf("open %s policy: %w", browser, ErrNeedsAdmin)
		}
		if err != nil {
			return written, fmt.Errorf("open %s policy: %w", browser, err)
		}
		name := nextValueName(policyValues(k), rule)
		err = k.SetStringValue(name, rule)
		k.Close()
		if err != nil {
			return written, fmt.Errorf("write %s policy: %w", browser, err)
		}
		written[browser] = name
	}
	return written, nil
}

// AutoSelectRegFile renders the policy as a .reg file (RenderAutoSelectReg)
// numbered after the values HKLM already holds, so that importing it adds
// the rule (or rewrites the same rule) without replacing another one.
// Reading HKLM needs no administrator rights.
func AutoSelectRegFile(rule string) ([]byte, error) {
	names := map[string]string{}
	for _, browser := range policyBrowsers {
		existing := map[string]string{}
		k, err := registry.OpenKey(registry.LOCAL_MACHINE, PolicyKeys[browser], registry.QUERY_VALUE)
		if err == nil {
			existing = policyValues(k)
			k.Close()
		} else if !errors.Is(err, registry.ErrNotExist) {
			return nil, fmt.Errorf("read %s policy: %w", browser, err)
		}
		names[browser] = nextValueName(existing, rule)
	}
	return RenderAutoSelectReg(rule, names), nil
}

// policyValues reads the string values of an open policy list.
func policyValues(k registry.Key) map[string]string {
	names, _ := k.ReadValueNames(-1)
	existing := map[string]string{}
	for _, n := range names {
		if v, _, err := k.GetStringValue(n); err == nil {
			existing[n] = v
		}
	}
	return existing
}
