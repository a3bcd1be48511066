package cli

import (
	"os"
	"path/filepath"
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

// TestUsageErrorsSpeakTheRunsLanguage: a mistake in the command line is
// worded from the catalog in the chosen language, never in the English of
// Go's flag package or of an error value, still exits 2, and still names
// the offending argument as it was typed.
func TestUsageErrorsSpeakTheRunsLanguage(t *testing.T) {
	f := testdata(t)
	missing := filepath.Join(t.TempDir(), "none.pem")
	notPEM := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(notPEM, []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	english := []string{"no such file", "read ", "x509:", "no certificate in", "flag provided", "not defined", "needs an argument", "invalid value", "invalid boolean",
		"bad flag syntax", "does not apply", "must be", "unknown troubleshooting step", "known:", "want HOST",
		"bad port", "is not an IP address", "cannot both", "64 hex digits", "from rootip-cert list"}
	for _, tc := range []struct {
		args   []string
		ja, en string // what the message says (both name the argument)
	}{
		{[]string{"diagnose", "-bogus"}, "-bogus というオプションはありません", "There is no option -bogus."},
		{[]string{"diagnose", "--bogus=1"}, "--bogus というオプションはありません", "There is no option --bogus."},
		{[]string{"diagnose", "--timeout"}, "オプション --timeout には値が必要です", "The option --timeout needs a value."},
		{[]string{"diagnose", "--timeout", "abc"}, "オプション --timeout の値「abc」を読み取れません", `The value "abc" of the option --timeout cannot be read`},
		{[]string{"diagnose", "--json=maybe"}, "オプション --json の値「maybe」を読み取れません", `The value "maybe" of the option --json cannot be read`},
		{[]string{"diagnose", "---x"}, "「---x」はオプションとして読み取れません", `"---x" cannot be read as an option`},
		{[]string{"list", "--url", "https://a.rootip-cloud.net"}, "オプション --url は list では使えません", "The option --url does not apply to list."},
		{[]string{"diagnose", "--timeout", "0s"}, "--timeout には 0 より長い時間を指定してください(指定: 0s)", "--timeout must be longer than 0 (given: 0s)"},
		{[]string{"list", "--store", "foo"}, "(指定: 「foo」)", `(given: "foo")`},
		{[]string{"import", f.good, "--password-file", "-", "--nss-password-file", "-"}, "両方で標準入力を読むことはできません", "cannot both read standard input. Give a file"},
		{[]string{"diagnose", "--url", "https://a.rootip-cloud.net", "--resolve", "foo"}, "--resolve 「foo」は HOST:PORT:ADDR の形で", `--resolve "foo" must have the form HOST:PORT:ADDR`},
		{[]string{"diagnose", "--url", "https://a.rootip-cloud.net", "--resolve", "a.rootip-cloud.net:x:1.2.3.4"}, "のポート番号「x」が正しくありません", `The port "x" in --resolve`},
		{[]string{"diagnose", "--url", "https://a.rootip-cloud.net", "--resolve", "a.rootip-cloud.net:443:zz"}, "「zz」は IP アドレスではありません", `"zz" in --resolve`},
		{[]string{"report", "--done", "foo", "--out", "-"}, "--done の「foo」という手順はありません。指定できる手順:\n  browser-restart: ブラウザ再起動", `There is no troubleshooting step "foo" for --done. The steps are:` + "\n  browser-restart: Restarted the browser"},
		{[]string{"delete", "zz"}, "SHA-256 は 16 進数 64 桁", "64 hex digits, or at least the first 8; shown by rootip-cert list"},
		{[]string{"diagnose", "--server-ca", missing}, "--server-ca: " + missing + " が見つかりません", "--server-ca: " + missing + " was not found"},
		{[]string{"diagnose", "--server-ca", f.good}, "--server-ca " + f.good + " から証明書を読み取れません", "No certificate can be read from --server-ca " + f.good},
		{[]string{"diagnose", "--server-ca", notPEM}, "に証明書(BEGIN CERTIFICATE)が入っていません", "holds no certificate (BEGIN CERTIFICATE)"},
		{[]string{"import", f.good, "--password-file", missing}, "パスワードファイルを読み込めません: " + missing + " が見つかりません", missing + " was not found"},
		{[]string{"report", "--from", missing, "--out", "-"}, missing + " が見つかりません", missing + " was not found"},
	} {
		for lang, want := range map[string]string{"ja": tc.ja, "en": tc.en} {
			t.Run(lang+"/"+strings.Join(tc.args, " "), func(t *testing.T) {
				// --lang right after the command: a flag left without its
				// value is the last argument.
				r := runCLI(t, "", append([]string{tc.args[0], "--lang", lang}, tc.args[1:]...)...)
				if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
					t.Errorf("exit %d, stderr %q, want 2 and %q", r.code, r.stderr, want)
				}
				if lang != "ja" {
					return
				}
				for _, e := range english {
					if strings.Contains(r.stderr, e) {
						t.Errorf("Japanese usage error %q says %q", r.stderr, e)
					}
				}
			})
		}
	}
}
