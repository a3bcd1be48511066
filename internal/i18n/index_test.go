package i18n

import (
	"encoding/json"
	"slices"
	"testing"

	"rootip-cert/assets"
)

// mustMessages is the decoded map of an embedded catalog, for the tests
// that walk every message.
func mustMessages(l Lang) map[string]string {
	m, err := messages(l)
	if err != nil {
		panic(err)
	}
	return m
}

// TestIndexFindsWhatJSONDecodes: both embedded catalogs are indexed in
// place (none falls back to the map), and every key gives the text
// encoding/json gives, in file order, with no key more or less.
func TestIndexFindsWhatJSONDecodes(t *testing.T) {
	for l, src := range map[Lang]string{JA: assets.CatalogJA, EN: assets.CatalogEN} {
		ix, ok := buildIndex(src)
		if !ok {
			t.Fatalf("%s.json is not indexed in place", l)
		}
		var want map[string]string
		if err := json.Unmarshal([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if len(ix.entries) != len(want) {
			t.Errorf("%s.json: %d entries indexed, encoding/json decodes %d", l, len(ix.entries), len(want))
		}
		for _, k := range ix.keys() {
			got, ok := ix.get(k)
			if !ok || got != want[k] {
				t.Errorf("%s.json %q: index gives %q, %v; encoding/json %q", l, k, got, ok, want[k])
			}
			if g, _ := finder(l)(k); g != want[k] {
				t.Errorf("%s.json %q: the catalog's finder gives %q, want %q", l, k, g, want[k])
			}
		}
		if got, ok := ix.get("no.such.key"); ok {
			t.Errorf("%s.json: a missing key is found: %q", l, got)
		}
	}
}

// TestIndexAgreesOrDeclines: on any document the index either answers
// exactly as encoding/json decodes it, or declines and the map answers.
func TestIndexAgreesOrDeclines(t *testing.T) {
	for _, doc := range []struct {
		src     string
		indexed bool
	}{
		{`{}`, true}, {` { } `, true},
		{"{\n  \"a\": \"x\",\n\t\"b\":\"y\"\r\n}\n", true},
		{`{"q": "say \"hi\"", "b": "back\\slash\\", "n": "two\nlines", "u": "\u00e9\u3042", "s": "\ud83d\ude00", "sl": "a\/b"}`, true},
		{`{"k": "値", "空": ""}`, true},
		{`{"a": "x", "a": "y"}`, false},        // a duplicate key: encoding/json keeps the last
		{`{"a\u0062": "x", "ab": "y"}`, false}, // a key with an escape
		{`{"a": 1}`, false}, {`{"a": null}`, false},
		{`{"a": "x",}`, false}, {`{"a": "x"} {}`, false},
		{`{"a": "x"`, false}, {`{"a" "x"}`, false}, {`[]`, false}, {``, false},
		{"{\"a\": \"tab\there\"}", false},
		{"{\"a\": \"\xff\", \"b\": \"ok\\n\xfe\"}", true}, // encoding/json gives U+FFFD
		{"{\"\xff\": \"x\"}", false},
		{`{"a": "bad \x escape"}`, false},
	} {
		ix, ok := buildIndex(doc.src)
		if ok != doc.indexed {
			t.Errorf("%q: indexed = %v, want %v", doc.src, ok, doc.indexed)
			continue
		}
		var want map[string]string
		if err := json.Unmarshal([]byte(doc.src), &want); err != nil {
			if ok {
				t.Errorf("%q: indexed, but encoding/json refuses it: %v", doc.src, err)
			}
			continue // an embedded file like this fails the build's tests
		}
		find := (&catalog{src: doc.src}).newFinder(JA)
		for k, v := range want {
			if ok {
				if got, _ := ix.get(k); got != v {
					t.Errorf("%q %q: index gives %q, want %q", doc.src, k, got, v)
				}
			}
			if got, found := find(k); !found || got != v {
				t.Errorf("%q %q: finder gives %q, %v; want %q", doc.src, k, got, found, v)
			}
		}
		if ok && !slices.Equal(sortedCopy(ix.keys()), sortedKeys(want)) {
			t.Errorf("%q: index keys %q, want %q", doc.src, ix.keys(), sortedKeys(want))
		}
	}
}

func sortedCopy(s []string) []string { return slices.Sorted(slices.Values(s)) }

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return slices.Sorted(slices.Values(out))
}

func BenchmarkFirstLookup(b *testing.B) {
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			ix, _ := buildIndex(assets.CatalogJA)
			_, _ = ix.get("cli.bad_usage")
		}
	})
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			m, _ := decodeFlat([]byte(assets.CatalogJA))
			_ = m["cli.bad_usage"]
		}
	})
}
