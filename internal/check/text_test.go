package check

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
)

// TestEveryOutcomeHasItsWords: each declared outcome of each check has a
// title, a detail and — when it fails, warns or leaves the run incomplete —
// a fix, in Japanese and in English, and rendering leaves no placeholder.
func TestEveryOutcomeHasItsWords(t *testing.T) {
	prof := pkitest.Profile(t)
	facts := Facts{"name": "acme.rootip-cloud.net", "issuer": "rootip-cloud.net", "not_after": time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC),
		"days_left": 36, "host": "acme.rootip-cloud.net", "count": 2, "error_code": ErrRefused, "code": "corrupt"}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		msg := i18n.New(lang)
		for _, d := range Catalog {
			if !msg.Has("check." + d.ID + ".title") {
				t.Errorf("%s: no title for %s", lang, d.ID)
			}
			if _, ok := prof.ManualRef(d.Topic); !ok {
				t.Errorf("%s: manual topic %q is not in the profile", d.ID, d.Topic)
			}
			for _, o := range d.Outcomes {
				key := "check." + d.ID + "." + o.Code
				if !msg.Has(key) && !msg.Has("check.common."+o.Code) {
					t.Errorf("%s: no detail for %s/%s", lang, d.ID, o.Code)
				}
				f := Finding{ID: d.ID, Status: o.Status, Outcome: o.Code, Facts: normalize(facts)}
				for _, a := range []Audience{ForCLI, ForWindow} {
					text := Describe(f, msg, prof, a)
					needsFix := o.Status == Fail || o.Status == Warn || o.Incomplete
					if needsFix && text.Fix == "" {
						t.Errorf("%s %s: no fix for %s/%s", lang, a, d.ID, o.Code)
					}
					if needsFix && text.Manual == "" {
						t.Errorf("%s %s: no manual reference for %s/%s", lang, a, d.ID, o.Code)
					}
					all := text.Title + text.Detail + text.Fix
					if strings.Contains(all, "{{") || strings.Contains(all, "<no value>") || strings.Contains(all, "check.") {
						t.Errorf("%s %s: %s/%s renders a placeholder: %q", lang, a, d.ID, o.Code, all)
					}
					if a == ForWindow && strings.Contains(text.Fix, "rootip-cert ") || a == ForWindow && strings.Contains(text.Fix, "--") {
						t.Errorf("%s: the window's fix for %s/%s names a command: %q", lang, d.ID, o.Code, text.Fix)
					}
				}
			}
		}
	}
}

func TestRenderingFormatsFacts(t *testing.T) {
	ja, en := i18n.New(i18n.JA), i18n.New(i18n.EN)
	f := Finding{ID: CertInstalled, Status: Warn, Outcome: "partly", Facts: normalize(Facts{
		"present": []any{map[string]any{"reader": "firefox", "profile": "default-release", "location": "/ff"}},
		"missing": []any{map[string]any{"reader": "chrome-edge", "location": `CurrentUser\MY`}},
	})}
	if d := Describe(f, ja, pkitest.Profile(t), ForCLI).Detail; !strings.Contains(d, "Firefox(プロファイル default-release)") ||
		!strings.Contains(d, "Chrome / Edge(Windows の個人ストア)") {
		t.Errorf("ja detail = %q", d)
	}
	g := Finding{ID: CertExpiry, Status: OK, Outcome: "valid", Facts: normalize(Facts{"name": "a\x1b[31mb", "not_after": time.Date(2027, 1, 10, 3, 0, 0, 0, time.UTC), "days_left": -2})}
	d := Describe(g, en, pkitest.Profile(t), ForCLI).Detail
	if !strings.Contains(d, "Jan 10, 2027") || !strings.Contains(d, "expired 2 days ago") || strings.Contains(d, "\x1b") {
		t.Errorf("en detail = %q", d)
	}
}

func TestEveryNetworkErrorHasWords(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		msg := i18n.New(lang)
		for _, code := range []string{ErrRefused, ErrNoHost, ErrTimeout, ErrReset, ErrUnreachable, ErrClosed, ErrTLSAlert, ErrTLSVersion, ErrCertificate, ErrOther} {
			if !msg.Has("neterr." + code) {
				t.Errorf("%s: no words for network error %s", lang, code)
			}
		}
	}
}

