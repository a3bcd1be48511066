package autoselect

import (
	"errors"
	"fmt"
	"net/url"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Set writes the rule for the system address and the certificate's issuer
// into the machine's Chrome and Edge policies (HKLM, which needs an elevated
// process) and returns, per browser, the value name written. When the
// process is not elevated it writes nothing and returns the same policy as
// a .reg file an administrator can apply, with ErrNeedsAdmin.
func Set(systemURL *url.URL, issuerCN string) (map[string]string, []byte, error) {
	rule, err := Rule(systemURL, issuerCN)
	if err != nil {
		return nil, nil, err
	}
	written, err := write(rule)
	if errors.Is(err, ErrNeedsAdmin) {
		reg, rerr := regFile(rule)
		if rerr != nil {
			return nil, nil, errors.Join(err, rerr)
		}
		return nil, reg, err
	}
	return written, nil, err
}

// Elevated reports whether the process runs with an elevated token (an
// administrator past UAC), the condition for writing HKEY_LOCAL_MACHINE.
func Elevated() bool { return windows.GetCurrentProcessToken().IsElevated() }

// isElevated is Elevated; a test may pretend otherwise.
var isElevated = Elevated

// write puts rule into each browser's machine-wide policy list and returns
// the value names used. A process that is not elevated gets ErrNeedsAdmin
// and writes nothing.
func write(rule string) (map[string]string, error) {
	if !isElevated() {
		return nil, ErrNeedsAdmin
	}
	written := map[string]string{}
	for _, p := range Policies() {
		k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, p.Key, registry.QUERY_VALUE|registry.SET_VALUE)
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			return written, fmt.Errorf("open %s policy: %w", p.Browser, ErrNeedsAdmin)
		}
		if err != nil {
			return written, fmt.Errorf("open %s policy: %w", p.Browser, err)
		}
		name := nextValueName(policyValues(k), rule)
		err = k.SetStringValue(name, rule)
		k.Close()
		if err != nil {
			return written, fmt.Errorf("write %s policy: %w", p.Browser, err)
		}
		written[p.Browser] = name
	}
	return written, nil
}

// regFile renders the policy as a .reg file (RegFile) numbered after the
// values HKLM already holds, so that importing it adds the rule (or
// rewrites the same rule) without replacing another one. Reading HKLM
// needs no administrator rights.
func regFile(rule string) ([]byte, error) {
	names := map[string]string{}
	for _, p := range Policies() {
		existing := map[string]string{}
		k, err := registry.OpenKey(registry.LOCAL_MACHINE, p.Key, registry.QUERY_VALUE)
		if err == nil {
			existing = policyValues(k)
			k.Close()
		} else if !errors.Is(err, registry.ErrNotExist) {
			return nil, fmt.Errorf("read %s policy: %w", p.Browser, err)
		}
		names[p.Browser] = nextValueName(existing, rule)
	}
	return RegFile(rule, names), nil
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
