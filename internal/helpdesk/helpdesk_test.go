package helpdesk

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
	"rootip-cert/internal/supportcode"
)

var langs = []i18n.Lang{i18n.JA, i18n.EN}

var japanese = regexp.MustCompile(`[ぁ-んァ-ヶ一-龯]`)

// TestEveryOutcomeRendersWithoutFacts: a finding read from a support code
// (no facts) renders every detail and fix of every check in both languages
// and both audiences as a whole sentence: no template left, no hole, no
// fallback.
func TestEveryOutcomeRendersWithoutFacts(t *testing.T) {
	prof := pkitest.Profile(t)
	holes := regexp.MustCompile(`\(\s*\)|（\s*）|\(\s*、|:\s*。|: \.|\s\s|\s[、。,]|\s\.(\s|$)|^\s|\s$|<no value>|{{|check\.|helpdesk\.`)
	for _, lang := range langs {
		msg := i18n.New(lang)
		fallback := msg.T("helpdesk.detail_in_report")
		for _, d := range check.Catalog {
			for _, o := range d.Outcomes {
				for _, a := range []check.Audience{check.ForCLI, check.ForWindow} {
					f := check.Finding{ID: d.ID, Status: o.Status, Outcome: o.Code}
					text := Describe(f, msg, prof, a)
					if text.Title == "" || text.Detail == "" {
						t.Errorf("%s %s %s/%s: empty text %+v", lang, a, d.ID, o.Code, text)
					}
					for _, s := range []string{text.Title, text.Detail, text.Fix} {
						if s == "" {
							continue
						}
						if holes.MatchString(s) || s == fallback {
							t.Errorf("%s %s %s/%s renders with a hole: %q", lang, a, d.ID, o.Code, s)
						}
					}
					needsFix := o.Status == check.Fail || o.Status == check.Warn || o.Incomplete
					if needsFix && text.Fix == "" {
						t.Errorf("%s %s %s/%s: no fix without facts", lang, a, d.ID, o.Code)
					}
					if lang == i18n.EN && japanese.MatchString(strings.NewReplacer("クライアント証明書.p12", "", "(個人)", "").Replace(text.Detail+text.Fix)) {
						t.Errorf("en %s/%s: Japanese in %q", d.ID, o.Code, text.Detail+text.Fix)
					}
					// The variant is only used when facts are missing.
					det, _ := textKeys(f, msg, a)
					if !NeedsFacts(msg.T(det)) && text.Detail != check.Describe(f, msg, prof, a).Detail {
						t.Errorf("%s/%s: a facts-free detail replaced one that needs no facts", d.ID, o.Code)
					}
				}
			}
		}
	}
	// With facts the usual words stay.
	msg := i18n.New(i18n.EN)
	f := check.Finding{ID: check.NetHTTP, Status: check.Fail, Outcome: "forbidden", Facts: check.Facts{"status": float64(403)}}
	if got, want := Describe(f, msg, prof, check.ForCLI), check.Describe(f, msg, prof, check.ForCLI); got != want {
		t.Errorf("with facts: %+v, want %+v", got, want)
	}
	g := check.Finding{ID: check.CertExpiry, Status: check.Fail, Outcome: "expired", Facts: check.Facts{"name": "acme.rootip-cloud.net", "not_after": "2026-01-10T00:00:00Z"}}
	if d := Describe(g, msg, prof, check.ForCLI).Detail; !strings.Contains(d, "acme.rootip-cloud.net") {
		t.Errorf("with facts the name is lost: %q", d)
	}
}

func TestNeedsFacts(t *testing.T) {
	for tmpl, want := range map[string]bool{
		"plain": false, "from {{.menu}}": false, "{{.support}} {{.menu}}": false, "{{.name}}": true,
		"a{{if .capped_tls12}}b{{end}}": true, "{{with .x}}{{end}}": true, "{{range .list}}{{.}}{{end}}": true, "{{": true,
	} {
		if got := NeedsFacts(tmpl); got != want {
			t.Errorf("NeedsFacts(%q) = %v", tmpl, got)
		}
	}
}

