package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"rootip-cert/internal/supportcode"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/ziptest"
)

// japaneseReport makes a report the way a Japanese user does (report
// --lang ja --format zip, with a screenshot) and returns the ZIP's path
// and its report.json.
func japaneseReport(t *testing.T) (string, []byte) {
	t.Helper()
	f := testdata(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	if r := runWithStores(t, "", []store.Store{m}, "import", f.good); r.code != ExitOK {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	shot := filepath.Join(dir, "エラー画面.png")
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 40, 30)))
	if err := os.WriteFile(shot, img.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(dir, "report.zip")
	r := runWithStores(t, "", []store.Store{m}, "report", "--lang", "ja", "--format", "zip", "--out", zipPath, "--user-id", "test@rootip.co.jp",
		"--url", "https://127.0.0.1:1/", "--timeout", "1s", "--screenshot", shot, "--done", "cache")
	if r.code != ExitOK {
		t.Fatalf("report: %d %s", r.code, r.stderr)
	}
	_, members := ziptest.ReadFile(t, zipPath)
	for _, m := range members {
		if m.Name == "report.json" {
			return zipPath, m.Data
		}
	}
	t.Fatal("no report.json in the ZIP")
	return "", nil
}

// runNoStores runs a command whose flow fails the test if it touches a
// store or reads the machine: view must do neither.
func runNoStores(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
		Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "s.json"),
			Find: func(store.Selection) ([]store.Store, error) {
				t.Error("view looked for certificate stores")
				return nil, nil
			},
			Machine: machine.Source{Describe: func(map[string]time.Time) (machine.OSInfo, []machine.Browser) {
				t.Error("view read this machine's facts")
				return machine.OSInfo{}, nil
			}}}}
	return result{Run(args, env), out.String(), errb.String()}
}

