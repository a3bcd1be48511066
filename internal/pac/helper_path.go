package pac

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// HelperName is the helper program's file name (built from
// internal/pac/rootip-cert-pac).
const HelperName = "rootip-cert-pac"

// HelperEnv names a helper program for the tests: it is read only by a
// test binary (its name ends in .test), never by the installed programs.
const HelperEnv = "ROOTIP_CERT_PAC_HELPER"

// helperPath is the helper program to run (ErrMissing when there is none).
func helperPath() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", &Error{ErrMissing, fmt.Errorf("find the script's evaluator: %w", err)}
	}
	if p := os.Getenv(HelperEnv); p != "" && strings.HasSuffix(strings.TrimSuffix(filepath.Base(exe), ".exe"), ".test") {
		return p, nil
	}
	return findHelper(exe)
}

// findHelper looks where the packages install the helper, relative to the
// running program exe (symbolic links resolved: /usr/bin/rootip-cert may
// link elsewhere): beside it (the .tar's and the macOS bundle's
// Contents/MacOS, the build's bin/), then ../libexec/rootip-cert (the .deb).
func findHelper(exe string) (string, error) {
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	name := HelperName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	dir := filepath.Dir(exe)
	tried := []string{filepath.Join(dir, name), filepath.Join(dir, "..", "libexec", "rootip-cert", name)}
	for _, p := range tried {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", &Error{ErrMissing, errors.New("the script's evaluator is not installed: looked for " + strings.Join(tried, ", "))}
}
