package firefox

import (
	"bufio"
	"bytes"
	"path/filepath"
	"regexp"
)

// OSClientCertsPref is the preference that makes Firefox (≥ 90, Windows and
// macOS) offer client certificates from the OS store.
const OSClientCertsPref = "security.osclientcerts.autoload"

var prefLine = regexp.MustCompile(`^\s*(?:user_pref|pref)\(\s*"([^"]+)"\s*,\s*(true|false|"[^"]*"|-?\d+)\s*\)`)

// ReadPref returns a preference's literal value from a profile's prefs.js
// and user.js (user.js wins, as Firefox applies it last). ok is false when
// neither sets it.
func ReadPref(profileDir, name string) (value string, ok bool) {
	for _, f := range []string{"prefs.js", "user.js"} {
		data, err := readSmall(filepath.Join(profileDir, f))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if m := prefLine.FindStringSubmatch(sc.Text()); m != nil && m[1] == name {
				value, ok = m[2], true
			}
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
