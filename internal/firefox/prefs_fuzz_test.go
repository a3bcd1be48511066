package firefox

import "testing"

func FuzzParsePref(f *testing.F) {
	f.Add([]byte(`user_pref("security.osclientcerts.autoload", false);`+"\n"+`user_pref("x", "y");`), OSClientCertsPref)
	f.Add([]byte("pref(\"a\", 3)\r\n// comment\nuser_pref(\"a\", true)"), "a")
	f.Add([]byte{0xff, 0xfe, '(', '"'}, "")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		v, ok := parsePref(data, name)
		if !ok && v != "" {
			t.Fatalf("value %q without a match", v)
		}
	})
}
