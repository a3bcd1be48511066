package firefox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// OSClientCertsPref is the preference that makes Firefox (≥ 90, Windows and
// macOS) offer client certificates from the OS store.
const OSClientCertsPref = "security.osclientcerts.autoload"

// prefLine is compiled on first use, not at every start of the program.
var prefLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:user_pref|pref)\(\s*"([^"]+)"\s*,\s*(true|false|"[^"]*"|-?\d+)\s*\)`)
})

// ReadPref returns a preference's literal value from a profile's prefs.js
// and user.js (user.js wins, as Firefox applies it last). ok is false when
// neither sets it.
func ReadPref(profileDir, name string) (value string, ok bool) {
	for _, f := range []string{"prefs.js", "user.js"} {
		data, err := readSmall(filepath.Join(profileDir, f))
		if err != nil {
			continue
		}
		if v, found := parsePref(data, name); found {
			value, ok = v, true
		}
	}
	return value, ok
}

// parsePref returns the last value a prefs.js/user.js text sets for name.
func parsePref(data []byte, name string) (value string, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if m := prefLine().FindStringSubmatch(sc.Text()); m != nil && m[1] == name {
			value, ok = m[2], true
		}
	}
	return value, ok
}

// OSClientCerts says whether Firefox on Windows/macOS takes client
// certificates from the OS store for this profile: an enterprise policy
// decides first, then user.js and prefs.js, else the default (true since
// Firefox 90). On Linux there is no OS module and the answer is false.
// explicit is true when a policy or a preference file set it.
func OSClientCerts(goos, profileDir string, policies [][]byte) (enabled, explicit bool) {
	if goos != "windows" && goos != "darwin" {
		return false, false
	}
	for _, p := range policies {
		if v, ok := PolicyPref(p, OSClientCertsPref); ok {
			return v == "true", true
		}
	}
	v, ok := ReadPref(profileDir, OSClientCertsPref)
	if !ok {
		return true, false
	}
	return v == "true", true
}

// SetUserPref sets a preference in the profile's user.js (Firefox applies
// it at its next start), replacing any earlier line for the same name and
// keeping every other line. value is a literal: true, false, 3, "text".
func SetUserPref(profileDir, name, value string) error {
	path := filepath.Join(profileDir, "user.js")
	old, err := readSmall(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // "read PATH: ..."; a FIFO or device is refused, never replaced
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(old), "\n"), "\n") {
		if m := prefLine().FindStringSubmatch(line); m != nil && m[1] == name {
			continue
		}
		if line != "" || len(out) > 0 {
			out = append(out, line)
		}
	}
	out = append(out, fmt.Sprintf("user_pref(%q, %s);", name, value))
	tmp := path + ".rootip-tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("write user.js: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write user.js: %w", err)
	}
	return nil
}