// TestEveryCheckHasGuidance: every check names its manual section (with
// the page where the manual's links give one) and has 「この手順を説明」 in
// both languages.
func TestEveryCheckHasGuidance(t *testing.T) {
	prof := pkitest.Profile(t)
	pages := map[string]string{"install": "5-11", "selection": "12", "login": "29", "check.delete": "30"}
	seen := map[string]bool{}
	for _, lang := range langs {
		msg := i18n.New(lang)
		for _, d := range check.Catalog {
			g := Guide(d.ID, msg, prof)
			if g.Explain == "" || !msg.Has("explain."+d.ID) {
				t.Errorf("%s: no 「この手順を説明」 for %s", lang, d.ID)
			}
			if strings.Contains(g.Explain, "{{") || strings.Contains(g.Explain, "<no value>") || len([]rune(g.Explain)) < 60 {
				t.Errorf("%s %s: explain %q", lang, d.ID, g.Explain)
			}
			if (lang == i18n.JA) != japanese.MatchString(strings.ReplaceAll(g.Explain, "クライアント証明書.p12", "")) {
				t.Errorf("%s %s: explain is in the wrong language: %q", lang, d.ID, g.Explain)
			}
			if seen[g.Explain] {
				t.Errorf("%s %s: explain repeats another check's", lang, d.ID)
			}
			seen[g.Explain] = true
			if g.Section == "" || g.Title == "" || g.Manual == "" || g.Topic != d.Topic {
				t.Errorf("%s %s: manual reference %+v", lang, d.ID, g)
			}
			if want := pages[d.Topic]; g.Page != want || (want != "" && !strings.Contains(g.Manual, want)) {
				t.Errorf("%s %s: page %q (%q), want %q", lang, d.ID, g.Page, g.Manual, want)
			}
		}
	}
	if g := Guide("net.ipv6", i18n.New(i18n.JA), prof); g != (Guidance{}) {
		t.Errorf("unknown check has guidance %+v", g)
	}
	g := Guide(check.NetMTLS, i18n.New(i18n.JA), prof)
	if g.Manual != "マニュアル: 「電子証明書設定」1 ⑨ ブラウザのポップアップで証明書を選択 p12" {
		t.Errorf("manual = %q", g.Manual)
	}
}

// sampleReport is a real report (report.Build) of a Japanese user with one
// screenshot, as JSON and as the ZIP the tool writes.
func sampleReport(t *testing.T) (*report.Report, []byte, []byte) {
	t.Helper()
	p := pkitest.Get(t)
	prof := pkitest.Profile(t)
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	res := check.Result{Findings: []check.Finding{
		{ID: check.CertInstalled, Status: check.OK, Outcome: "installed", Duration: 3 * time.Millisecond,
			Facts: check.Facts{"present": []any{map[string]any{"reader": "chrome-edge", "location": `CurrentUser\MY`}}}},
		{ID: check.CertRenewal, Status: check.Warn, Outcome: "successor-missing", Duration: time.Millisecond,
			Facts: check.Facts{"name": pkitest.Host, "not_after": p.Current.Leaf.NotAfter, "days_left": float64(26)}},
		{ID: check.NetMTLS, Status: check.Fail, Outcome: "wrong-ca", Duration: 80 * time.Millisecond,
			Facts: check.Facts{"name": pkitest.Host, "issuer": "other CA"}},
		{ID: check.NetHTTP, Status: check.Skip, Outcome: check.OutcomeNotReached, Duration: time.Millisecond},
	}}
	res.Count()
	d := flow.Judge(res, u)
	code, err := supportcode.Encode(supportcode.Run{Verdict: string(d.Verdict), Findings: res.Findings, OS: supportcode.OSWindows,
		Browsers: []string{supportcode.BrowserChrome}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Build(report.Input{
		Now: time.Date(2026, 12, 15, 10, 30, 0, 0, time.UTC), AppVersion: "1.4.2", Lang: "ja", UserID: "test@rootip.co.jp", SystemAddress: u,
		OS: machine.OSInfo{Name: "Windows 11 Pro", Version: "23H2", Build: "22631.2861"}, Browsers: []machine.Browser{{Name: "Chrome", Version: "131.0", Running: true}},
		Inventory: []store.Entry{pkitest.Entry(p.Current, "windows", `CurrentUser\MY`, true)}, Result: res, Verdict: string(d.Verdict),
		Next: d.Next.ID, Profile: prof, SupportCode: code, Renewal: &report.Renewal{State: "due", CurrentUntil: p.Current.Leaf.NotAfter},
	})
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 12, 7)))
	if err := rep.AddScreenshotData("error.png", report.ShotBrowser, img.Bytes()); err != nil {
		t.Fatal(err)
	}
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	z, err := rep.ZIP(i18n.New(i18n.JA), prof)
	if err != nil {
		t.Fatal(err)
	}
	return rep, js, z
}

