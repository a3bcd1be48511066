package flow

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/storetest"
)

// holding is an NSS store at /ff that holds id with its key.
func holding(id *certfile.Identity) *store.Memory {
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(id, "nss", "/ff", true))
	return m
}

func testFlow(t *testing.T, stores ...store.Store) *Flow {
	t.Helper()
	finds := 0
	return New(Deps{
		Profile: pkitest.Profile(t), Now: func() time.Time { return pkitest.Now }, Version: "test",
		SettingsPath: t.TempDir() + "/settings.json",
		Find: func(store.Selection) ([]store.Store, error) {
			finds++
			if finds > 1 {
				t.Errorf("stores discovered %d times", finds)
			}
			return stores, nil
		},
		Machine: machine.Source{Proxy: func() machine.Proxy {
			return machine.Proxy{Source: machine.ProxyWinINet, HTTPS: "proxy.example.co.jp:8080"}
		}},
	}, store.Selection{})
}

// TestInstallStreamsAndWaitsForAll: results arrive as each store finishes
// (here the second before the first), and Install returns only when all
// have finished — not when the last index reports.
func TestInstallStreamsAndWaitsForAll(t *testing.T) {
	p := pkitest.Get(t)
	first := storetest.NewGated(store.KindNSS, "/a")
	second := storetest.NewGated(store.KindNSS, "/b")
	broken := store.NewMemory(store.KindNSS, "/c")
	broken.FailImport = errors.New("disk full")
	f := testFlow(t, first, second, broken)
	var mu sync.Mutex
	var order []string
	done := make(chan Installed)
	go func() {
		res, err := f.Install(context.Background(), InstallRequest{Identity: p.Successor}, func(r InstallResult) {
			mu.Lock()
			order = append(order, r.Target.Store.Location())
			mu.Unlock()
		})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	second.Release()
	time.Sleep(50 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("Install returned before every store finished")
	default:
	}
	first.Release()
	res := <-done
	if res.Imported != 2 || res.Failed != 1 || len(res.Results) != 3 || res.Results[0].Target.Store != first {
		t.Fatalf("result = %+v", res)
	}
	if len(order) != 3 || order[len(order)-1] != "/a" {
		t.Errorf("streamed in order %v, want /a last", order)
	}
	if f.Settings().LastImport.IsZero() {
		t.Error("the last import was not remembered")
	}
}

func TestInstallTimesOutEveryStraggler(t *testing.T) {
	p := pkitest.Get(t)
	stuck := storetest.NewGated(store.KindNSS, "/stuck")
	defer stuck.Release()
	f := testFlow(t, stuck)
	start := time.Now()
	res, _ := f.Install(context.Background(), InstallRequest{Identity: p.Successor, Timeout: 200 * time.Millisecond}, nil)
	if time.Since(start) > 2*time.Second || res.Failed != 1 || res.Results[0].Status != Failed {
		t.Fatalf("result = %+v after %s", res, time.Since(start))
	}
}

func TestInstallRefusesExpiredBeforeWriting(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/a")
	f := testFlow(t, m)
	if _, err := f.Install(context.Background(), InstallRequest{Identity: p.Expired}, nil); !errors.Is(err, ErrRefusedValidity) {
		t.Fatalf("err = %v", err)
	}
	if m.Imports() != 0 {
		t.Fatal("an expired certificate was written")
	}
}

// TestReportFromSavedRunKeepsInventory: a report rebuilt from a saved run
// lists the same certificates as the live one (the inventory comes from
// the flow, not from inside the checklist) and renders from data in any
// language.
func TestReportFromSavedRunKeepsInventory(t *testing.T) {
	p := pkitest.Get(t)
	f := testFlow(t, holding(p.Successor))
	live := f.Diagnose(context.Background(), DiagnoseRequest{Timeout: time.Second})
	liveRep, err := f.Report(context.Background(), ReportRequest{Diagnosis: live})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := liveRep.JSON()
	saved, err := ReadDiagnosis(js)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := f.Report(context.Background(), ReportRequest{Diagnosis: saved})
	if len(liveRep.Certificates) != 1 || len(again.Certificates) != 1 {
		t.Fatalf("certificates live %d, from the saved run %d", len(liveRep.Certificates), len(again.Certificates))
	}
	if len(again.Checks) != len(liveRep.Checks) || again.Verdict != liveRep.Verdict {
		t.Fatalf("saved run: %d checks %s, live %d %s", len(again.Checks), again.Verdict, len(liveRep.Checks), liveRep.Verdict)
	}
	for i := range again.Checks {
		a, b := again.Checks[i], liveRep.Checks[i]
		if a.ID != b.ID || a.Status != b.Status || a.Outcome != b.Outcome {
			t.Errorf("check %d: %s/%s/%s vs %s/%s/%s", i, a.ID, a.Status, a.Outcome, b.ID, b.Status, b.Outcome)
		}
	}
	if again.Proxy.HTTPS != "proxy.example.co.jp:8080" || len(again.Firefox) != 0 {
		t.Errorf("proxy = %+v", again.Proxy)
	}
}

func TestReadDiagnosisRefusesOtherDocuments(t *testing.T) {
	for _, doc := range []string{`{}`, `{"checks": []}`, `[1,2]`, `{"checks": [{"id": "cert.file", "outcome": "no-such"}]}`, `not json`} {
		if _, err := ReadDiagnosis([]byte(doc)); err == nil {
			t.Errorf("accepted %s", doc)
		}
	}
}

func finding(id, outcome string) check.Finding {
	d, _ := check.Lookup(id)
	o, _ := d.Outcome(outcome)
	return check.Finding{ID: id, Status: o.Status, Outcome: outcome}
}

func run(fs ...check.Finding) check.Result {
	r := check.Result{Findings: fs}
	r.Count()
	return r
}

func TestVerdictIsHonest(t *testing.T) {
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	ok := []check.Finding{finding(check.CertInstalled, "installed"), finding(check.NetMTLS, "accepted"), finding(check.NetHTTP, "login")}
	for _, tc := range []struct {
		name    string
		res     check.Result
		u       *url.URL
		verdict Verdict
		missing []string
		next    string
	}{
		{"everything proven", run(ok...), u, VerdictOK, nil, ""},
		{"no system address", run(finding(check.CertInstalled, "installed"), finding(check.NetDNS, check.OutcomeNoURL),
			finding(check.NetMTLS, check.OutcomeNoURL), finding(check.NetHTTP, check.OutcomeNoURL)), nil, VerdictIncomplete, []string{MissingAddress}, check.NetDNS},
		{"proven with the file only", run(finding(check.CertInstalled, "installed"), finding(check.NetMTLS, "accepted-file"), finding(check.NetHTTP, "login")),
			u, VerdictIncomplete, []string{MissingInstalledKey}, check.NetMTLS},
		{"login page not fetched", run(finding(check.CertInstalled, "installed"), finding(check.NetMTLS, "accepted"), finding(check.NetHTTP, "redirect-other-host")),
			u, VerdictIncomplete, []string{MissingLoginPage}, check.NetHTTP},
		{"a failure", run(finding(check.CertInstalled, "installed"), finding(check.NetMTLS, "wrong-ca"), finding(check.NetHTTP, check.OutcomeNotReached)),
			u, VerdictProblem, nil, check.NetMTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Judge(tc.res, tc.u)
			if d.Verdict != tc.verdict {
				t.Errorf("verdict = %s, want %s", d.Verdict, tc.verdict)
			}
			for _, m := range tc.missing {
				found := false
				for _, got := range d.Missing {
					found = found || got == m
				}
				if !found {
					t.Errorf("missing = %v, want %s", d.Missing, m)
				}
			}
			if (tc.next == "") == d.HasNext || d.HasNext && d.Next.ID != tc.next {
				t.Errorf("next = %v %s, want %q", d.HasNext, d.Next.ID, tc.next)
			}
		})
	}
}

