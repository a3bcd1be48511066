package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// TestCommandsSayTheAddressIsRemembered: without --url, diagnose, import
// and renew check against the address remembered from an earlier run and
// say so in one line (stdout for text, stderr for --json); with --url they
// say nothing of it.
func TestCommandsSayTheAddressIsRemembered(t *testing.T) {
	f := testdata(t)
	const addr = "https://127.0.0.1:1"
	run := func(args ...string) result {
		settings := filepath.Join(t.TempDir(), "settings.json")
		if err := profile.SaveSettings(settings, profile.Settings{URL: addr}); err != nil {
			t.Fatal(err)
		}
		m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
			Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) { return []store.Store{m}, nil }}}
		return result{Run(append(args, "--timeout", "2s"), env), out.String(), errb.String()}
	}
	for _, cmd := range [][]string{{"diagnose"}, {"import", f.good}, {"renew"}, {"renew", f.good}} {
		for _, tc := range []struct {
			args   []string
			want   string
			stderr bool
		}{
			{[]string{"--lang", "ja"}, "前回使ったシステムアドレス " + addr + "/ を確認します(変更するには --url を指定)", false},
			{[]string{"--lang", "en"}, "Checking the system address used last time, " + addr + "/ (to check another one, give --url)", false},
			{[]string{"--lang", "ja", "--json"}, "前回使ったシステムアドレス " + addr, true},
		} {
			args := append(append([]string{}, cmd...), tc.args...)
			r := run(args...)
			got := r.stdout
			if tc.stderr {
				got = r.stderr
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("%v: lacks %q\nstdout: %s\nstderr: %s", args, tc.want, r.stdout, r.stderr)
			}
		}
		args := append(append([]string{}, cmd...), "--lang", "ja", "--url", addr)
		if r := run(args...); strings.Contains(r.stdout+r.stderr, "前回使った") {
			t.Errorf("%v: --url given, still says remembered:\n%s%s", args, r.stdout, r.stderr)
		}
	}
}
