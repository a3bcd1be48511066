package i18n

import "encoding/json"

// decodeFlat decodes a catalog file: one JSON object of string values, as
// both catalogs are. It makes one copy of the file and keys and values
// share it; a string with an escape is unquoted by encoding/json. Anything
// the lookup index declines (another value type, a duplicate key, a key
// that is escaped or not UTF-8, not JSON) is decoded by encoding/json
// itself, which then gives its answer or its error: this is only a faster
// path to the same map, for the tests that walk every message.
func decodeFlat(data []byte) (map[string]string, error) {
	if m, ok := scanFlat(data); ok {
		return m, nil
	}
	var m map[string]string
	err := json.Unmarshal(data, &m)
	return m, err
}

// scanFlat is decodeFlat's fast path, read through the lookup index (one
// scanner for both); ok is false where the index declines the file.
func scanFlat(data []byte) (m map[string]string, ok bool) {
	ix, ok := buildIndex(string(data))
	if !ok {
		return nil, false
	}
	m = make(map[string]string, len(ix.entries))
	for _, k := range ix.keys() {
		m[k], _ = ix.get(k)
	}
	return m, true
}