// TestNextStepIsOrderedAndNeverOptional: failures before warnings, by the
// manual's order; deleting expired certificates is never the next step;
// which certificate to pick is moot while none is for this environment.
func TestNextStepIsOrderedAndNeverOptional(t *testing.T) {
	res := run(finding(check.CertStale, "stale"), finding(check.CertMultiple, "several"), finding(check.CertMatch, "other-env"),
		finding(check.RestartPending, "browser"))
	for i := 0; i < 20; i++ { // no map order in the rule: the same every time
		if next, ok := NextStep(res); !ok || next.ID != check.CertMatch {
			t.Fatalf("next = %s", next.ID)
		}
	}
	warnOnly := run(finding(check.CertStale, "stale"), finding(check.CertMultiple, "several"), finding(check.RestartPending, "browser"))
	if next, _ := NextStep(warnOnly); next.ID != check.RestartPending {
		t.Errorf("next among warnings = %s, want the restart (the manual's first step)", next.ID)
	}
	if _, ok := NextStep(run(finding(check.CertStale, "stale"))); ok {
		t.Error("an optional deletion became the next step")
	}
}

// TestDiagnoseJSONIsLanguageFree: findings hold no words; their JSON is
// the same whatever the language.
func TestDiagnoseJSONIsLanguageFree(t *testing.T) {
	p := pkitest.Get(t)
	f := testFlow(t, holding(p.Current))
	d := f.Diagnose(context.Background(), DiagnoseRequest{Timeout: time.Second})
	a, _ := json.Marshal(d.Result.Findings)
	for _, word := range []string{"証明書", "certificate is", "Firefox("} {
		if strings.Contains(string(a), word) {
			t.Errorf("findings JSON holds words: %q", word)
		}
	}
}

