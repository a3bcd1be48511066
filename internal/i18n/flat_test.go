package i18n

import (
	"encoding/json"
	"maps"
	"testing"

	"rootip-cert/assets"
)

// TestDecodeFlatIsUnmarshal: both catalogs take the fast path and give the
// map encoding/json gives; so does every other document, or the same
// refusal.
func TestDecodeFlatIsUnmarshal(t *testing.T) {
	for _, l := range []Lang{JA, EN} {
		data, err := assets.Translations.ReadFile("translations/" + string(l) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		fast, ok := scanFlat(data)
		if !ok {
			t.Fatalf("%s.json does not take the fast path", l)
		}
		var want map[string]string
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(fast, want) {
			t.Errorf("%s.json: the fast path's map differs from encoding/json's", l)
		}
	}
	for _, doc := range []string{
		`{}`, ` { } `, "{\n  \"a\": \"x\",\n\t\"b\":\"y\"\r\n}\n",
		`{"q": "say \"hi\"", "b": "back\\slash\\", "n": "two\nlines", "u": "\u00e9\u3042", "s": "\ud83d\ude00", "sl": "a\/b"}`,
		`{"k": "値", "空": ""}`,
		`{"a": "x", "a": "y"}`,    // a duplicate key
		`{"a": 1}`, `{"a": null}`, // not strings
		`{"a": "x",}`, `{"a": "x"} {}`, // a trailing comma, trailing data
		`{"a": "x"`, `{"a" "x"}`, `[]`, ``, // broken
		"{\"a\": \"tab\there\"}", // a raw control character
		"{\"a\": \"\xff\"}",      // invalid UTF-8
		`{"a": "bad \x escape"}`, `{"a": "\ud800"}`,
	} {
		got, gotErr := decodeFlat([]byte(doc))
		var want map[string]string
		wantErr := json.Unmarshal([]byte(doc), &want)
		if (gotErr == nil) != (wantErr == nil) || !maps.Equal(got, want) {
			t.Errorf("%q: decodeFlat = %q, %v; encoding/json = %q, %v", doc, got, gotErr, want, wantErr)
		}
	}
}

func BenchmarkDecodeCatalog(b *testing.B) {
	data, err := assets.Translations.ReadFile("translations/ja.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("flat", func(b *testing.B) {
		for b.Loop() {
			_, _ = decodeFlat(data)
		}
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			var m map[string]string
			_ = json.Unmarshal(data, &m)
		}
	})
}
