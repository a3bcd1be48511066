package firefox

import (
	"encoding/json"
	"fmt"
	"path/filepath"
)

// PolicyPref returns a preference set by an enterprise policies.json
// ("policies" → "Preferences" → name, either a bare value or {"Value": v}),
// the file Firefox reads from <install dir>/distribution/policies.json.
func PolicyPref(policiesJSON []byte, name string) (value string, ok bool) {
	var doc struct {
		Policies struct {
			Preferences map[string]json.RawMessage `json:"Preferences"`
		} `json:"policies"`
	}
	if json.Unmarshal(policiesJSON, &doc) != nil {
		return "", false
	}
	raw, ok := doc.Policies.Preferences[name]
	if !ok {
		return "", false
	}
	var wrapped struct {
		Value json.RawMessage `json:"Value"`
	}
	if json.Unmarshal(raw, &wrapped) == nil && wrapped.Value != nil {
		raw = wrapped.Value
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	if s, isString := v.(string); isString {
		return fmt.Sprintf("%q", s), true
	}
	return fmt.Sprint(v), true
}

// InstallPolicies reads the policies.json of the given Firefox installation
// directories (missing files are skipped).
func InstallPolicies(installDirs []string) [][]byte {
	var out [][]byte
	for _, d := range installDirs {
		if data, err := readSmall(filepath.Join(d, "distribution", "policies.json")); err == nil {
			out = append(out, data)
		}
	}
	return out
}