func TestOpenReportZIPAndJSON(t *testing.T) {
	rep, js, z := sampleReport(t)
	prof := pkitest.Profile(t)
	for name, data := range map[string][]byte{"r.zip": z, "report.json": js} {
		v, err := OpenReport(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v.Source != FromReport || v.Code != rep.SupportCode || v.CodeFormat != supportcode.Version() || v.Diagnosis.Verdict != flow.VerdictProblem ||
			!v.Diagnosis.HasNext || v.Diagnosis.Next.ID != check.NetMTLS || v.OSFamily != supportcode.OSWindows || v.Renewal != supportcode.RenewalDue {
			t.Fatalf("%s: view %+v", name, v)
		}
		if len(v.Screenshots) != 1 || v.Screenshots[0].Name != "screenshot-1.png" || v.Screenshots[0].Width != 12 ||
			(name == "r.zip") != (len(v.Screenshots[0].Data) == v.Screenshots[0].Size) {
			t.Errorf("%s: screenshots %+v", name, v.Screenshots)
		}
		items := v.Checklist(i18n.New(i18n.EN), prof, check.ForWindow)
		if len(items) != 4 || items[2].Finding.ID != check.NetMTLS || items[2].Finding.Duration != 80*time.Millisecond ||
			!strings.Contains(items[2].Text.Detail, pkitest.Host) || items[2].Guide.Page != "12" || items[2].Guide.Explain == "" {
			t.Errorf("%s: checklist %+v", name, items)
		}
		fields := map[string]string{}
		for _, f := range v.Summary(i18n.New(i18n.EN), pkitest.Profile(t)) {
			fields[f.Key] = f.Value
		}
		if !strings.Contains(fields["made_by"], "1.4.2") || fields["os"] != "Windows 11 Pro 23H2 (22631.2861)" ||
			!strings.Contains(fields["browsers"], "Chrome 131.0 (running)") || !strings.HasPrefix(fields["renewal"], "Renewal is needed.") ||
			!strings.Contains(fields["support_code"], rep.SupportCode) {
			t.Errorf("%s: summary %v", name, fields)
		}
	}
}

func TestReadReportFromDisk(t *testing.T) {
	_, _, z := sampleReport(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "rootip-report.zip")
	if err := os.WriteFile(p, z, 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := ReadReport(p); err != nil || v.File != "rootip-report.zip" || v.Kind != "zip" {
		t.Fatalf("ReadReport = %+v, %v", v, err)
	}
	var oe *OpenError
	if _, err := ReadReport(filepath.Join(dir, "missing.zip")); !errors.As(err, &oe) || oe.Reason != ReasonUnreadable {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadReport(dir); !errors.As(err, &oe) || oe.Reason != ReasonUnreadable {
		t.Errorf("a directory: %v", err)
	}
	if v, err := ReadReportFrom("dropped.zip", bytes.NewReader(z)); err != nil || v.File != "dropped.zip" || len(v.Diagnosis.Result.Findings) != 4 {
		t.Errorf("ReadReportFrom = %+v, %v", v, err)
	}
	if _, err := readReportFrom("endless", endless{}, 1<<20); !errors.As(err, &oe) || oe.Reason != ReasonTooLarge {
		t.Errorf("an endless stream: %v", err)
	}
	big := filepath.Join(dir, "big.zip")
	f, _ := os.Create(big)
	_ = f.Truncate(MaxReportFile + 1)
	f.Close()
	if _, err := ReadReport(big); !errors.As(err, &oe) || oe.Reason != ReasonTooLarge {
		t.Errorf("a huge file: %v", err)
	}
}

// endless is a stream that never ends (a hostile drop).
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'P'
	}
	return len(p), nil
}

type entry struct {
	name string
	data []byte
}

func makeZIP(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpenReportRefuses: what is not a report is refused with a reason,
// never half-shown.
func TestOpenReportRefuses(t *testing.T) {
	rep, js, z := sampleReport(t)
	shot := rep.Screenshots[0]
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 12, 7)))
	noShots := *rep
	noShots.Screenshots = nil
	plainJS, _ := noShots.JSON()
	newer := strings.Replace(string(js), `"report_format": 1`, `"report_format": 2`, 1)
	for _, tc := range []struct {
		name   string
		data   []byte
		reason string
		entry  string
	}{
		{"truncated ZIP", z[:len(z)*2/3], ReasonBadZIP, ""},
		{"ZIP cut before its directory", z[:len(z)-10], ReasonBadZIP, ""},
		{"extra entry", makeZIP(t, entry{"report.json", js}, entry{"report.txt", []byte("x")}, entry{shot.Name, img.Bytes()}, entry{"setup.exe", []byte("MZ")}), ReasonExtraEntry, "setup.exe"},
		{"unlisted screenshot", makeZIP(t, entry{"report.json", plainJS}, entry{"screenshot-2.png", img.Bytes()}), ReasonExtraEntry, "screenshot-2.png"},
		{"folder entry", makeZIP(t, entry{"report.json", plainJS}, entry{"shots/", nil}), ReasonExtraEntry, "shots/"},
		{"parent path", makeZIP(t, entry{"../x", []byte("x")}, entry{"report.json", plainJS}), ReasonUnsafePath, "../x"},
		{"nested parent path", makeZIP(t, entry{"report.json", plainJS}, entry{"a/../../report.txt", []byte("x")}), ReasonUnsafePath, "a/../../report.txt"},
		{"absolute path", makeZIP(t, entry{"/etc/cron.d/x", []byte("x")}), ReasonUnsafePath, "/etc/cron.d/x"},
		{"windows path", makeZIP(t, entry{`..\..\x.bat`, []byte("x")}), ReasonUnsafePath, `..\..\x.bat`},
		{"drive path", makeZIP(t, entry{`C:/x.bat`, []byte("x")}), ReasonUnsafePath, `C:/x.bat`},
		{"duplicate entry", makeZIP(t, entry{"report.json", plainJS}, entry{"report.json", plainJS}), ReasonDuplicateEntry, "report.json"},
		{"entry over its cap", makeZIP(t, entry{"report.json", append(plainJS, bytes.Repeat([]byte(" "), MaxReportJSON)...)}), ReasonEntryTooLarge, "report.json"},
		{"text over its cap", makeZIP(t, entry{"report.json", plainJS}, entry{"report.txt", bytes.Repeat([]byte("a"), MaxReportText+1)}), ReasonEntryTooLarge, "report.txt"},
		{"no report.json", makeZIP(t, entry{"report.txt", []byte("hello")}), ReasonMissingEntry, "report.json"},
		{"listed screenshot missing", makeZIP(t, entry{"report.json", js}, entry{"report.txt", []byte("x")}), ReasonMissingEntry, shot.Name},
		{"screenshot not an image", makeZIP(t, entry{"report.json", js}, entry{shot.Name, []byte("not a png")}), ReasonBadScreenshot, shot.Name},
		{"JSON of another tool", []byte(`{"tool": "eslint", "version": "9.0.0"}`), ReasonOtherTool, ""},
		{"package.json", []byte(`{"name": "x", "version": "1.0.0", "dependencies": {}}`), ReasonNotReport, ""},
		{"a diagnose --json run", []byte(`{"verdict":"problem","firefox_profiles":[{"name":"evil\n✓ all good","location":"/x"}],"checks":[{"id":"net.http","status":"fail","outcome":"forbidden"}],"failed":1}`), ReasonNotReport, ""},
		{"a JSON array", []byte(`[1, 2, 3]`), ReasonNotReport, ""},
		{"broken JSON", js[:len(js)/2], ReasonNotReport, ""},
		{"a newer major format", []byte(newer), ReasonNewerFormat, ""},
		{"a newer major format in a ZIP", makeZIP(t, entry{"report.json", []byte(newer)}), ReasonNewerFormat, "report.json"},
		{"a PNG", img.Bytes(), ReasonNotReport, ""},
		{"empty", nil, ReasonNotReport, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := OpenReport("f", tc.data)
			var oe *OpenError
			if !errors.As(err, &oe) || v != nil || !errors.Is(err, ErrNotAReport) {
				t.Fatalf("OpenReport = %v, %v; want a refusal", v, err)
			}
			if oe.Reason != tc.reason || oe.Entry != tc.entry {
				t.Fatalf("refused as %s %q (%v), want %s %q", oe.Reason, oe.Entry, err, tc.reason, tc.entry)
			}
			for _, lang := range langs {
				m := OpenMessage(i18n.New(lang), "f", err)
				if !strings.HasPrefix(m, "f ") || strings.Contains(m, "view.") || strings.Contains(m, "{{") || (lang == i18n.JA) != japanese.MatchString(m) {
					t.Errorf("%s message %q", lang, m)
				}
			}
		})
	}
}

