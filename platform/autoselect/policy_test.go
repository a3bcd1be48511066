package autoselect

import (
	"errors"
	"net/url"
	"testing"
	"unicode/utf16"
)

// TestRule: no port, no path, a lower-case host; no rule without an
// address or an issuer.
func TestRule(t *testing.T) {
	u, _ := url.Parse("https://ACME.rootip-cloud.net:443/login")
	rule, err := Rule(u, "rootip-cloud.net")
	if err != nil || rule != `{"pattern":"https://acme.rootip-cloud.net","filter":{"ISSUER":{"CN":"rootip-cloud.net"}}}` {
		t.Fatalf("rule = %s, %v", rule, err)
	}
	if _, err := Rule(nil, "x"); err == nil {
		t.Error("no URL accepted")
	}
	if _, err := Rule(u, " "); !errors.Is(err, ErrNoIssuer) {
		t.Errorf("empty issuer: %v", err)
	}
	if got := nextValueName(map[string]string{"1": "other", "2": rule}, rule); got != "2" {
		t.Errorf("existing rule: %s", got)
	}
	if got := nextValueName(map[string]string{"1": "other", "3": "x"}, rule); got != "2" {
		t.Errorf("first free: %s", got)
	}
}

// TestRegFile: regedit's format, the value names asked for, both
// escapings of the rule, and notes as comments after the header.
func TestRegFile(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	rule, err := Rule(u, `ルート "CA" \ 1`)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeReg(t, RegFile(rule, map[string]string{"Edge": "3"}))
	// JSON escapes the quotes and the backslash; the .reg format escapes
	// both again.
	value := `"{\"pattern\":\"https://acme.rootip-cloud.net\",\"filter\":{\"ISSUER\":{\"CN\":\"ルート \\\"CA\\\" \\\\ 1\"}}}"`
	keys := "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\AutoSelectCertificateForUrls]\r\n\"1\"=" + value + "\r\n" +
		"\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge\\AutoSelectCertificateForUrls]\r\n\"3\"=" + value + "\r\n\r\n"
	if want := "Windows Registry Editor Version 5.00\r\n\r\n" + keys; got != want {
		t.Errorf(".reg file =\n%q\nwant\n%q", got, want)
	}
	got = decodeReg(t, RegFile(rule, map[string]string{"Edge": "3"}, "first note", "second"))
	if want := "Windows Registry Editor Version 5.00\r\n\r\n; first note\r\n; second\r\n\r\n" + keys; got != want {
		t.Errorf(".reg file with notes =\n%q\nwant\n%q", got, want)
	}
}

// decodeReg checks the byte-order mark and returns the text.
func decodeReg(t *testing.T, data []byte) string {
	t.Helper()
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xFE || len(data)%2 != 0 {
		t.Fatalf("not UTF-16LE with a byte-order mark: % x", data[:min(len(data), 8)])
	}
	u16 := make([]uint16, 0, len(data)/2-1)
	for i := 2; i < len(data); i += 2 {
		u16 = append(u16, uint16(data[i])|uint16(data[i+1])<<8)
	}
	return string(utf16.Decode(u16))
}
