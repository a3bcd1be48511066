package facts

import (
	"bufio"
	"bytes"
	"os"
	"strings"

	"rootip-cert/internal/machine"
)

// parseOSRelease reads /etc/os-release's NAME/PRETTY_NAME and VERSION.
func parseOSRelease(data []byte) machine.OSInfo {
	vals := keyValues(data, "=", func(v string) string { return strings.Trim(v, `"'`) })
	name := vals["NAME"]
	if name == "" {
		name = vals["PRETTY_NAME"]
	}
	version := vals["VERSION"]
	if version == "" {
		version = vals["VERSION_ID"]
	}
	return machine.OSInfo{Name: name, Version: version}
}

// keyValues reads "key<sep>value" lines (the first sep splits; blanks
// around the key are dropped), each value as clean leaves it.
func keyValues(data []byte, sep string, clean func(string) string) map[string]string {
	vals := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), sep); ok {
			vals[strings.TrimSpace(k)] = clean(v)
		}
	}
	return vals
}

// iniValue returns key's value from an application.ini-style file.
func iniValue(path, key string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), key+"="); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// versionFrom picks the first dotted number of a --version line
// ("Chromium 156.0.8078.73 built on Debian ..." → 156.0.8078.73).
func versionFrom(line string) string {
	for _, f := range strings.Fields(line) {
		if strings.Count(f, ".") >= 1 && f[0] >= '0' && f[0] <= '9' {
			return f
		}
	}
	return ""
}
