package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/profile"
)

// TestDiagnoseSaysTheAddressIsRemembered: without --url, diagnose checks
// the address remembered from an earlier run and says so in one line
// (stdout for text, stderr for --json); with --url it says nothing of it.
func TestDiagnoseSaysTheAddressIsRemembered(t *testing.T) {
	settings := filepath.Join(t.TempDir(), "settings.json")
	const addr = "https://127.0.0.1:1"
	if err := profile.SaveSettings(settings, profile.Settings{URL: addr}); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) result {
		var out, errb bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
			Flow: flow.Deps{SettingsPath: settings}}
		return result{Run(append([]string{"diagnose", "--timeout", "2s"}, args...), env), out.String(), errb.String()}
	}
	for _, tc := range []struct {
		args   []string
		want   string
		stderr bool
	}{
		{[]string{"--lang", "ja"}, "前回使ったシステムアドレス " + addr + "/ を確認します(変更するには --url を指定)", false},
		{[]string{"--lang", "en"}, "Checking the system address used last time, " + addr + "/ (to check another one, give --url)", false},
		{[]string{"--lang", "ja", "--json"}, "前回使ったシステムアドレス " + addr, true},
	} {
		r := run(tc.args...)
		got := r.stdout
		if tc.stderr {
			got = r.stderr
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: lacks %q\nstdout: %s\nstderr: %s", tc.args, tc.want, r.stdout, r.stderr)
		}
	}
	if r := run("--lang", "ja", "--url", addr); strings.Contains(r.stdout+r.stderr, "前回使った") {
		t.Errorf("--url given, still says remembered:\n%s", r.stdout)
	}
}
