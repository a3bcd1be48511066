package i18n

import (
	"encoding/json"
	"hash/maphash"
	"unicode/utf8"
)

// index finds a message in its catalog file where the binary embeds it,
// without copying the file or building a map. A CLI run looks up a few
// dozen of the 1,100-odd messages; decoding the whole file for them took
// 2–2.5 ms of a fresh process (about 0.5 ms of it copying the file twice,
// each copy faulting in fresh pages), a measurable share of an import that
// pk12util finishes in under 60 ms. The index is one pass over the file
// that records where each key and value lie, in two small arrays.
type index struct {
	src     string
	seed    maphash.Seed
	entries []entry
	slots   []uint32 // open addressing; entry number + 1, 0 = empty
}

// entry is one key and its value as offsets into src; escaped means the
// value holds a backslash and must be unquoted by encoding/json.
type entry struct {
	keyStart, keyEnd, valStart, valEnd uint32
	escaped                            bool
}

// buildIndex indexes a catalog file. ok is false for a key with an escape
// or a byte that is not UTF-8, a duplicate key, a value that is not a
// string, and anything that is not JSON: such a file is decoded
// into a map as before, so a lookup never answers differently from
// encoding/json.
func buildIndex(src string) (ix *index, ok bool) {
	if len(src) >= 1<<31 {
		return nil, false
	}
	ix = &index{src: src, seed: maphash.MakeSeed(), entries: make([]entry, 0, 1200)}
	i := skipSpace(src, 0)
	if i >= len(src) || src[i] != '{' {
		return nil, false
	}
	if i = skipSpace(src, i+1); i < len(src) && src[i] == '}' {
		return ix, skipSpace(src, i+1) == len(src)
	}
	for {
		ks, ke, kesc, next, ok := stringAt(src, i)
		if !ok || kesc || !utf8.ValidString(src[ks:ke]) {
			return nil, false
		}
		if i = skipSpace(src, next); i >= len(src) || src[i] != ':' {
			return nil, false
		}
		vs, ve, vesc, next, ok := stringAt(src, skipSpace(src, i+1))
		if !ok || (vesc && !validEscapes(src[vs-1:ve+1])) {
			return nil, false
		}
		ix.entries = append(ix.entries, entry{uint32(ks), uint32(ke), uint32(vs), uint32(ve), vesc})
		if i = skipSpace(src, next); i >= len(src) {
			return nil, false
		}
		switch src[i] {
		case ',':
			i = skipSpace(src, i+1)
		case '}':
			return ix, skipSpace(src, i+1) == len(src) && ix.fillSlots()
		default:
			return nil, false
		}
	}
}

// stringAt finds the JSON string whose opening quote is src[i]: its
// content is src[start:end], next is the index after the closing quote.
func stringAt(src string, i int) (start, end int, escaped bool, next int, ok bool) {
	if i >= len(src) || src[i] != '"' {
		return 0, 0, false, 0, false
	}
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '"':
			return i + 1, j, escaped, j + 1, true
		case c == '\\':
			escaped = true
			j++ // the escaped byte (\" included); \u's digits are plain bytes
		case c < 0x20: // JSON forbids control characters in strings
			return 0, 0, false, 0, false
		}
	}
	return 0, 0, false, 0, false
}

// validEscapes checks a quoted string with escapes once, at build time, so
// a lookup's unquoting cannot fail.
func validEscapes(quoted string) bool {
	var s string
	return json.Unmarshal([]byte(quoted), &s) == nil
}

// fillSlots hashes every key into a table at least twice as large as the
// entries; false on a duplicate key (encoding/json keeps the last, the
// fast path leaves that case to it).
func (ix *index) fillSlots() bool {
	size := 16
	for size < 2*len(ix.entries) {
		size *= 2
	}
	ix.slots = make([]uint32, size)
	for n, e := range ix.entries {
		key := ix.src[e.keyStart:e.keyEnd]
		s := ix.slotOf(key)
		if ix.slots[s] != 0 {
			return false
		}
		ix.slots[s] = uint32(n) + 1
	}
	return true
}

// slotOf is the slot holding key, or the empty slot where it would go.
func (ix *index) slotOf(key string) int {
	mask := len(ix.slots) - 1
	s := int(maphash.String(ix.seed, key)) & mask
	for ix.slots[s] != 0 {
		e := ix.entries[ix.slots[s]-1]
		if ix.src[e.keyStart:e.keyEnd] == key {
			return s
		}
		s = (s + 1) & mask
	}
	return s
}

// get returns key's message.
func (ix *index) get(key string) (string, bool) {
	n := ix.slots[ix.slotOf(key)]
	if n == 0 {
		return "", false
	}
	e := ix.entries[n-1]
	if v := ix.src[e.valStart:e.valEnd]; !e.escaped && utf8.ValidString(v) {
		return v, true
	}
	// An escape, or a byte that is not UTF-8 (which encoding/json turns
	// into U+FFFD): checked only in the values looked up, not the file.
	var s string
	_ = json.Unmarshal([]byte(ix.src[e.valStart-1:e.valEnd+1]), &s) // checked by validEscapes
	return s, true
}

// keys lists the indexed keys in file order (for tests).
func (ix *index) keys() []string {
	out := make([]string, len(ix.entries))
	for n, e := range ix.entries {
		out[n] = ix.src[e.keyStart:e.keyEnd]
	}
	return out
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}
