package flow_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/renewaltest"
	"rootip-cert/platform/stores"
)

func newFlow(t *testing.T, find store.Finder, sel store.Selection) *flow.Flow {
	t.Helper()
	return flowAt(t, find, sel, filepath.Join(t.TempDir(), "settings.json"))
}

// flowAt is a run of the program remembering into settings.
func flowAt(t *testing.T, find store.Finder, sel store.Selection, settings string) *flow.Flow {
	t.Helper()
	return flow.New(flow.Deps{Profile: pkitest.Profile(t), Find: find, Now: func() time.Time { return pkitest.Now },
		SettingsPath: settings, Version: "test"}, sel)
}

// TestProofUsesTheNewKeyAgainstTheNewCAOnly: the successor (issued by the
// new CA) is installed beside the old certificate and proven against the
// demo server that accepts only the new CA — the handshake signed by the
// installed store's key for that very certificate; the old certificate is
// refused by the same server, so the proof is the new key's.
func TestProofUsesTheNewKeyAgainstTheNewCAOnly(t *testing.T) {
	p := pkitest.Get(t)
	sc := renewaltest.Server(t, p.RenewedCA.Cert)
	ctx := context.Background()
	m := store.NewMemory(store.KindNSS, "/ff")
	m.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	if err := m.Import(ctx, p.Current); err != nil {
		t.Fatal(err)
	}
	find := func(store.Selection) ([]store.Store, error) { return []store.Store{m}, nil }
	settings := filepath.Join(t.TempDir(), "settings.json")
	f := flowAt(t, find, store.Selection{}, settings)
	if err := f.RememberURL(sc.URL); err != nil {
		t.Fatal(err)
	}
	prove := sc.ProveRequest(5 * time.Second)
	// The old key: refused by this server.
	old := prove
	old.Identity = p.Current
	if mtls, _ := f.Diagnose(ctx, old).Result.Find(check.NetMTLS); mtls.Status != check.Fail {
		t.Fatalf("the old certificate: net.mtls %s %s, want refused", mtls.Outcome, mtls.Facts)
	}
	res, err := f.InstallSuccessor(ctx, flow.SuccessorRequest{Identity: p.Renewed, Path: "/dl/クライアント証明書 (1).p12", Prove: prove}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Class != renewal.ClassSuccessor || res.Installed.Imported != 1 || !res.OldKept || !res.Proved {
		t.Fatalf("result %+v", res)
	}
	if res.Proof.Status != renewal.Proven || res.Proof.SHA256 != p.Renewed.SHA256() || res.Proof.Signer != "store" || res.Proof.Outcome != "accepted" {
		t.Fatalf("proof %+v", res.Proof)
	}
	if res.Diagnosis.Verdict != flow.VerdictOK {
		t.Errorf("the proving run: %s %+v", res.Diagnosis.Verdict, res.Diagnosis.Next)
	}
	if rf, _ := res.Diagnosis.Result.Find(check.CertRenewal); rf.Outcome != renewal.OutcomeDone {
		t.Errorf("the proving run's cert.renewal: %s", rf.Outcome)
	}
	if res.Pick.IssuedTo != pkitest.Host || !res.Pick.NotAfter.Equal(p.Renewed.Leaf.NotAfter) || !res.Pick.OldNotAfter.Equal(p.Current.Leaf.NotAfter) {
		t.Errorf("pick %+v", res.Pick)
	}
	if st := res.After.State; st.Outcome != renewal.OutcomeDone || st.Next != renewal.CleanupLater || !st.Stores[0].Current || !st.Stores[0].Successor {
		t.Errorf("after: %s %s %+v", st.Outcome, st.Next, st.Stores)
	}
	// Remembered: a later run without the network knows it.
	again := flowAt(t, find, store.Selection{}, settings)
	if st := again.RenewalState(again.Inventory(ctx)).State; st.Outcome != renewal.OutcomeDone {
		t.Errorf("remembered: %s", st.Outcome)
	}
}

// TestProofRefusedByAServerOfTheOldCA: a server that still accepts only
// the old CA refuses the successor; it stays installed beside the old
// one, the state says so, and nothing else changes.
func TestProofRefusedByAServerOfTheOldCA(t *testing.T) {
	p := pkitest.Get(t)
	sc := renewaltest.Server(t, p.VendorCA.Cert)
	ctx := context.Background()
	m := store.NewMemory(store.KindNSS, "/ff")
	if err := m.Import(ctx, p.Current); err != nil {
		t.Fatal(err)
	}
	f := newFlow(t, func(store.Selection) ([]store.Store, error) { return []store.Store{m}, nil }, store.Selection{})
	res, err := f.InstallSuccessor(ctx, flow.SuccessorRequest{Identity: p.Renewed, Prove: sc.ProveRequest(5 * time.Second)}, nil)
	if !errors.Is(err, flow.ErrNotProven) || res.Proof.Status != renewal.Rejected {
		t.Fatalf("err %v proof %+v", err, res.Proof)
	}
	if st := res.After.State; st.Outcome != renewal.OutcomeRejected || st.Next != renewal.Prove || !res.OldKept {
		t.Errorf("after: %s %s kept %v", st.Outcome, st.Next, res.OldKept)
	}
	if _, err := f.InstallSuccessor(ctx, flow.SuccessorRequest{Identity: p.Expired}, nil); !errors.Is(err, flow.ErrNotSuccessor) {
		t.Errorf("an older file: %v", err)
	}
}

// nssFlow is a flow over a scratch NSS database found the way the program
// finds it (platform/stores with an explicit database), or a skip.
func nssFlow(t *testing.T) (*flow.Flow, store.Store) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "nssdb")
	sel := store.Selection{Kind: store.KindNSS, NSSDB: dir}
	found, err := stores.Find(sel)
	if err != nil || len(found) != 1 {
		t.Fatalf("find the scratch NSS database: %v %v", found, err)
	}
	if err := found[0].Available(); err != nil {
		t.Skipf("needs the NSS library (Debian libnss3; make test installs it): %v", err)
	}
	return newFlow(t, stores.Find, sel), found[0]
}

