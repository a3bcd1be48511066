package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rootip-cert/internal/store"
	"rootip-cert/internal/supportcode"
)

var codeLine = regexp.MustCompile(`(?m)^サポートコード: ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})$`)

var japaneseText = regexp.MustCompile(`[ぁ-んァ-ヶ一-龯]`)

type checkDoc struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Outcome string `json:"outcome"`
	Title   string `json:"title"`
	Detail  string `json:"detail"`
	Known   bool   `json:"known"`
	Guide   struct {
		Manual  string `json:"manual"`
		Page    string `json:"page"`
		Explain string `json:"explain"`
	} `json:"guide"`
}

type runDoc struct {
	SupportCode string            `json:"support_code"`
	Verdict     string            `json:"verdict"`
	Next        string            `json:"next"`
	Outcomes    map[string]string `json:"outcomes"`
	Checks      []checkDoc        `json:"checks"`
}

func parseDoc(t *testing.T, out string) runDoc {
	t.Helper()
	var d runDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	return d
}

func sameChecks(t *testing.T, what string, got, want []checkDoc) {
	t.Helper()
	// The renewal check travels as a row of its own (format 2): the
	// helpdesk sees the renewal the user's checklist showed.
	if len(got) != len(want) {
		t.Fatalf("%s: %d checks, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Status != want[i].Status || got[i].Outcome != want[i].Outcome {
			t.Errorf("%s: check %d = %s/%s/%s, want %s/%s/%s", what, i, got[i].ID, got[i].Status, got[i].Outcome, want[i].ID, want[i].Status, want[i].Outcome)
		}
	}
}

