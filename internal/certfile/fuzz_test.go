package certfile

import (
	"bytes"
	"testing"
	"time"

	"rootip-cert/internal/pki"
)

// FuzzDecode feeds arbitrary bytes and passwords to the reader: it must
// classify every input and never panic, nor spend long on one. Seeded from
// the good and bad tables, the layouts of the hostile-input tests (hidden
// counts, nested bags, two identities) and a BER nest.
func FuzzDecode(f *testing.F) {
	fx := testPKI(f)
	for _, enc := range pki.Encodings {
		f.Add(mustP12(f, fx.leaves[pki.P256], enc, "rootip", true), "rootip")
	}
	for _, tc := range badShapes(f) {
		f.Add(tc.data, tc.password)
	}
	leaf, other := fx.leaves[pki.P256], fx.leaves[pki.RSA2048]
	for _, l := range []pki.Layout{
		{MACIterations: 3, Safes: []pki.Safe{{Iterations: 2, Bags: []pki.Bag{{Cert: leaf.Cert}, {Key: leaf.Key, KeyIterations: 2_000_000_000, FakeKey: true}}}}},
		{MACIterations: 3, Safes: []pki.Safe{{Iterations: 2, Bags: []pki.Bag{{Cert: leaf.Cert}, {Nested: []pki.Bag{{Key: leaf.Key, KeyIterations: 2}}}}}}},
		{MACIterations: 3, Safes: []pki.Safe{{Bags: []pki.Bag{{Cert: leaf.Cert}, {Key: leaf.Key}, {Cert: other.Cert, FriendlyName: "二つ目"}, {Key: other.Key, KeyIterations: 2}}}}},
		{MACIterations: 3, Safes: []pki.Safe{{Bags: []pki.Bag{{Key: leaf.Key}}}}},
	} {
		l.Password = "rootip"
		data, err := l.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "rootip")
	}
	f.Add(append(bytes.Repeat([]byte{0x30, 0x80}, 64), bytes.Repeat([]byte{0, 0}, 64)...), "")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		start := time.Now()
		id, err := Decode(data, password)
		switch {
		case err == nil && (id == nil || id.Leaf == nil || id.Key == nil):
			t.Fatal("nil identity without an error")
		case err != nil && CodeOf(err) == "":
			t.Fatalf("unclassified error: %v", err)
		case time.Since(start) > 10*time.Second:
			t.Fatalf("one input took %v", time.Since(start))
		}
	})
}
