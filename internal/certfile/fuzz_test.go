package certfile

import (
	"testing"

	"rootip-cert/internal/pki"
)

// FuzzDecode feeds arbitrary bytes and passwords to the reader: it must
// classify every input and never panic. Seeded from the good and bad tables.
func FuzzDecode(f *testing.F) {
	fx := testPKI(f)
	for _, enc := range pki.Encodings {
		f.Add(mustP12(f, fx.leaves[pki.P256], enc, "rootip", true), "rootip")
	}
	for _, tc := range badShapes(f) {
		f.Add(tc.data, tc.password)
	}
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		id, err := Decode(data, password)
		switch {
		case err == nil && (id == nil || id.Leaf == nil || id.Key == nil):
			t.Fatal("nil identity without an error")
		case err != nil && CodeOf(err) == "":
			t.Fatalf("unclassified error: %v", err)
		}
	})
}
