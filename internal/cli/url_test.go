package cli

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// runLocale runs the CLI with LANG set (no --lang): the language comes
// from the locale, as for a user.
func runLocale(t *testing.T, lang string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		},
		Now:  time.Now,
		Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "settings.json")},
	}
	return result{Run(args, env), out.String(), errb.String()}
}

var kanaOrKanji = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}]`)

// TestBadURLSaidInTheUsersLanguage: a --url the tool refuses is said in
// Japanese under a Japanese locale and in English under an English one,
// with its reason in words: never the parser's English ("bad system
// address", "invalid character ...") as the message.
func TestBadURLSaidInTheUsersLanguage(t *testing.T) {
	f := testdata(t)
	for _, tc := range []struct{ name, url, ja, en string }{
		{"space in host", "https://exa mple.rootip-cloud.net/", "空白", "space"},
		{"port", "https://acme.rootip-cloud.net:99999/", "1〜65535", "1 to 65535"},
		{"port not numeric", "https://acme.rootip-cloud.net:https/", "1〜65535", "1 to 65535"},
		{"scheme", "http://acme.rootip-cloud.net/", "https://", "https://"},
		{"userinfo", "https://user:s3cret@acme.rootip-cloud.net/", "パスワード", "password"},
		{"escape", "https://acme%zz.rootip-cloud.net/", "16 進数", "hexadecimal"},
		{"empty label", "https://acme..rootip-cloud.net/", "空の部分", "empty part"},
		{"ipv6 zone", "https://[fe80::1%25eth0]/", "ゾーン", "zone"},
	} {
		for _, cmd := range [][]string{{"diagnose", "--timeout", "1s"}, {"report"}, {"import", f.good}, {"inspect", f.good}} {
			t.Run(tc.name+"/"+cmd[0], func(t *testing.T) {
				args := append(append([]string{}, cmd...), "--url", tc.url)
				ja := runLocale(t, "ja_JP.UTF-8", args...)
				if ja.code != ExitUsage || !strings.Contains(ja.stderr, "システムアドレス") || !strings.Contains(ja.stderr, tc.ja) {
					t.Errorf("ja: exit %d, want 2 and a Japanese reason (%q):\n%s", ja.code, tc.ja, ja.stderr)
				}
				en := runLocale(t, "en_US.UTF-8", args...)
				if en.code != ExitUsage || !strings.Contains(en.stderr, "system address") || !strings.Contains(en.stderr, tc.en) ||
					kanaOrKanji.MatchString(en.stderr) {
					t.Errorf("en: exit %d, want 2 and an English reason (%q):\n%s", en.code, tc.en, en.stderr)
				}
				for _, out := range []string{ja.stderr, en.stderr} {
					for _, raw := range []string{"bad system address", "invalid character", "invalid URL escape", "s3cret"} {
						if strings.Contains(out, raw) {
							t.Errorf("the message shows %q:\n%s", raw, out)
						}
					}
				}
			})
		}
	}
}

// TestEveryURLReasonIsSaid: each reason NormalizeURL gives has words (in
// Japanese; the i18n tests hold English to the same keys).
func TestEveryURLReasonIsSaid(t *testing.T) {
	msg := i18n.New(i18n.JA)
	for _, reason := range []string{profile.URLEmpty, profile.URLUserinfo, profile.URLSyntax, profile.URLEscape, profile.URLScheme,
		profile.URLNoHost, profile.URLHostChars, profile.URLZone, profile.URLDomain, profile.URLEmptyLabel, profile.URLPort} {
		if !msg.Has("url.reason." + reason) {
			t.Errorf("no url.reason.%s", reason)
		}
	}
}

// TestResolveMustMatchTheSystemAddress (issue 16, Low): a --resolve for
// another host or port than the system address is refused (exit 2) in
// the user's language instead of being ignored for the real DNS; case
// and a trailing dot do not matter.
func TestResolveMustMatchTheSystemAddress(t *testing.T) {
	const url = "https://acme.rootip-cloud.net/"
	for _, tc := range []struct {
		spec string
		code int
	}{
		{"other.rootip-cloud.net:443:127.0.0.1", ExitUsage},
		{"acme.rootip-cloud.net:8443:127.0.0.1", ExitUsage},
		{"acme.rootip-cloud.net:443:", ExitUsage},
		{"acme.rootip-cloud.net:443:not-an-ip", ExitUsage},
		{"ACME.rootip-cloud.net.:443:127.0.0.1", ExitFailed}, // accepted: the checks then fail on 127.0.0.1:443
	} {
		for lang, want := range map[string]string{"ja_JP.UTF-8": "--resolve", "en_US.UTF-8": "--resolve"} {
			r := runLocale(t, lang, "diagnose", "--url", url, "--resolve", tc.spec, "--timeout", "1s", "--store", "nss", "--nss-db", t.TempDir())
			if r.code != tc.code || (tc.code == ExitUsage && !strings.Contains(r.stderr, want)) {
				t.Errorf("%s %s: exit %d, want %d\n%s%s", lang, tc.spec, r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.code == ExitUsage && strings.HasPrefix(tc.spec, "other") && (lang == "ja_JP.UTF-8") != kanaOrKanji.MatchString(r.stderr) {
				t.Errorf("%s: not in the user's language: %s", lang, r.stderr)
			}
		}
	}
}