// TestOpenReportIsData: a report made before the tool/format markers is
// still read; hostile text in it is shown on one line without control
// characters; a check of a newer version is kept as data.
func TestOpenReportIsData(t *testing.T) {
	legacy := `{"generated":"2026-12-01T00:00:00Z","app_version":"0.9.0","lang":"ja","user_id":"u\u001b[31m\nFAKE: ok","system_address":"",` +
		`"verdict":"problem","firefox_profiles":[{"name":"evil\n✓ all good","location":"/x"}],"checks":[{"id":"net.http","status":"ok","outcome":"forbidden","facts":{"status":403},"duration_ns":5},` +
		`{"id":"net.quic","status":"fail","outcome":"blocked","duration_ns":1}],"steps":[],"screenshots":[]}`
	v, err := OpenReport("old.json", []byte(legacy))
	if err != nil {
		t.Fatal(err)
	}
	f := v.Diagnosis.Result.Findings
	if len(f) != 1 || f[0].Status != check.Fail || len(v.Unknown) != 1 || v.Unknown[0].ID != "net.quic" || v.Report.Format != 1 {
		t.Fatalf("findings %+v unknown %+v", f, v.Unknown)
	}
	for _, fl := range v.Summary(i18n.New(i18n.EN), pkitest.Profile(t)) {
		if strings.ContainsAny(fl.Label+fl.Value, "\x1b\n") {
			t.Errorf("%s = %q", fl.Key, fl.Value)
		}
	}
	items := v.Checklist(i18n.New(i18n.EN), pkitest.Profile(t), check.ForCLI)
	if len(items) != 2 || items[1].Known || items[1].Finding.Outcome != "blocked" {
		t.Errorf("items %+v", items)
	}
}