func TestRenewalStateFromWhatIsInstalled(t *testing.T) {
	p := pkitest.Get(t)
	for _, tc := range []struct {
		name    string
		entries []store.Entry
		now     time.Time
		due     bool
	}{
		{"old one in the window", []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true)}, pkitest.Now, true},
		{"successor installed", []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true), pkitest.Entry(p.Successor, "nss", "/ff", true)}, pkitest.Now, false},
		{"old one in summer", []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true)}, pkitest.Summer, false},
		{"nothing installed", nil, pkitest.Now, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := testFlow(t)
			f.d.Now = func() time.Time { return tc.now }
			r := f.RenewalState(check.Inventory{Entries: tc.entries})
			if r.Due != tc.due {
				t.Errorf("due = %v, want %v (%+v)", r.Due, tc.due, r)
			}
		})
	}
}

// TestDiagnoseFileNamedButNeverRead: the renewal demo's window diagnosed
// with the demo's file named but never read, and the checklist crashed
// (a nil identity in cert.file). Such a file is no file to check.
func TestDiagnoseFileNamedButNeverRead(t *testing.T) {
	f := testFlow(t)
	d := f.Diagnose(context.Background(), DiagnoseRequest{Timeout: time.Second, P12Path: "/downloads/クライアント証明書.p12"})
	if got, _ := d.Result.Find(check.CertFile); got.Outcome != "no-file" {
		t.Fatalf("cert.file = %+v, want no-file", got)
	}
}

// TestChecklistKnowsThisRunsInstall: where nothing is remembered (the
// demo), the restart row still knows the install this run just did — a
// browser running since before it must restart — and says "no record" only
// when nothing was installed; a request's own restart facts (the demo's
// scratch store, which no browser reads) replace the machine's.
func TestChecklistKnowsThisRunsInstall(t *testing.T) {
	p := pkitest.Get(t)
	f := New(Deps{
		Profile: pkitest.Profile(t), Now: func() time.Time { return pkitest.Now }, Version: "test",
		Find: func(store.Selection) ([]store.Store, error) {
			return []store.Store{store.NewMemory(store.KindNSS, "/ff")}, nil
		},
		Machine: machine.Source{Restart: func() machine.Restart {
			return machine.Restart{Running: map[string]time.Time{"Firefox": pkitest.Now.Add(-time.Hour)}}
		}},
	}, store.Selection{})
	restart := func(req DiagnoseRequest) string {
		req.Timeout = time.Second
		got, _ := f.Diagnose(context.Background(), req).Result.Find(check.RestartPending)
		return got.Outcome
	}
	if got := restart(DiagnoseRequest{}); got != "no-import" {
		t.Errorf("before any install: restart.pending = %q, want no-import", got)
	}
	if res, err := f.Install(context.Background(), InstallRequest{Identity: p.Successor}, nil); err != nil || res.Imported != 1 {
		t.Fatalf("install: %+v, %v", res, err)
	}
	if got := restart(DiagnoseRequest{}); got != "browser" {
		t.Errorf("after this run's install: restart.pending = %q, want browser", got)
	}
	if got := restart(DiagnoseRequest{Restart: &machine.Restart{}}); got != "fine" {
		t.Errorf("with the request's own restart facts: restart.pending = %q, want fine", got)
	}
}