// TestDiagnosePrintsTheCodeAndDecodeShowsTheSameChecklist: the checklist
// run shows its support code (text line and JSON field); `decode CODE`
// gives back the same checks, statuses, outcomes, verdict and next step,
// with facts-free words and the manual's pages, in either language.
func TestDiagnosePrintsTheCodeAndDecodeShowsTheSameChecklist(t *testing.T) {
	f := testdata(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	if r := runWithStores(t, "", []store.Store{m}, "import", f.good); r.code != ExitOK {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	args := []string{"diagnose", "--url", "https://127.0.0.1:1/", "--timeout", "1s"}
	text := runWithStores(t, "", []store.Store{m}, args...)
	found := codeLine.FindStringSubmatch(text.stdout)
	if text.code != ExitFailed || found == nil {
		t.Fatalf("diagnose: exit %d, no 「サポートコード: XXXX-XXXX-XXXX」 line:\n%s", text.code, text.stdout)
	}
	js := runWithStores(t, "", []store.Store{m}, append(args, "--json")...)
	run := parseDoc(t, js.stdout)
	if run.SupportCode != found[1] || run.Verdict != "problem" {
		t.Fatalf("diagnose --json support_code %q verdict %q, text said %q", run.SupportCode, run.Verdict, found[1])
	}
	for _, lang := range []string{"ja", "en"} {
		d := runCLI(t, "", "decode", strings.ToLower(run.SupportCode), "--json", "--lang", lang)
		if d.code != ExitOK {
			t.Fatalf("decode %s: exit %d %s", lang, d.code, d.stderr)
		}
		doc := parseDoc(t, d.stdout)
		sameChecks(t, "decode "+lang, doc.Checks, run.Checks)
		if doc.Verdict != run.Verdict || doc.Next != run.Next || doc.SupportCode != run.SupportCode {
			t.Errorf("decode %s: verdict %s next %s code %s; the run had %s %s %s", lang, doc.Verdict, doc.Next, doc.SupportCode, run.Verdict, run.Next, run.SupportCode)
		}
		for _, c := range doc.Checks {
			if c.Title == "" || c.Detail == "" || !c.Known || c.Guide.Manual == "" || c.Guide.Explain == "" ||
				strings.Contains(c.Detail, "  ") || strings.Contains(c.Detail, "()") || strings.Contains(c.Detail, "()") {
				t.Errorf("decode %s: %s rendered as %+v", lang, c.ID, c)
			}
			if lang == "en" && japaneseText.MatchString(strings.NewReplacer("クライアント証明書.p12", "", "(個人)", "", "①〜⑦", "").Replace(c.Title+c.Detail+c.Guide.Manual+c.Guide.Explain)) {
				t.Errorf("decode en: Japanese in %s: %+v", c.ID, c)
			}
		}
	}
	// Text: the same marks and titles the user saw, with ids, the manual
	// with its page, and the text to read aloud for the failure.
	d := runCLI(t, "", "decode", strings.Split(run.SupportCode, "-")[0], strings.Split(run.SupportCode, "-")[1], strings.Split(run.SupportCode, "-")[2])
	for _, want := range []string{"サポートコード: " + run.SupportCode, "✗ サーバーへの接続 [net.tcp/refused] — サーバー(プロキシを経由するときはプロキシ)に接続できませんでした。",
		"マニュアル: 「電子証明書設定」1 ⑨ ブラウザのポップアップで証明書を選択 p12", "この手順を説明: サーバーまで接続できるかを確認します", "結果: 問題があります。", "OS: Linux"} {
		if d.code != ExitOK || !strings.Contains(d.stdout, want) {
			t.Errorf("decode text lacks %q (exit %d):\n%s%s", want, d.code, d.stdout, d.stderr)
		}
	}
	if strings.Contains(d.stdout, "127.0.0.1") {
		t.Errorf("a fact leaked into a code's checklist:\n%s", d.stdout)
	}
}

// TestDecodeRefusesMistypedCodes: a code read wrong exits 2 with a
// message in the helpdesk's language (Japanese and English), and --json
// gives the reason as a code.
func TestDecodeRefusesMistypedCodes(t *testing.T) {
	code, err := supportcode.Encode(supportcode.Run{Verdict: "problem", OS: supportcode.OSWindows})
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(code, "-", "")
	other := func(c byte) string {
		if c == 'A' {
			return "B"
		}
		return "A"
	}
	for _, tc := range []struct {
		name, in, reason, ja, en string
	}{
		{"one wrong", plain[:5] + other(plain[5]) + plain[6:], "bad-checksum", "どこかの文字が違います", "a character is wrong"},
		{"swapped", swapFirstDifferent(plain), "bad-checksum", "入れ違い", "swapped"},
		{"letter O", "O" + plain[1:], "bad-character", "1 文字目の「O」", `character 1, "O"`},
		{"too short", plain[:9], "bad-length", "9 文字", "wrong number of characters (9"},
		{"only dashes", "ーーー", "bad-length", "文字数が違います", "wrong number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ja := runCLI(t, "", "decode", tc.in, "--lang", "ja")
			en := runCLI(t, "", "decode", tc.in, "--lang", "en")
			if ja.code != ExitUsage || en.code != ExitUsage {
				t.Fatalf("exit %d/%d, want %d", ja.code, en.code, ExitUsage)
			}
			if !strings.Contains(ja.stderr, "サポートコードを読めません") || !strings.Contains(ja.stderr, tc.ja) {
				t.Errorf("ja message %q", ja.stderr)
			}
			if !strings.Contains(en.stderr, "Cannot read the support code") || !strings.Contains(en.stderr, tc.en) || japaneseText.MatchString(en.stderr) {
				t.Errorf("en message %q", en.stderr)
			}
			js := runCLI(t, "", "decode", tc.in, "--json")
			var doc struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil || js.code != ExitUsage || doc.Error.Code != tc.reason || doc.Error.Message == "" {
				t.Errorf("--json: exit %d %q (%v)", js.code, js.stdout, err)
			}
		})
	}
	if r := runCLI(t, "", "decode"); r.code != ExitUsage {
		t.Errorf("decode without a code: exit %d", r.code)
	}
}

func swapFirstDifferent(s string) string {
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
	}
	panic("no two different neighbours in " + s)
}

// TestSavedRunWithoutEveryCheckGetsTheLongerCode: a report made from a
// saved run that lacks checks (an older version's) carries the partial,
// 13-character code, which decodes to exactly the checks the run had.
func TestSavedRunWithoutEveryCheckGetsTheLongerCode(t *testing.T) {
	from := filepath.Join(t.TempDir(), "diag.json")
	doc := `{"verdict":"problem","checks":[{"id":"net.http","status":"fail","outcome":"forbidden","facts":{"status":403},"duration_ns":5}],"failed":1,"warnings":0}`
	if err := os.WriteFile(from, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runWithStores(t, "", nil, "report", "--from", from, "--format", "json")
	rep := parseDoc(t, r.stdout)
	if r.code != ExitOK || !regexp.MustCompile(`^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{5}$`).MatchString(rep.SupportCode) {
		t.Fatalf("report --from: %d, support_code %q", r.code, rep.SupportCode)
	}
	d := runCLI(t, "", "decode", rep.SupportCode, "--json")
	got := parseDoc(t, d.stdout)
	if d.code != ExitOK || len(got.Checks) != 1 || got.Checks[0].ID != "net.http" || got.Checks[0].Outcome != "forbidden" || got.Verdict != "problem" {
		t.Fatalf("decode: %d %+v", d.code, got)
	}
}