// TestOpenCode: a code reads back as the same checklist, judged with the
// verdict the user saw; a mistyped one is refused in words in both
// languages.
func TestOpenCode(t *testing.T) {
	_, js, _ := sampleReport(t)
	rv, err := OpenReport("r.json", js)
	if err != nil {
		t.Fatal(err)
	}
	v, err := OpenCode(strings.ToLower(strings.ReplaceAll(rv.Code, "-", " ")))
	if err != nil {
		t.Fatal(err)
	}
	if v.Code != rv.Code || v.Source != FromCode || v.Diagnosis.Verdict != rv.Diagnosis.Verdict || v.Diagnosis.Next.ID != rv.Diagnosis.Next.ID ||
		v.Diagnosis.URL != nil || v.OSFamily != supportcode.OSWindows || v.Renewal != supportcode.RenewalDue {
		t.Fatalf("code view %+v", v)
	}
	prof := pkitest.Profile(t)
	for _, lang := range langs {
		msg := i18n.New(lang)
		a, b := v.Checklist(msg, prof, check.ForCLI), rv.Checklist(msg, prof, check.ForCLI)
		if len(a) != len(b) {
			t.Fatalf("%d items from the code, %d from the report", len(a), len(b))
		}
		for i := range a {
			if a[i].Finding.ID != b[i].Finding.ID || a[i].Finding.Status != b[i].Finding.Status || a[i].Finding.Outcome != b[i].Finding.Outcome ||
				a[i].Text.Title != b[i].Text.Title || a[i].Guide != b[i].Guide {
				t.Errorf("%s item %d: %+v vs %+v", lang, i, a[i], b[i])
			}
		}
		if v.NextFix(msg, prof, check.ForCLI) == "" {
			t.Errorf("%s: no next step", lang)
		}
	}
	plain := strings.ReplaceAll(v.Code, "-", "")
	swapped := plain[:3] + plain[4:5] + plain[3:4] + plain[5:]
	for _, bad := range []string{"0000-0000-0000", plain[:10], swapped, "", plain[:4] + "I" + plain[5:]} {
		if bad == plain {
			continue
		}
		_, err := OpenCode(bad)
		if err == nil {
			t.Fatalf("%q accepted", bad)
		}
		for _, lang := range langs {
			m := CodeMessage(i18n.New(lang), err)
			if strings.Contains(m, "decode.") || strings.Contains(m, "{{") || (lang == i18n.JA) != japanese.MatchString(m) {
				t.Errorf("%s: %q → %q", lang, bad, m)
			}
		}
	}
}
