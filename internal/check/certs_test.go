package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// certChecks are the certificate items of the list.
var certChecks = Select(CertFile, CertInstalled, CertLocation, CertKey, CertExpiry, CertStale, CertMultiple, CertMatch, FirefoxProfiles)

// expect compares outcomes by check id; a missing id is a failure.
func expect(t *testing.T, res Result, want map[string]string) {
	t.Helper()
	for id, outcome := range want {
		f, ok := res.Find(id)
		if !ok {
			t.Errorf("%s: no finding (the run has %d)", id, len(res.Findings))
			continue
		}
		if f.Outcome != outcome {
			t.Errorf("%s = %s/%s, want %s (facts %v)", id, f.Status, f.Outcome, outcome, f.Facts)
		}
	}
}

var twoStores = []StoreInfo{
	{Kind: "nss", Location: "/ff", Reader: store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}, Expected: true},
	{Kind: "nss", Location: "/chrome", Reader: store.Reader{Kind: store.ReaderChromeLinux}, Expected: true},
}

func certEnv(t *testing.T, entries []store.Entry, misplaced []store.Entry) *Env {
	t.Helper()
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	return &Env{Profile: pkitest.Profile(t), URL: u, Now: func() time.Time { return pkitest.Now },
		Inventory: Inventory{Stores: append([]StoreInfo(nil), twoStores...), Entries: entries, Misplaced: misplaced}} // a copy: tests change a store's fields
}

func TestCertificateChecks(t *testing.T) {
	p := pkitest.Get(t)
	cur := func(loc string, key bool) store.Entry { return pkitest.Entry(p.Current, "nss", loc, key) }
	succ := func(loc string, key bool) store.Entry { return pkitest.Entry(p.Successor, "nss", loc, key) }
	old := func(loc string, key bool) store.Entry { return pkitest.Entry(p.Expired, "nss", loc, key) }
	other := func(loc string, key bool) store.Entry { return pkitest.Entry(p.OtherEnv, "nss", loc, key) }
	for _, tc := range []struct {
		name      string
		entries   []store.Entry
		misplaced []store.Entry
		want      map[string]string
	}{
		{"nothing installed", nil, nil, map[string]string{
			CertInstalled: "missing", CertKey: "none", CertExpiry: "none", CertMatch: "none", CertMultiple: "none", CertFile: "no-file"}},
		{"successor everywhere", []store.Entry{succ("/ff", true), succ("/chrome", true)}, nil, map[string]string{
			CertInstalled: "installed", CertLocation: "fine", CertKey: "linked", CertExpiry: "valid", CertStale: "none",
			CertMultiple: "single", CertMatch: "match", FirefoxProfiles: "all"}},
		{"renewal pair and an expired leftover", []store.Entry{old("/ff", true), cur("/ff", true), succ("/ff", true), succ("/chrome", true)}, nil,
			map[string]string{CertInstalled: "installed", CertExpiry: "valid", CertStale: "stale", CertMultiple: "several"}},
		{"only Chrome has it", []store.Entry{succ("/chrome", true)}, nil, map[string]string{
			CertInstalled: "partly", FirefoxProfiles: "without"}},
		{"certificate without its key", []store.Entry{succ("/ff", false), succ("/chrome", false)}, nil, map[string]string{
			CertInstalled: "missing", CertKey: "no-key"}},
		{"the old one in the renewal window", []store.Entry{cur("/ff", true), cur("/chrome", true)}, nil, map[string]string{
			CertExpiry: "expiring", CertInstalled: "installed"}},
		{"only an expired one", []store.Entry{old("/ff", true), old("/chrome", true)}, nil, map[string]string{
			CertInstalled: "missing", CertExpiry: "expired", CertStale: "stale"}},
		{"another environment", []store.Entry{other("/ff", true), other("/chrome", true)}, nil, map[string]string{
			CertMatch: "other-env"}},
		{"wrong store", []store.Entry{succ("/ff", true), succ("/chrome", true)}, []store.Entry{succ(`CurrentUser\ADDRESSBOOK`, false)},
			map[string]string{CertLocation: "misplaced"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := RunDefs(context.Background(), certEnv(t, tc.entries, tc.misplaced), certChecks, time.Second)
			expect(t, res, tc.want)
		})
	}
}

