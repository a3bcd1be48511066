package flow

import (
	"context"
	"net/url"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// afterJanuary is past the renewal period and the old certificate's end.
var afterJanuary = time.Date(2027, 1, 15, 10, 0, 0, 0, pkitest.JST)

// twoStores are the stores of a Linux desktop: Firefox and Chrome.
func twoStores() (ff, chrome *store.Memory) {
	ff = store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/a.default-release")
	ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	chrome = store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	chrome.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	return ff, chrome
}

// put installs identities into a memory store as an import would (key and
// signer included).
func put(t *testing.T, m *store.Memory, ids ...*certfile.Identity) {
	t.Helper()
	for _, id := range ids {
		if err := m.Import(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
}

func systemURL(t *testing.T) *url.URL {
	t.Helper()
	u, err := url.Parse("https://" + pkitest.Host + "/")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// mtlsRun is a checklist run whose handshake presented id with outcome.
func mtlsRun(id *certfile.Identity, outcome string) *Diagnosis {
	f := finding(check.NetMTLS, outcome)
	f.Facts = check.Facts{"sha256": id.SHA256(), "signer": "store"}
	d := Judge(run(f), nil)
	return &d
}

// TestRenewalStateEveryCombination: with the clock inside and outside the
// renewal period, for nothing installed, the old certificate only, both,
// the successor in one store of two, the successor refused by the server,
// and the old certificate expired.
func TestRenewalStateEveryCombination(t *testing.T) {
	p := pkitest.Get(t)
	type want struct {
		outcome    string
		next       renewal.Next
		expiring   *certfile.Identity
		successor  *certfile.Identity
		everywhere bool
		proof      string
		removable  int
	}
	for _, tc := range []struct {
		name       string
		now        time.Time
		ff, chrome []*certfile.Identity
		diag       *Diagnosis
		want       want
	}{
		{"none, in the period", pkitest.Now, nil, nil, nil, want{outcome: renewal.OutcomeNone, next: renewal.Fetch}},
		{"none, in summer", pkitest.Summer, nil, nil, nil, want{outcome: renewal.OutcomeNone, next: renewal.Fetch}},
		{"old only, in the period", pkitest.Now, ids(p.Current), ids(p.Current), nil,
			want{outcome: renewal.OutcomeMissing, next: renewal.Fetch, expiring: p.Current}},
		{"old only, in summer", pkitest.Summer, ids(p.Current), ids(p.Current), nil,
			want{outcome: renewal.OutcomeNotSeason, next: renewal.Nothing}},
		{"both, not yet proven", pkitest.Now, ids(p.Current, p.Successor), ids(p.Current, p.Successor), nil,
			want{outcome: renewal.OutcomeUnproven, next: renewal.Prove, expiring: p.Current, successor: p.Successor, everywhere: true, proof: renewal.Untested}},
		{"both, proven", pkitest.Now, ids(p.Current, p.Successor), ids(p.Current, p.Successor), mtlsRun(p.Successor, "accepted"),
			want{outcome: renewal.OutcomeDone, next: renewal.CleanupLater, expiring: p.Current, successor: p.Successor, everywhere: true, proof: renewal.Proven}},
		{"both, the old one proven only", pkitest.Now, ids(p.Current, p.Successor), ids(p.Current, p.Successor), mtlsRun(p.Current, "accepted"),
			want{outcome: renewal.OutcomeUnproven, next: renewal.Prove, expiring: p.Current, successor: p.Successor, everywhere: true, proof: renewal.Untested}},
		{"successor in one store of two", pkitest.Now, ids(p.Current, p.Successor), ids(p.Current), mtlsRun(p.Successor, "accepted"),
			want{outcome: renewal.OutcomePartial, next: renewal.InstallEverywhere, expiring: p.Current, successor: p.Successor, proof: renewal.Proven}},
		{"successor refused by the server", pkitest.Now, ids(p.Current, p.Successor), ids(p.Current, p.Successor), mtlsRun(p.Successor, "wrong-ca"),
			want{outcome: renewal.OutcomeRejected, next: renewal.Prove, expiring: p.Current, successor: p.Successor, everywhere: true, proof: renewal.Rejected}},
		{"successor of the new CA, proven", pkitest.Now, ids(p.Current, p.Renewed), ids(p.Current, p.Renewed), mtlsRun(p.Renewed, "accepted"),
			want{outcome: renewal.OutcomeDone, next: renewal.CleanupLater, expiring: p.Current, successor: p.Renewed, everywhere: true, proof: renewal.Proven}},
		{"old expired, nothing new", afterJanuary, ids(p.Current), ids(p.Current), nil,
			want{outcome: renewal.OutcomeExpired, next: renewal.Fetch, expiring: p.Current}},
		{"old expired, successor proven", afterJanuary, ids(p.Current, p.Successor), ids(p.Current, p.Successor), mtlsRun(p.Successor, "accepted"),
			want{outcome: renewal.OutcomeDone, next: renewal.CleanupLater, successor: p.Successor, everywhere: true, proof: renewal.Proven, removable: 1}},
		{"successor only, in the period", pkitest.Now, ids(p.Successor), ids(p.Successor), nil,
			want{outcome: renewal.OutcomeCurrent, next: renewal.Nothing}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ff, chrome := twoStores()
			put(t, ff, tc.ff...)
			put(t, chrome, tc.chrome...)
			f := testFlow(t, ff, chrome)
			f.d.Now = func() time.Time { return tc.now }
			if err := f.RememberURL(systemURL(t)); err != nil {
				t.Fatal(err)
			}
			st := f.Renewal(context.Background(), RenewalRequest{Diagnosis: tc.diag}).State
			w := tc.want
			if st.Outcome != w.outcome || st.Next != w.next {
				t.Fatalf("outcome %s next %s, want %s %s\n%+v", st.Outcome, st.Next, w.outcome, w.next, st)
			}
			if sha(st.Expiring) != idSHA(w.expiring) || sha(st.Successor) != idSHA(w.successor) {
				t.Errorf("expiring %s successor %s, want %s %s", sha(st.Expiring), sha(st.Successor), idSHA(w.expiring), idSHA(w.successor))
			}
			if st.SuccessorEverywhere != w.everywhere || (w.successor != nil && st.Proof.Status != w.proof) {
				t.Errorf("everywhere %v proof %s, want %v %s", st.SuccessorEverywhere, st.Proof.Status, w.everywhere, w.proof)
			}
			if len(st.Removable) != w.removable {
				t.Errorf("removable %+v, want %d", st.Removable, w.removable)
			}
			if len(st.Stores) != 2 || st.Host != pkitest.Host {
				t.Fatalf("stores %+v host %q", st.Stores, st.Host)
			}
			if w.successor != nil {
				// Per store: Firefox always has it here; Chrome only when
				// installed there.
				hasChrome := false
				for _, id := range tc.chrome {
					hasChrome = hasChrome || id == w.successor
				}
				if !st.Stores[0].Successor || st.Stores[1].Successor != hasChrome {
					t.Errorf("per store %+v", st.Stores)
				}
			}
			if w.expiring != nil && w.successor != nil && (!st.Stores[0].Current || !st.Stores[1].Current) {
				t.Errorf("the old certificate per store %+v", st.Stores)
			}
			// The checklist says the same: cert.renewal over the same inputs.
			env := f.checkEnv(DiagnoseRequest{URL: systemURL(t)})
			env.Inventory = f.Inventory(context.Background())
			var mtls check.Finding
			if tc.diag != nil {
				mtls, _ = tc.diag.Result.Find(check.NetMTLS)
			}
			got := check.RunDefs(context.Background(), envWith(env, mtls), check.Select(check.CertRenewal), time.Second)
			if rf, _ := got.Find(check.CertRenewal); rf.Outcome != w.outcome {
				t.Errorf("cert.renewal = %s, the flow says %s", rf.Outcome, w.outcome)
			}
		})
	}
}

// envWith is env whose remembered proofs include what the run's handshake
// proved (check.RunDefs runs cert.renewal without net.mtls here).
func envWith(env *check.Env, mtls check.Finding) *check.Env {
	env.LoadInventory = nil
	if pr, ok := check.HandshakeProof(mtls, pkitest.Host, pkitest.Now); ok {
		env.Proofs = append(env.Proofs, pr)
	}
	return env
}

func TestRenewalNextSteps(t *testing.T) {
	p := pkitest.Get(t)
	ctx := context.Background()
	t.Run("a downloaded successor makes it install", func(t *testing.T) {
		ff, chrome := twoStores()
		put(t, ff, p.Current)
		put(t, chrome, p.Current)
		f := testFlow(t, ff, chrome)
		_ = f.RememberURL(systemURL(t))
		st := f.Renewal(ctx, RenewalRequest{Downloads: []Arrival{{Path: "/dl/クライアント証明書 (1).p12", Identity: p.Successor}}}).State
		if st.Next != renewal.Install || st.Downloaded != "/dl/クライアント証明書 (1).p12" {
			t.Errorf("next %s downloaded %q", st.Next, st.Downloaded)
		}
		st = f.Renewal(ctx, RenewalRequest{Downloads: []Arrival{{Path: "/dl/old.p12", Identity: p.Expired}, {Path: "/dl/x.p12", Identity: p.OtherEnv}}}).State
		if st.Next != renewal.Fetch {
			t.Errorf("an old or another environment's file made it %s", st.Next)
		}
	})
	t.Run("a remembered proof counts, a browser still running needs a restart", func(t *testing.T) {
		ff, chrome := twoStores()
		put(t, ff, p.Current, p.Successor)
		put(t, chrome, p.Current, p.Successor)
		f := testFlow(t, ff, chrome)
		_ = f.RememberURL(systemURL(t))
		if err := f.RememberProof(renewal.Proof{Status: renewal.Proven, SHA256: p.Successor.SHA256(), Host: pkitest.Host, At: pkitest.Now, Signer: "store"}); err != nil {
			t.Fatal(err)
		}
		if st := f.RenewalState(f.Inventory(ctx)).State; st.Outcome != renewal.OutcomeDone || st.Proof.Signer != "store" {
			t.Fatalf("remembered proof: %s %+v", st.Outcome, st.Proof)
		}
		_ = f.Remember(func(s *profile.Settings) { s.LastImport = pkitest.Now.Add(-time.Hour) })
		f.d.Machine = machine.Source{Restart: func() machine.Restart {
			return machine.Restart{Running: map[string]time.Time{"Firefox": pkitest.Now.Add(-2 * time.Hour)}}
		}}
		f.Refresh(false) // the facts read a moment ago are reused until then
		st := f.RenewalState(f.Inventory(ctx)).State
		if st.Next != renewal.Restart || len(st.Restart.Browsers) != 1 {
			t.Errorf("next %s restart %+v", st.Next, st.Restart)
		}
		// A later refusal wins over the earlier proof.
		_ = f.RememberProof(renewal.Proof{Status: renewal.Rejected, SHA256: p.Successor.SHA256(), Host: pkitest.Host, At: pkitest.Now.Add(time.Minute), Outcome: "rejected"})
		if st := f.RenewalState(f.Inventory(ctx)).State; st.Outcome != renewal.OutcomeRejected {
			t.Errorf("after a refusal: %s", st.Outcome)
		}
	})
	t.Run("the legacy fields the banner uses", func(t *testing.T) {
		ff, _ := twoStores()
		put(t, ff, p.Current, p.Successor)
		f := testFlow(t, ff)
		r := f.RenewalState(f.Inventory(ctx))
		if !r.Open || r.Due || !r.HasCurrent || r.Current.SHA256() != p.Successor.SHA256() || r.WindowEnd.IsZero() {
			t.Errorf("renewal = %+v", r)
		}
	})
}

// TestRemovableAfterTheSeason: expired vendor certificates, and an old one
// superseded by a proven successor once its renewal period is over.
func TestRemovableAfterTheSeason(t *testing.T) {
	p := pkitest.Get(t)
	ctx := context.Background()
	ff, chrome := twoStores()
	put(t, ff, p.Current, p.Successor, p.Expired)
	put(t, chrome, p.Current, p.Successor)
	f := testFlow(t, ff, chrome)
	_ = f.RememberURL(systemURL(t))
	_ = f.RememberProof(renewal.Proof{Status: renewal.Proven, SHA256: p.Successor.SHA256(), Host: pkitest.Host, At: pkitest.Now})
	in := func(entries []store.Entry, id *certfile.Identity) int {
		n := 0
		for _, e := range entries {
			if e.SHA256() == id.SHA256() {
				n++
			}
		}
		return n
	}
	// December: only last year's expired one.
	rm := f.Removable(ctx)
	if in(rm, p.Expired) != 1 || in(rm, p.Current) != 0 || in(rm, p.Successor) != 0 {
		t.Fatalf("in the period: %d entries %v", len(rm), rm)
	}
	// After January 10 the old one has expired: both of its entries.
	f.d.Now = func() time.Time { return afterJanuary }
	f.Refresh(false)
	rm = f.Removable(ctx)
	if in(rm, p.Current) != 2 || in(rm, p.Successor) != 0 {
		t.Fatalf("after the period: %v", rm)
	}
	if !renewal.PastItsSeason(p.Current.Leaf.NotAfter, afterJanuary, f.Profile()) || renewal.PastItsSeason(p.Current.Leaf.NotAfter, pkitest.Now, f.Profile()) {
		t.Error("PastItsSeason is wrong around January 10")
	}
	// An old certificate that is still valid after January 10 (it ends on
	// January 31) is superseded and past its season: removable too.
	l, err := p.VendorCA.NewLeaf(pki.LeafOptions{CommonName: pkitest.Host, KeyType: pki.P256,
		NotBefore: time.Date(2026, 1, 31, 9, 0, 0, 0, pkitest.JST), NotAfter: time.Date(2027, 1, 31, 9, 0, 0, 0, pkitest.JST)})
	if err != nil {
		t.Fatal(err)
	}
	late := &certfile.Identity{Leaf: l.Cert, Chain: l.Chain, Key: l.Key}
	put(t, chrome, late)
	f.Refresh(false)
	if rm = f.Removable(ctx); in(rm, late) != 1 {
		t.Errorf("a superseded certificate past its season is not offered: %v", rm)
	}
	f.d.Now = func() time.Time { return pkitest.Now }
	f.Refresh(false)
	if rm = f.Removable(ctx); in(rm, late) != 0 {
		t.Errorf("a certificate still in its season is offered: %v", rm)
	}
}

func ids(list ...*certfile.Identity) []*certfile.Identity { return list }

func sha(c *renewal.Cert) string {
	if c == nil {
		return ""
	}
	return c.SHA256
}

func idSHA(id *certfile.Identity) string {
	if id == nil {
		return ""
	}
	return id.SHA256()
}

// TestReportCarriesTheRenewal: the support report has the season's line,
// from the same state (and the run's own handshake).
func TestReportCarriesTheRenewal(t *testing.T) {
	p := pkitest.Get(t)
	ff, chrome := twoStores()
	put(t, ff, p.Current, p.Successor)
	put(t, chrome, p.Current)
	f := testFlow(t, ff, chrome)
	_ = f.RememberURL(systemURL(t))
	rep, err := f.Report(context.Background(), ReportRequest{Diagnosis: *mtlsRun(p.Successor, "accepted")})
	if err != nil {
		t.Fatal(err)
	}
	rn := rep.Renewal
	if rn == nil || rn.Outcome != renewal.OutcomePartial || rn.Next != string(renewal.InstallEverywhere) || rn.SuccessorStores != 1 || rn.Stores != 2 ||
		rn.Proof != renewal.Proven || !rn.SuccessorUntil.Equal(p.Successor.Leaf.NotAfter.UTC()) {
		t.Errorf("report renewal = %+v", rn)
	}
}