// TestWatchInstallsIntoNSS: the old certificate in a scratch NSS
// database; the successor written into a temporary Downloads folder as
// 「クライアント証明書 (1).p12」 through a .crdownload is detected within 2 s,
// installed beside the old one, read back from NSS, and proven against
// the demo server accepting only the new CA (NSS cannot sign for this
// tool: the file's key — the same key pair — signs).
func TestWatchInstallsIntoNSS(t *testing.T) {
	p := pkitest.Get(t)
	f, db := nssFlow(t)
	ctx := context.Background()
	if res, err := f.Install(ctx, flow.InstallRequest{Identity: p.Current}, nil); err != nil || res.Imported != 1 {
		t.Fatalf("install the old certificate: %+v %v", res, err)
	}
	sc := renewaltest.Server(t, p.RenewedCA.Cert)
	if err := f.RememberURL(sc.URL); err != nil {
		t.Fatal(err)
	}
	downloads := filepath.Join(t.TempDir(), "Downloads")
	if err := os.Mkdir(downloads, 0o700); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := f.WatchDownloads(wctx, flow.WatchRequest{Dirs: []string{downloads}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	part := pkitest.P12(t, downloads, "Unconfirmed 42.crdownload", p.Renewed, pkitest.Password)
	final := filepath.Join(downloads, "クライアント証明書 (1).p12")
	if err := os.Rename(part, final); err != nil {
		t.Fatal(err)
	}
	var a flow.Arrival
	select {
	case a = <-w.Arrivals():
	case <-time.After(2 * time.Second):
		t.Fatal("not detected within 2 s")
	}
	if a.Path != final || a.Class != renewal.ClassSuccessor {
		t.Fatalf("arrival %s %s %v", a.Path, a.Class, a.Err)
	}
	res, err := f.InstallSuccessor(ctx, flow.SuccessorRequest{Identity: a.Identity, Path: a.Path, Prove: sc.ProveRequest(5 * time.Second)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Installed.Imported != 1 || res.Installed.Results[0].Entry.SHA256() != p.Renewed.SHA256() || !res.OldKept {
		t.Fatalf("install %+v", res.Installed)
	}
	if res.Proof.Status != renewal.Proven || res.Proof.Signer != "store" { // NSS signs with the installed key
		t.Errorf("proof %+v", res.Proof)
	}
	// Read back from the database itself: both certificates, both keyed.
	entries, err := db.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range entries {
		have[e.SHA256()] = e.HasKey
	}
	if !have[p.Current.SHA256()] || !have[p.Renewed.SHA256()] {
		t.Errorf("the NSS database holds %v", have)
	}
	if st := res.After.State; st.Outcome != renewal.OutcomeDone {
		t.Errorf("after: %s %+v", st.Outcome, st)
	}
}

// TestProveTheInstalledSuccessor: the "prove" step for a successor that is
// already installed — signed by the store where it can sign; where it
// cannot, only with the downloaded file (the same key pair).
func TestProveTheInstalledSuccessor(t *testing.T) {
	p := pkitest.Get(t)
	sc := renewaltest.Server(t, p.RenewedCA.Cert)
	ctx := context.Background()
	signing := store.NewMemory(store.KindNSS, "/signing")
	for _, id := range []*certfile.Identity{p.Current, p.Renewed} {
		if err := signing.Import(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	f := newFlow(t, func(store.Selection) ([]store.Store, error) { return []store.Store{signing}, nil }, store.Selection{})
	after, _, ok := f.ProveSuccessor(ctx, sc.ProveRequest(5*time.Second), nil)
	if !ok || after.State.Outcome != renewal.OutcomeDone || after.State.Proof.Signer != "store" {
		t.Fatalf("a signing store: ok %v %s %+v", ok, after.State.Outcome, after.State.Proof)
	}
	// A store that cannot sign (the certificates planted, no key to use).
	mute := store.NewMemory(store.KindNSS, "/mute")
	mute.Put(pkitest.Entry(p.Current, store.KindNSS, "/mute", true))
	mute.Put(pkitest.Entry(p.Renewed, store.KindNSS, "/mute", true))
	g := newFlow(t, func(store.Selection) ([]store.Store, error) { return []store.Store{mute}, nil }, store.Selection{})
	if after, _, ok := g.ProveSuccessor(ctx, sc.ProveRequest(5*time.Second), nil); !ok || after.State.Outcome != renewal.OutcomeUnproven {
		t.Fatalf("without a signer or the file: ok %v %s", ok, after.State.Outcome)
	}
	file := flow.Arrival{Path: "/dl/クライアント証明書 (1).p12", Identity: p.Renewed}
	if after, _, _ := g.ProveSuccessor(ctx, sc.ProveRequest(5*time.Second), []flow.Arrival{file}); after.State.Outcome != renewal.OutcomeDone || after.State.Proof.Signer != "file" {
		t.Errorf("with the file: %s %+v", after.State.Outcome, after.State.Proof)
	}
	// Nothing to prove without an address.
	if _, _, ok := newFlow(t, func(store.Selection) ([]store.Store, error) { return []store.Store{signing}, nil }, store.Selection{}).ProveSuccessor(ctx, flow.DiagnoseRequest{}, nil); ok {
		t.Error("proved without a system address")
	}
}