// TestReportCarriesCodeVerdictAndOutcomes: report --format json has the
// support code, the verdict and the outcomes of the checks that are not ok
// at the top level, and the code decodes to the report's checklist.
func TestReportCarriesCodeVerdictAndOutcomes(t *testing.T) {
	_, js := japaneseReport(t)
	var rep struct {
		runDoc         // the same top level as decode --json
		Tool    string `json:"tool"`
		Renewal *struct {
			State string `json:"state"`
		} `json:"renewal"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Tool != "rootip-cert" || rep.Verdict != "problem" || !codeLine.MatchString("サポートコード: "+rep.SupportCode) ||
		rep.Outcomes["net.tcp"] != "refused" || rep.Renewal == nil {
		t.Fatalf("top level: %+v", rep)
	}
	for _, c := range rep.Checks {
		// The renewal state is the one the checklist's renewal row means
		// (issue 19: it was computed apart and could say otherwise).
		if c.ID == "cert.renewal" && rep.Renewal.State != string(supportcode.RenewalOfOutcome(c.Outcome)) {
			t.Errorf("renewal state %q, the checklist's row is %s", rep.Renewal.State, c.Outcome)
		}
		if got, listed := rep.Outcomes[c.ID]; (c.Status != "ok") != listed || listed && got != c.Outcome {
			t.Errorf("outcomes[%s] = %q, check is %s/%s", c.ID, got, c.Status, c.Outcome)
		}
	}
	d := runCLI(t, "", "decode", rep.SupportCode, "--json")
	sameChecks(t, "the report's code", parseDoc(t, d.stdout).Checks, rep.Checks)
}

// TestViewJapaneseReportInEnglish: a report a Japanese user made renders
// in English with the same ids, statuses, outcomes and timings, its
// certificates, steps, screenshots and the tool version that made it —
// without touching a store.
func TestViewJapaneseReportInEnglish(t *testing.T) {
	zipPath, js := japaneseReport(t)
	var rep struct {
		AppVersion  string `json:"app_version"`
		SupportCode string `json:"support_code"`
		Checks      []struct {
			checkDoc
			Duration int64 `json:"duration_ns"`
		} `json:"checks"`
		Certificates []struct {
			SHA256 string `json:"sha256"`
		} `json:"certificates"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(jsonPath, js, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{zipPath, jsonPath} {
		r := runNoStores(t, "view", path, "--lang", "en", "--json")
		if r.code != ExitOK {
			t.Fatalf("view %s: exit %d %s", path, r.code, r.stderr)
		}
		var doc struct {
			runDoc
			ToolVersion string `json:"tool_version"`
			ReportLang  string `json:"report_lang"`
			Checks      []struct {
				checkDoc
				Duration int64 `json:"duration_ns"`
			} `json:"checks"`
			Screenshots []struct {
				Name, Kind string
				Size       int
			} `json:"screenshots"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.ToolVersion != rep.AppVersion || doc.ReportLang != "ja" || doc.SupportCode != rep.SupportCode || doc.Verdict != "problem" ||
			len(doc.Screenshots) != 1 || doc.Screenshots[0].Kind != "browser" || doc.Screenshots[0].Size == 0 {
			t.Fatalf("view %s: %+v", path, doc)
		}
		if len(doc.Checks) != len(rep.Checks) || len(doc.Checks) != 18 {
			t.Fatalf("%d checks, the report has %d", len(doc.Checks), len(rep.Checks))
		}
		for i, c := range rep.Checks {
			g := doc.Checks[i]
			if g.ID != c.ID || g.Status != c.Status || g.Outcome != c.Outcome || g.Duration != c.Duration {
				t.Errorf("check %d: %s/%s/%s %dns, the report has %s/%s/%s %dns", i, g.ID, g.Status, g.Outcome, g.Duration, c.ID, c.Status, c.Outcome, c.Duration)
			}
			if g.Title == "" || japaneseText.MatchString(g.Title+g.Detail) {
				t.Errorf("check %s is not in English: %q %q", g.ID, g.Title, g.Detail)
			}
		}
	}
	r := runNoStores(t, "view", zipPath, "--lang", "en")
	for _, want := range []string{"Made by: rootip-cert " + rep.AppVersion + " (report format 1)", "Report language: ja", "Support code: " + rep.SupportCode,
		"Result: problem found", "✗ Connection to the server [net.tcp/refused, ", "ms] — Could not connect to the server",
		"Manual: “If you cannot access the system” 3-1", "Explain this step: Check that the server can be reached",
		"■ Certificates (1)", "SHA-256 " + rep.Certificates[0].SHA256, "Cleared the browser cache: done",
		"screenshot-1.png: PNG 40×30, ", "browser error screen"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("view text lacks %q:\n%s", want, r.stdout)
		}
	}
	rest := strings.NewReplacer("クライアント証明書.p12", "", "①〜⑦", "", "(個人)", "").Replace(r.stdout)
	if japaneseText.MatchString(rest) {
		t.Errorf("Japanese left in the English view:\n%s", r.stdout)
	}
	// And back in Japanese for a Japanese agent.
	if ja := runNoStores(t, "view", zipPath, "--lang", "ja"); ja.code != ExitOK || !strings.Contains(ja.stdout, "✗ サーバーへの接続 [net.tcp/refused, ") {
		t.Errorf("view ja: %d\n%s", ja.code, ja.stdout)
	}
}

// TestViewRefusesWhatIsNotAReport: a truncated ZIP, a ZIP with an extra or
// a path-traversing entry, a JSON of another tool, a newer format, a
// missing file: exit 4 and a message, in Japanese and English.
func TestViewRefusesWhatIsNotAReport(t *testing.T) {
	zipPath, js := japaneseReport(t)
	good, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	withEntry := func(name string, data []byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, e := range []struct {
			name string
			data []byte
		}{{"report.json", js}, {name, data}} {
			w, err := zw.Create(e.name)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write(e.data)
		}
		_ = zw.Close()
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name, file string
		data       []byte
		ja, en     string
	}{
		{"truncated ZIP", "cut.zip", good[:len(good)/2], "壊れているか、途中まで", "damaged or cut short"},
		{"extra entry", "extra.zip", withEntry("invoice.pdf.exe", []byte("MZ")), "レポート以外の項目があります(invoice.pdf.exe)", "not part of a report (invoice.pdf.exe)"},
		{"parent path", "evil.zip", withEntry("../x", []byte("x")), "危険な名前の項目があります(../x)", "unsafe name (../x)"},
		{"absolute path", "abs.zip", withEntry("/tmp/x", []byte("x")), "危険な名前", "unsafe name (/tmp/x)"},
		{"JSON of another tool", "package.json", []byte(`{"name": "left-pad", "version": "1.3.0"}`), "サポート用レポート(report.json またはその ZIP)ではありません", "not a rootip-cert support report"},
		{"tool marker of another tool", "other.json", []byte(`{"tool": "acme-scanner", "report_format": 1}`), "別のツール(acme-scanner)", "another tool (acme-scanner)"},
		{"newer major format", "new.json", []byte(strings.Replace(string(js), `"report_format": 1`, `"report_format": 3`, 1)), "レポート形式 3", "report format 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			ja := runNoStores(t, "view", path, "--lang", "ja")
			en := runNoStores(t, "view", path, "--lang", "en")
			if ja.code != ExitUnreadable || en.code != ExitUnreadable || ja.stdout != "" || en.stdout != "" {
				t.Fatalf("exit %d/%d, want %d; stdout %q %q", ja.code, en.code, ExitUnreadable, ja.stdout, en.stdout)
			}
			if !strings.Contains(ja.stderr, "サポート用レポートとして開けません") || !strings.Contains(ja.stderr, tc.ja) {
				t.Errorf("ja: %q", ja.stderr)
			}
			if !strings.Contains(en.stderr, "cannot be opened as a support report") || !strings.Contains(en.stderr, tc.en) || japaneseText.MatchString(en.stderr) {
				t.Errorf("en: %q", en.stderr)
			}
			js := runNoStores(t, "view", path, "--json")
			var doc struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil || js.code != ExitUnreadable || doc.Error.Code == "" {
				t.Errorf("--json: %d %q", js.code, js.stdout)
			}
		})
	}
	if r := runNoStores(t, "view", filepath.Join(dir, "missing.zip")); r.code != ExitUnreadable || !strings.Contains(r.stderr, "ファイルを読めません") {
		t.Errorf("missing file: %d %q", r.code, r.stderr)
	}
	if r := runNoStores(t, "view"); r.code != ExitUsage {
		t.Errorf("view without a file: %d", r.code)
	}
}
