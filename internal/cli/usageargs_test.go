package cli

import (
	"strings"
	"testing"
)

// TestUsageNamesTheExtraArgument: an unquoted address with a space
// (--url http://bad host) leaves "host" as an argument; every command's
// usage error says which argument it did not expect, in both languages.
func TestUsageNamesTheExtraArgument(t *testing.T) {
	f := testdata(t)
	for _, args := range [][]string{
		{"diagnose", "--url", "http://bad", "host"},
		{"list", "host"},
		{"report", "host"},
		{"remind", "host"},
		{"demo", "host"},
		{"demo", "--renewal", "host"},
		{"renew", "--watch", "host"},
		{"renew", f.good, "host"},
		{"import", f.good, "host"},
		{"inspect", f.good, "host"},
		{"view", f.good, "host"},
		{"delete", "ABCDEF01", "host"},
		{"deploy", f.good, "host", "--url", "https://a.rootip-cloud.net", "--out", t.TempDir()},
	} {
		for lang, want := range map[string]string{"ja": `余分な引数 "host" があります`, "en": `unexpected argument "host"`} {
			t.Run(lang+"/"+strings.Join(args[:1], " "), func(t *testing.T) {
				r := runCLI(t, "", append(args, "--lang", lang)...)
				if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
					t.Errorf("%v: exit %d, stderr %q, want %q", args, r.code, r.stderr, want)
				}
			})
		}
	}
	if r := runCLI(t, "", "list", "a", "b", "--lang", "en"); !strings.Contains(r.stderr, `unexpected arguments "a" "b"`) {
		t.Errorf("two extra arguments: %q", r.stderr)
	}
}