// TestWindowStringsNameNoCommand: every sentence the window says (the gui.*
// messages: home, the wizard, the renewal step and its reminder toggle)
// and the reminder's notification, which opens the window, never name a
// command or a flag, in either language.
func TestWindowStringsNameNoCommand(t *testing.T) {
	checked := 0
	err := i18n.Each(func(lang i18n.Lang, k, s string) {
		if !strings.HasPrefix(k, "gui.") && !strings.HasPrefix(k, "remind.body.") && k != "remind.title" && k != "remind.action" {
			return
		}
		checked++
		if strings.Contains(s, "rootip-cert ") || strings.Contains(s, "--") {
			t.Errorf("%s %s names a command: %q", lang, k, s)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"gui.renewal.fetch", "gui.renewal.install", "gui.renewal.pick", "gui.reminder.toggle"} {
		if !i18n.New(i18n.JA).Has(k) || !i18n.New(i18n.EN).Has(k) {
			t.Errorf("the renewal step's %s is missing", k)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d window messages checked", checked)
	}
}

// A fix is shown alone as the next step ("Next step: …"), without the
// detail above it: a pronoun in it must have its noun in the fix itself,
// never "Type it into …" where "it" stands for nothing.
func TestEnglishFixesStandAlone(t *testing.T) {
	var keys []string
	if err := i18n.Each(func(l i18n.Lang, k, _ string) {
		if l == i18n.EN {
			keys = append(keys, k)
		}
	}); err != nil {
		t.Fatal(err)
	}
	pronoun := regexp.MustCompile(`(?i)\b(it|them|that store|the wrong one|that environment)\b`)
	noun := regexp.MustCompile(`(?i)\b(certificates?|address|file|browsers?|store|database|key|pc|server|network|connection|environment)\b`)
	checked := 0
	for _, k := range keys {
		if !strings.HasPrefix(k, "check.") || !strings.Contains(k, ".fix") {
			continue
		}
		checked++
		s := i18n.New(i18n.EN).T(k)
		p := pronoun.FindStringIndex(s)
		if p == nil {
			continue
		}
		if n := noun.FindStringIndex(s); n == nil || n[0] > p[0] {
			t.Errorf("%s: %q says %q before naming what it means", k, s, s[p[0]:p[1]])
		}
	}
	if checked < 50 {
		t.Fatalf("only %d fixes checked", checked)
	}
}

// TestDNSDetailSaysItOnce: a name the DNS does not know is said once
// (not 「見つかりません(アドレスが見つかりません)」); other causes keep
// their words.
func TestDNSDetailSaysItOnce(t *testing.T) {
	for _, tc := range []struct {
		lang       i18n.Lang
		code, want string
	}{
		{i18n.JA, ErrNoHost, "demo.example が見つかりません(DNS にこの名前が登録されていません)。"},
		{i18n.EN, ErrNoHost, "demo.example was not found (the DNS has no such name)."},
		{i18n.JA, ErrTimeout, "demo.example が見つかりません(時間切れになりました)。"},
		{i18n.EN, ErrTimeout, "demo.example was not found (it timed out)."},
	} {
		t.Run(string(tc.lang)+"/"+tc.code, func(t *testing.T) {
			f := Finding{ID: NetDNS, Status: Fail, Outcome: "failed", Facts: normalize(Facts{"host": "demo.example", "error_code": tc.code})}
			if d := Describe(f, i18n.New(tc.lang), pkitest.Profile(t), ForCLI).Detail; d != tc.want {
				t.Errorf("detail = %q, want %q", d, tc.want)
			}
		})
	}
}

// TestInstallManualIsThisOSs: the fix for a missing certificate cites the
// manual's install steps for this OS: Windows' only on Windows.
func TestInstallManualIsThisOSs(t *testing.T) {
	f := Finding{ID: CertInstalled, Status: Fail, Outcome: "missing", Facts: normalize(Facts{})}
	m := Describe(f, i18n.New(i18n.JA), pkitest.Profile(t), ForCLI).Manual
	want := map[string]string{"windows": "(Windows)", "darwin": "(Mac)"}[runtime.GOOS]
	if want == "" {
		want = "(Firefox)"
	}
	if !strings.Contains(m, want) || (runtime.GOOS != "windows" && strings.Contains(m, "Windows")) {
		t.Errorf("manual on %s = %q, want the section with %q", runtime.GOOS, m, want)
	}
}

// TestInstallManualIsTheMissingStores: the fix for a certificate missing
// from a browser's store cites the manual's steps for that browser: the
// Firefox supplement for a Firefox profile, Windows' steps for the 個人
// store, the Mac supplement for the keychain, and none at all for Chrome
// or Chromium on Linux (the manual has no steps for it: not Firefox's).
func TestInstallManualIsTheMissingStores(t *testing.T) {
	store := func(reader string) map[string]any { return map[string]any{"reader": reader, "location": "/x"} }
	for _, tc := range []struct {
		name    string
		outcome string
		facts   Facts
		want    string // "" for no manual section
	}{
		{"Chrome on Linux", "missing", Facts{"missing": []any{store("chrome-linux")}}, ""},
		{"the demo's scratch store", "missing", Facts{"missing": []any{store("scratch")}}, ""},
		{"Firefox", "missing", Facts{"missing": []any{store("firefox")}}, "(Firefox)"},
		{"Firefox and Chrome on Linux", "missing", Facts{"missing": []any{store("chrome-linux"), store("firefox")}}, "(Firefox)"},
		{"Windows' 個人 store", "missing", Facts{"missing": []any{store("chrome-edge"), store("firefox")}}, "(Windows)"},
		{"the keychain", "missing", Facts{"missing": []any{store("keychain")}}, "(Mac)"},
		{"partly: Chrome on Linux missing", "partly", Facts{"present": []any{store("firefox")}, "missing": []any{store("chrome-linux")}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding(CertInstalled, tc.outcome, tc.facts)
			for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
				got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForCLI)
				if got.Fix == "" {
					t.Fatalf("%s: no fix", lang)
				}
				if tc.want == "" && got.Manual != "" || tc.want != "" && !strings.Contains(got.Manual, tc.want) {
					t.Errorf("%s: manual %q, want %q", lang, got.Manual, tc.want)
				}
			}
		})
	}
}