func TestUnreadableStoreIsNotMissing(t *testing.T) {
	p := pkitest.Get(t)
	env := certEnv(t, []store.Entry{pkitest.Entry(p.Successor, "nss", "/chrome", true)}, nil)
	env.Inventory.Stores[0].ListErr = context.DeadlineExceeded
	res := RunDefs(context.Background(), env, certChecks, time.Second)
	expect(t, res, map[string]string{CertInstalled: "partly", FirefoxProfiles: "without"})
	env = certEnv(t, nil, nil)
	env.Inventory.Stores[0].ListErr, env.Inventory.Stores[1].ListErr = context.DeadlineExceeded, context.DeadlineExceeded
	expect(t, RunDefs(context.Background(), env, certChecks, time.Second), map[string]string{CertInstalled: "unreadable"})
}

// TestUnreadableProfileListIsNotNoFirefox: a profiles.ini that cannot be
// read is said as such, with why, never as "Firefox was not found".
func TestUnreadableProfileListIsNotNoFirefox(t *testing.T) {
	env := certEnv(t, nil, nil)
	env.Inventory.Stores = env.Inventory.Stores[1:] // only Chrome's database was found
	const ini = "/home/u/.mozilla/firefox/profiles.ini"
	env.Inventory.Unlisted = []store.Unlisted{{Reader: store.Reader{Kind: store.ReaderFirefox}, Path: ini,
		Err: &boundedio.NotRegularError{Path: ini, Mode: fs.ModeNamedPipe}}}
	res := RunDefs(context.Background(), env, certChecks, time.Second)
	expect(t, res, map[string]string{FirefoxProfiles: "unreadable"})
	f, _ := res.Find(FirefoxProfiles)
	if f.Status != Warn || f.Facts.String("file") != ini || f.Facts.String("read_error") != ReadFIFO {
		t.Fatalf("firefox.profiles = %s %v", f.Status, f.Facts)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.JA: {"プロファイル一覧", ini, "名前付きパイプ"},
		i18n.EN: {"profile list", ini, "named pipe"},
	} {
		text := Describe(f, i18n.New(lang), pkitest.Profile(t), ForCLI)
		for _, w := range want {
			if !strings.Contains(text.Detail, w) {
				t.Errorf("%s: %q does not say %q", lang, text.Detail, w)
			}
		}
		if text.Fix == "" {
			t.Errorf("%s: no fix", lang)
		}
	}
	for err, kind := range map[error]string{
		fs.ErrPermission: ReadDenied, &boundedio.TooLargeError{Path: ini, Max: 1}: ReadTooLarge,
		&boundedio.NotRegularError{Path: ini, Mode: fs.ModeDir}: ReadDirectory, errors.New("i/o error"): ReadOther,
	} {
		if got := ReadErrorKind(fmt.Errorf("read %s: %w", ini, err)); got != kind {
			t.Errorf("ReadErrorKind(%v) = %s, want %s", err, got, kind)
		}
	}
}

func TestMultipleSaysWhichToPick(t *testing.T) {
	p := pkitest.Get(t)
	env := certEnv(t, []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true), pkitest.Entry(p.Successor, "nss", "/ff", true),
		pkitest.Entry(p.OtherEnv, "nss", "/ff", true)}, nil)
	res := RunDefs(context.Background(), env, certChecks, time.Second)
	f, _ := res.Find(CertMultiple)
	// The successor: it names the system address and ends last among those that do.
	if f.Outcome != "several" || f.Facts.String("sha256") != p.Successor.SHA256() || f.Facts["count"] != float64(3) || !f.Facts.Bool("matches_address") {
		t.Fatalf("cert.multiple = %s %v, want the successor %s", f.Outcome, f.Facts, p.Successor.SHA256())
	}
}

func TestRunnerDependenciesAndDeadline(t *testing.T) {
	slow := Def{ID: "slow", run: func(ctx context.Context, e *Env, _ map[string]Finding) Finding {
		<-ctx.Done() // a check that never finishes on its own
		return Finding{Status: Fail, Outcome: "gave-up"}
	}}
	after := Def{ID: "after", Deps: []string{"slow"}, run: func(_ context.Context, e *Env, deps map[string]Finding) Finding {
		if deps["slow"].Status != Fail {
			return Finding{Status: Fail, Outcome: "ran-first"}
		}
		return Finding{Status: Skip, Outcome: OutcomeNotReached}
	}}
	start := time.Now()
	res := RunDefs(context.Background(), &Env{Profile: pkitest.Profile(t)}, []Def{after, slow}, 500*time.Millisecond)
	if el := time.Since(start); el > 3*time.Second { // generous: the bound is 0.8 s
		t.Fatalf("run took %s", el)
	}
	if res.Findings[0].ID != "after" || res.Findings[0].Outcome != OutcomeNotReached || res.Findings[1].Status != Fail || res.Failed != 1 {
		t.Fatalf("results = %+v", res.Findings)
	}
}

