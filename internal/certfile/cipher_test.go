package certfile

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRC2KnownAnswers uses RFC 2268's test vectors.
func TestRC2KnownAnswers(t *testing.T) {
	for _, tc := range []struct {
		key  string
		bits int
		pt   string
		ct   string
	}{
		{"0000000000000000", 63, "0000000000000000", "ebb773f993278eff"},
		{"ffffffffffffffff", 64, "ffffffffffffffff", "278b27e42e2f0d49"},
		{"3000000000000000", 64, "1000000000000001", "30649edf9be7d2c2"},
		{"88", 64, "0000000000000000", "61a8a244adacccf0"},
		{"88bca90e90875a", 64, "0000000000000000", "6ccf4308974c267f"},
		{"88bca90e90875a7f0f79c384627bafb2", 64, "0000000000000000", "1a807d272bbe5db1"},
		{"88bca90e90875a7f0f79c384627bafb2", 128, "0000000000000000", "2269552ab0f85ca6"},
	} {
		c, err := newRC2(unhex(t, tc.key), tc.bits)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]byte, 8)
		c.Encrypt(out, unhex(t, tc.pt))
		if hex.EncodeToString(out) != tc.ct {
			t.Errorf("RC2 %s/%d: encrypt = %x, want %s", tc.key, tc.bits, out, tc.ct)
		}
		c.Decrypt(out, unhex(t, tc.ct))
		if !bytes.Equal(out, unhex(t, tc.pt)) {
			t.Errorf("RC2 %s/%d: decrypt = %x", tc.key, tc.bits, out)
		}
	}
}

// TestCamelliaKnownAnswers uses RFC 3713's test vectors.
func TestCamelliaKnownAnswers(t *testing.T) {
	pt := "0123456789abcdeffedcba9876543210"
	for _, tc := range []struct{ key, ct string }{
		{"0123456789abcdeffedcba9876543210", "67673138549669730857065648eabe43"},
		{"0123456789abcdeffedcba98765432100011223344556677", "b4993401b3e996f84ee5cee7d79b09b9"},
		{"0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff", "9acc237dff16d76c20ef7c919e3a7509"},
	} {
		c, err := newCamellia(unhex(t, tc.key))
		if err != nil {
			t.Fatal(err)
		}
		out := make([]byte, 16)
		c.Encrypt(out, unhex(t, pt))
		if hex.EncodeToString(out) != tc.ct {
			t.Errorf("Camellia-%d: encrypt = %x, want %s", len(tc.key)*4, out, tc.ct)
		}
		c.Decrypt(out, unhex(t, tc.ct))
		if hex.EncodeToString(out) != pt {
			t.Errorf("Camellia-%d: decrypt = %x", len(tc.key)*4, out)
		}
	}
}
