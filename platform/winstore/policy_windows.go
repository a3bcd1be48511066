package winstore

import (
	"fmt"

	"golang.org/x/sys/windows/registry"
)

// SetAutoSelect writes rule into each browser's HKCU policy list (optional,
// off by default: `import --auto-select`). It returns the value names used.
func SetAutoSelect(rule string) (map[string]string, error) {
	written := map[string]string{}
	for browser, path := range PolicyKeys {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, path, registry.QUERY_VALUE|registry.SET_VALUE)
		if err != nil {
			return written, fmt.Errorf("open %s policy: %w", browser, err)
		}
		names, _ := k.ReadValueNames(-1)
		existing := map[string]string{}
		for _, n := range names {
			if v, _, err := k.GetStringValue(n); err == nil {
				existing[n] = v
			}
		}
		name := nextValueName(existing, rule)
		err = k.SetStringValue(name, rule)
		k.Close()
		if err != nil {
			return written, fmt.Errorf("write %s policy: %w", browser, err)
		}
		written[browser] = name
	}
	return written, nil
}
