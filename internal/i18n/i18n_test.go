package i18n

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/template"
	"time"

	"rootip-cert/assets"

	"rootip-cert/internal/certfile"
)

func TestDetect(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		name   string
		flag   string
		getenv func(string) string
		os     string
		want   Lang
	}{
		{"flag wins", "en", env("LANG", "ja_JP.UTF-8"), "", EN},
		{"LANG ja", "", env("LANG", "ja_JP.UTF-8"), "", JA},
		{"LANG en", "", env("LANG", "en_US.UTF-8"), "", EN},
		{"LC_ALL before LANG", "", env("LC_ALL", "en_GB.UTF-8", "LANG", "ja_JP.UTF-8"), "", EN},
		{"LANGUAGE list", "", env("LANGUAGE", "fr:en", "LANG", "fr_FR.UTF-8"), "", EN},
		{"C.UTF-8 is unknown: Japanese", "", env("LANG", "C.UTF-8"), "", JA},
		{"OS locale", "", env(), "en-US", EN},
		{"nothing: Japanese", "", env(), "", JA},
		{"unsupported: Japanese", "", env("LANG", "de_DE.UTF-8"), "", JA},
		{"bad flag falls through", "xx", env("LANG", "en_US"), "", EN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.flag, tc.getenv, tc.os); got != tc.want {
				t.Fatalf("Detect = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestCatalogsMatch: every message exists in both languages, each template
// parses and names the same values in both.
func TestCatalogsMatch(t *testing.T) {
	ja := slices.Sorted(maps.Keys(mustMessages(JA)))
	en := slices.Sorted(maps.Keys(mustMessages(EN)))
	if strings.Join(ja, "\n") != strings.Join(en, "\n") {
		t.Fatalf("the catalogs have different keys:\nja: %v\nen: %v", ja, en)
	}
	cj, ce := New(JA), New(EN)
	vars := regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)
	for _, k := range ja {
		for _, c := range []*Catalog{cj, ce} {
			if _, err := template.New(k).Parse(mustMessages(c.Lang)[k]); err != nil {
				t.Errorf("%s %s: %v", c.Lang, k, err)
			}
			if mustMessages(c.Lang)[k] == "" && k != "field.blank" {
				t.Errorf("%s %s: empty", c.Lang, k)
			}
		}
		vj := vars.FindAllStringSubmatch(mustMessages(JA)[k], -1)
		ve := vars.FindAllStringSubmatch(mustMessages(EN)[k], -1)
		if len(vj) != len(ve) {
			t.Errorf("%s: ja uses %v, en uses %v", k, vj, ve)
		}
		if mustMessages(JA)[k] == mustMessages(EN)[k] && regexp.MustCompile(`[ぁ-んァ-ン一-龯]`).MatchString(mustMessages(JA)[k]) {
			t.Errorf("%s: English text is the Japanese one", k)
		}
	}
}

// TestCodeUsesOnlyKnownKeys scans the Go sources for literal message keys
// (T("key"...) and lang.L("key"...)) and checks each one exists.
func TestCodeUsesOnlyKnownKeys(t *testing.T) {
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..")
	known := map[string]bool{}
	for k := range mustMessages(JA) {
		known[k] = true
	}
	literal := regexp.MustCompile(`\b(?:T|t|L|X|LocalizeKey|bigAction)\("([a-z][a-z0-9_.\-]+)"`)
	found := 0
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			found++
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix completed at run time: see TestKeyFamilies
			}
			if !known[m[1]] {
				t.Errorf("%s uses unknown message key %q", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Fatalf("found only %d message keys in the sources: the scan is broken", found)
	}
}

func TestTemplatesAndFallback(t *testing.T) {
	c := New(EN)
	if got := c.T("cli.unknown_command", map[string]any{"Name": "frob"}); got != `There is no command "frob".` {
		t.Errorf("T = %q", got)
	}
	if got := New(JA).T("status.expired"); got != "期限切れ" {
		t.Errorf("ja status.expired = %q", got)
	}
	if got := c.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
}

// TestKeyFamilies checks the keys the code builds from a prefix and a value.
func TestKeyFamilies(t *testing.T) {
	known := map[string]bool{}
	for k := range mustMessages(JA) {
		known[k] = true
	}
	var want []string
	for _, c := range []certfile.Code{certfile.WrongPassword, certfile.Corrupt, certfile.TooLarge, certfile.NoKey, certfile.Unsupported, certfile.Unreadable} {
		want = append(want, "file.error."+string(c))
	}
	for _, s := range []certfile.Status{certfile.Valid, certfile.ExpiringSoon, certfile.Expired, certfile.NotYetValid} {
		want = append(want, "status."+string(s))
	}
	for _, s := range []certfile.Status{certfile.ExpiringSoon, certfile.Expired, certfile.NotYetValid} {
		want = append(want, "inspect.advice."+string(s))
	}
	for _, m := range []certfile.Match{certfile.MatchExact, certfile.MatchOtherEnvironment, certfile.MatchNone} {
		want = append(want, "match."+string(m))
	}
	for _, v := range []string{"ok", "problem", "incomplete"} {
		want = append(want, "verdict."+v, "diagnose.verdict."+v, "gui.verdict."+v)
	}
	want = append(want, "diagnose.verdict.ok_check", "gui.verdict.ok_check")
	for _, r := range []string{"chrome-edge", "keychain", "firefox", "chrome-linux", "nss", "scratch"} {
		want = append(want, "reader."+r)
	}
	for i := 1; i <= 6; i++ {
		want = append(want, fmt.Sprintf("gui.wizard.step%d", i))
	}
	for _, cmd := range []string{"inspect", "version"} {
		want = append(want, "cli.usage."+cmd)
	}
	for _, k := range want {
		if !known[k] {
			t.Errorf("missing message %q", k)
		}
	}
}

// TestLoadsOnlyWhatIsLookedUp: New indexes nothing; an English lookup reads
// the English file only; Japanese is read once a key is missing from it.
func TestLoadsOnlyWhatIsLookedUp(t *testing.T) {
	saved := catalogs
	catalogs = map[Lang]*catalog{JA: {src: assets.CatalogJA}, EN: {src: assets.CatalogEN}}
	defer func() { catalogs = saved }()
	loaded := func(l Lang) bool { return catalogs[l].find != nil }
	c := New(EN)
	if loaded(EN) || loaded(JA) {
		t.Fatal("New decoded a catalog before any lookup")
	}
	if got := c.T("status.expired"); got == "status.expired" {
		t.Fatalf("T = %q", got)
	}
	if !loaded(EN) || loaded(JA) {
		t.Fatalf("after an English lookup: en loaded %v, ja loaded %v", loaded(EN), loaded(JA))
	}
	if got := c.T("no.such.key"); got != "no.such.key" || !loaded(JA) {
		t.Fatalf("a missing key = %q, ja loaded %v: want the key and the Japanese fallback read", got, loaded(JA))
	}
}

// TestDurationReadsNaturally: a time difference in words (「差 1s」 in the
// window was Go's own format), with English plurals.
func TestDurationReadsNaturally(t *testing.T) {
	for _, tc := range []struct {
		d      time.Duration
		ja, en string
	}{
		{time.Second, "1 秒", "1 second"},
		{-3 * time.Second, "3 秒", "3 seconds"},
		{90 * time.Second, "90 秒", "90 seconds"},
		{5*time.Minute + 10*time.Second, "5 分", "5 minutes"},
		{3 * time.Hour, "3 時間", "3 hours"},
		{72 * time.Hour, "3 日", "3 days"},
	} {
		if got := New(JA).Duration(tc.d); got != tc.ja {
			t.Errorf("ja %v = %q, want %q", tc.d, got, tc.ja)
		}
		if got := New(EN).Duration(tc.d); got != tc.en {
			t.Errorf("en %v = %q, want %q", tc.d, got, tc.en)
		}
	}
	if got := New(EN).Days(1); got != "1 day left" {
		t.Errorf("Days(1) = %q", got)
	}
	if got := New(EN).Days(-2); got != "expired 2 days ago" {
		t.Errorf("Days(-2) = %q", got)
	}
}