// TestFileNamedButNeverRead: a certificate file given without its
// identity (the window before the password step) is no file to check,
// never a crash.
func TestFileNamedButNeverRead(t *testing.T) {
	env := certEnv(t, nil, nil)
	env.P12Path, env.Identity, env.P12Err = "/downloads/クライアント証明書.p12", nil, nil
	expect(t, RunDefs(context.Background(), env, certChecks, time.Second), map[string]string{CertFile: "no-file"})
}

// TestInstalledFirefoxWithoutProfile: Firefox installed (the report's
// browser facts list it) but never started has no profile: that is said,
// never "Firefox was not found"; without Firefox it stays no-firefox.
func TestInstalledFirefoxWithoutProfile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		browsers []machine.Browser
		want     string
	}{
		{"firefox-esr installed", []machine.Browser{{Name: "Chromium", Version: "1"}, {Name: "Firefox ESR", Version: "153.0"}}, "not-started"},
		{"no firefox", []machine.Browser{{Name: "Chromium", Version: "1"}}, "no-firefox"},
		{"browsers unknown", nil, "no-firefox"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := certEnv(t, nil, nil)
			env.Inventory.Stores = env.Inventory.Stores[1:] // no Firefox profile
			if tc.browsers != nil {
				env.Browsers = func() []machine.Browser { return tc.browsers }
			}
			res := RunDefs(context.Background(), env, certChecks, time.Second)
			expect(t, res, map[string]string{FirefoxProfiles: tc.want})
			f, _ := res.Find(FirefoxProfiles)
			if d := Describe(f, i18n.New(i18n.JA), env.Profile, ForCLI).Detail; tc.want == "not-started" && !strings.Contains(d, "インストールされていますが、まだ一度も起動されていない") {
				t.Errorf("detail = %q", d)
			}
		})
	}
}

// TestDemoLeavesFirefoxOut: the demo's inventory is its scratch store
// alone, so the Firefox row says the demo does not use Firefox, whatever
// the machine's Firefox is (it said 「まだ一度も起動されていない」 to a
// tryout whose Firefox had two profiles).
func TestDemoLeavesFirefoxOut(t *testing.T) {
	env := certEnv(t, nil, nil)
	env.Inventory.Stores = []StoreInfo{{Kind: "nss", Location: "/tmp/demo/nssdb", Reader: store.Reader{Kind: store.ReaderScratch}, Expected: true}}
	env.Browsers = func() []machine.Browser { return []machine.Browser{{Name: "Firefox ESR", Version: "153.0"}} }
	res := RunDefs(context.Background(), env, certChecks, time.Second)
	expect(t, res, map[string]string{FirefoxProfiles: "no-firefox"}) // (the support code's outcomes are fixed)
	f, _ := res.Find(FirefoxProfiles)
	for lang, want := range map[i18n.Lang]string{i18n.JA: "デモでは", i18n.EN: "In the demo"} {
		if d := Describe(f, i18n.New(lang), env.Profile, ForWindow).Detail; !strings.Contains(d, want) || f.Status != Skip || f.Facts["demo"] != true {
			t.Errorf("%s: %s %q", lang, f.Status, d)
		}
	}
}

// TestStaleRowNamesTheStoreAsTheUserKnowsIt: the expired-certificate row
// names the browsers that read the store the certificate is in, never the
// folder path (「…1 件残っています: 2026/01/10 /home/u/.pki/nssdb。」); the
// path stays in the facts for the helpdesk.
func TestStaleRowNamesTheStoreAsTheUserKnowsIt(t *testing.T) {
	p := pkitest.Get(t)
	env := certEnv(t, []store.Entry{pkitest.Entry(p.Successor, "nss", "/chrome", true), pkitest.Entry(p.Expired, "nss", "/chrome", true)}, nil)
	res := RunDefs(context.Background(), env, Select(CertStale), time.Second)
	f, _ := res.Find(CertStale)
	if f.Outcome != "stale" {
		t.Fatalf("cert.stale = %s", f.Outcome)
	}
	for lang, want := range map[i18n.Lang]string{
		i18n.JA: "期限切れの証明書が 1 件残っています: 有効期限 " + i18n.New(i18n.JA).Date(p.Expired.Leaf.NotAfter) + "(Chrome / Chromium)。",
		i18n.EN: "Expired certificates remain (1): expired " + i18n.New(i18n.EN).Date(p.Expired.Leaf.NotAfter) + " (Chrome / Chromium).",
	} {
		got := Describe(f, i18n.New(lang), env.Profile, ForWindow).Detail
		if got != want || strings.Contains(got, "/chrome") {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	items, _ := f.Facts["certificates"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["location"] != "/chrome" {
		t.Errorf("the facts lost the store's path: %v", f.Facts)
	}
}