// TestRestartFactsReadOncePerDiagnosis: reading them scans every process;
// a diagnosis, the OS facts (which browsers run) and the renewal state its
// summary and support code show share one reading, and Refresh (after an
// install) reads them again.
func TestRestartFactsReadOncePerDiagnosis(t *testing.T) {
	p := pkitest.Get(t)
	f := testFlow(t, holding(p.Current))
	var reads int
	var described map[string]time.Time
	var mu sync.Mutex
	f.d.Machine.Restart = func() machine.Restart {
		mu.Lock()
		defer mu.Unlock()
		reads++
		return machine.Restart{Running: map[string]time.Time{"Firefox": pkitest.Now.Add(-time.Hour)}}
	}
	f.d.Machine.Describe = func(running map[string]time.Time) (machine.OSInfo, []machine.Browser) {
		mu.Lock()
		defer mu.Unlock()
		described = running
		return machine.OSInfo{Name: "Linux"}, nil
	}
	_ = f.Remember(func(s *profile.Settings) { s.LastImport = pkitest.Now })
	ctx := context.Background()
	d := f.Diagnose(ctx, DiagnoseRequest{Timeout: time.Second})
	if got, _ := d.Result.Find(check.RestartPending); got.Outcome != "browser" {
		t.Fatalf("restart.pending = %+v, want browser (the facts were read)", got)
	}
	f.Machine()
	if _, ok := described["Firefox"]; !ok || len(described) != 1 {
		t.Errorf("the OS facts were given %v, want the restart facts' running browsers", described)
	}
	f.RenewalState(f.Inventory(ctx))
	f.RenewalState(f.Inventory(ctx))
	if reads != 1 {
		t.Errorf("restart facts read %d times, want 1", reads)
	}
	f.Refresh(false)
	f.RenewalState(f.Inventory(ctx))
	if reads != 2 {
		t.Errorf("after Refresh: read %d times, want 2", reads)
	}
}

// TestReportProxyIsTheDecision: the report's proxy is the one the
// diagnosis decided for the system address (the OS resolver's PAC answer),
// masked, not the raw settings the flow can also read.
func TestReportProxyIsTheDecision(t *testing.T) {
	f := testFlow(t)
	f.d.Machine.ResolveProxy = func(context.Context, *url.URL) machine.ProxyDecision {
		return machine.ProxyDecision{Via: machine.ViaPAC, Proxy: "pac-answer.corp:3128", Script: "http://pac.corp/p.pac",
			Credentials: url.UserPassword("alice", "s3cr3t")}
	}
	u, _ := url.Parse("https://127.0.0.1:1/")
	d := f.Diagnose(context.Background(), DiagnoseRequest{URL: u, Timeout: time.Second})
	rep, err := f.Report(context.Background(), ReportRequest{Diagnosis: d})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Proxy.Used != "pac-answer.corp:3128" || rep.Proxy.Via != machine.ViaPAC || rep.Proxy.HTTPS != "proxy.example.co.jp:8080" {
		t.Errorf("report proxy = %+v, want the decision with the settings behind it", rep.Proxy)
	}
	if js, _ := rep.JSON(); strings.Contains(string(js), "s3cr3t") || strings.Contains(string(js), "alice") {
		t.Error("the proxy credentials reached the report")
	}
}

// TestRememberURLWritesOnlyAChange: the address already remembered leaves
// the settings file as it is (the same file, not a rewritten copy); a new
// address replaces it.
func TestRememberURLWritesOnlyAChange(t *testing.T) {
	f := testFlow(t)
	first, _ := url.Parse("https://acme.rootip-cloud.net/")
	if err := f.RememberURL(first); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(f.d.SettingsPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.RememberURL(first); err != nil {
		t.Fatal(err)
	}
	again, err := os.Stat(f.d.SettingsPath)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, again) {
		t.Error("remembering the same address rewrote the settings file")
	}
	other, _ := url.Parse("https://other.rootip-cloud.net/")
	if err := f.RememberURL(other); err != nil {
		t.Fatal(err)
	}
	if got := f.RememberedURL(); got == nil || got.String() != other.String() {
		t.Errorf("remembered %v, want %v", got, other)
	}
}
