package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/testsupport/golden"
)

func runDemoCLI(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	// No platform finder: the demo falls back to its in-memory scratch store.
	env := Env{Stdout: &out, Stderr: &errb, Now: time.Now, Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "s.json")}}
	return result{Run(append([]string{"demo"}, args...), env), out.String(), errb.String()}
}

func TestDemoGreenAndEachBreak(t *testing.T) {
	for _, tc := range []struct {
		brk      string
		code     int
		failures []string
		next     string // the next step's check
		clock    string // clock.skew's outcome, when the run got a dated response
	}{
		{"", ExitOK, nil, "", "fine"},
		{"wrong-ca", ExitFailed, []string{"net.mtls"}, "net.mtls", ""},
		// The install refused the expired file: the next step is a new
		// file, not installing this one again.
		{"expired", ExitFailed, []string{"cert.file", "cert.installed"}, "cert.file", ""},
		{"no-cert", ExitFailed, []string{"cert.installed"}, "cert.installed", ""},
		// The 403 carries the server's Date: the clock is checked.
		{"forbidden", ExitFailed, []string{"net.http"}, "net.http", "fine"},
	} {
		t.Run("break="+tc.brk, func(t *testing.T) {
			args := []string{"--json", "--timeout", "3s"}
			if tc.brk != "" {
				args = append(args, "--break", tc.brk)
			}
			r := runDemoCLI(t, args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			var doc diagnoseJSON
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
			}
			failed := map[string]bool{}
			for _, c := range doc.Checks {
				if c.Status == "fail" {
					failed[c.ID] = true
				}
				// The expired file cannot be installed: the install row
				// sends the user for a new file too (as the file row says), not to
				// import this one.
				if c.ID == "cert.installed" && tc.brk == "expired" &&
					(strings.Contains(c.Fix, "import クライアント証明書.p12") || !strings.Contains(c.Fix, "新しい証明書を手に入れ")) {
					t.Errorf("cert.installed's fix %q, want a new certificate downloaded", c.Fix)
				}
				if c.ID == "clock.skew" && tc.clock != "" && c.Outcome != tc.clock {
					t.Errorf("clock.skew = %s (%s), want %s", c.Outcome, c.Detail, tc.clock)
				}
			}
			for _, id := range tc.failures {
				if !failed[id] {
					t.Errorf("%s did not fail: %+v", id, doc.Checks)
				}
			}
			if doc.Next != tc.next {
				t.Errorf("next step %q, want %q", doc.Next, tc.next)
			}
			if tc.brk == "" && doc.Failed+doc.Warnings != 0 {
				t.Errorf("the demo is not all green: %+v", doc.Checks)
			}
			if len(doc.Checks) != 18 {
				t.Errorf("%d checks, want the 17 ids of DESIGN.md and cert.renewal", len(doc.Checks))
			}
		})
	}
	if r := runDemoCLI(t, "--break", "nonsense"); r.code != ExitUsage {
		t.Errorf("unknown break: exit %d", r.code)
	}
}

// normalize removes what changes between runs: ports, dates, days,
// fingerprints, temporary paths, clock differences, and whether today is
// in the renewal period (cert.renewal says "not the period" or "already
// renewed").
func normalize(s string) string {
	for _, rep := range []struct{ re, with string }{
		{`(?m)^✓ (電子証明書の更新|Certificate renewal) — .*$`, "✓ $1 — SEASON"},
		{`\S*rootip-cert-demo-\d+[\\/]`, "DIR/"},
		{`:\d{4,5}`, ":PORT"},
		{`\d{4}[/-]\d{2}[/-]\d{2}`, "DATE"},
		{`(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}`, "DATE"}, // English dates
		{`残り \d+ 日`, "残り N 日"},
		{`\d+ days left`, "N days left"},
		{`[0-9A-F]{16}…`, "HEX…"},
		{`サーバーとの差は \d+ 秒`, "サーバーとの差は SKEW"},
		{`within \d+ seconds? of`, "within SKEW of"},
		// The code holds the OS family and the renewal season: it differs by machine and date.
		{`(サポートコード|Support code): [2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4,5}`, "$1: CODE"},
	} {
		s = regexp.MustCompile(rep.re).ReplaceAllString(s, rep.with)
	}
	return s
}

func TestDiagnoseTextGolden(t *testing.T) {
	for _, tc := range []struct{ name, lang, brk string }{
		{"demo.ja", "ja", ""}, {"demo.en", "en", ""}, {"demo-wrong-ca.ja", "ja", "wrong-ca"}, {"demo-wrong-ca.en", "en", "wrong-ca"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--lang", tc.lang, "--timeout", "3s"}
			if tc.brk != "" {
				args = append(args, "--break", tc.brk)
			}
			got := normalize(runDemoCLI(t, args...).stdout)
			golden.Check(t, filepath.Join("testdata", tc.name+".golden"), got, "go test ./internal/cli -run Golden -update")
			if tc.lang == "en" && regexp.MustCompile(`[ぁ-んァ-ン]`).MatchString(strings.NewReplacer("クライアント証明書.p12", "", "root ipクラウド ログイン(デモ)", "", demo.OtherCAName, "").Replace(got)) {
				t.Errorf("Japanese left in the English output:\n%s", got)
			}
		})
	}
}

// The demo's checklist knows the install it just did: its restart row is
// not "no record of an install" (nothing is remembered in a demo), and no
// restart is due for a scratch store that no browser reads, even with a
// browser running since before the demo.
func TestDemoRestartRowKnowsItsInstall(t *testing.T) {
	var out, errb bytes.Buffer
	running := machine.Source{Restart: func() machine.Restart {
		return machine.Restart{Running: map[string]time.Time{"Firefox": time.Now().Add(-time.Hour)}}
	}}
	env := Env{Stdout: &out, Stderr: &errb, Now: time.Now, Flow: flow.Deps{Machine: running}}
	r := result{Run([]string{"demo", "--json", "--timeout", "3s"}, env), out.String(), errb.String()}
	var doc diagnoseJSON
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
	}
	for _, c := range doc.Checks {
		if c.ID == "restart.pending" {
			if c.Outcome != "fine" || c.Status != "ok" {
				t.Errorf("restart.pending = %s %s (%s), want ok fine", c.Status, c.Outcome, c.Detail)
			}
			return
		}
	}
	t.Errorf("no restart.pending row: %+v", doc.Checks)
}
