package renewal

import (
	"testing"
	"time"

	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

func TestProofOf(t *testing.T) {
	at := pkitest.Now
	for outcome, want := range map[string]string{"accepted": Proven, "accepted-file": Proven, "wrong-ca": Rejected, "rejected": Rejected,
		"cert-expired": Rejected, "no-cert-sent": Rejected, "no-url": "", "not-reached": "", "no-identity": "", "timeout": "", "error": ""} {
		p, ok := ProofOf(outcome, "AB", "store", pkitest.Host, at)
		if ok != (want != "") || p.Status != want {
			t.Errorf("%s: %+v %v, want %q", outcome, p, ok, want)
		}
	}
	if _, ok := ProofOf("accepted", "", "store", pkitest.Host, at); ok {
		t.Error("a handshake without the certificate's fingerprint proved something")
	}
}

// TestWithoutAddress: without the system address the environment is the
// longest-valid vendor certificate's; another environment's certificate
// neither replaces nor hides it.
func TestWithoutAddress(t *testing.T) {
	p := pkitest.Get(t)
	prof := pkitest.Profile(t)
	entries := []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true), pkitest.Entry(p.OtherEnv, "nss", "/ff", true)}
	st := Compute(Input{Now: pkitest.Now, Profile: prof, Entries: entries, Stores: []Store{{Location: "/ff"}}})
	// OtherEnv (beta, until 2027-06-01) lasts the longest: its environment
	// is the one judged, and it needs nothing.
	if st.Outcome != OutcomeCurrent || st.Current.SHA256 != p.OtherEnv.SHA256() {
		t.Fatalf("without an address: %s %+v", st.Outcome, st.Current)
	}
	if st.Classify(p.Successor.Leaf) != ClassOtherEnv || st.Classify(p.OtherEnv.Leaf) != ClassSame {
		t.Error("classification follows the chosen environment")
	}
	st = Compute(Input{Now: pkitest.Now, Profile: prof, Host: pkitest.Host, Entries: entries, Stores: []Store{{Location: "/ff"}}})
	if st.Outcome != OutcomeMissing || st.Classify(p.Successor.Leaf) != ClassSuccessor || st.Classify(p.Expired.Leaf) != ClassOlder ||
		st.Classify(p.OtherEnv.Leaf) != ClassOtherEnv {
		t.Errorf("with the address: %s", st.Outcome)
	}
	// Nothing installed: any file of the environment is a successor.
	empty := Compute(Input{Now: pkitest.Now, Profile: prof, Host: pkitest.Host})
	if empty.Classify(p.Successor.Leaf) != ClassSuccessor || !empty.Season() || empty.Settled() {
		t.Errorf("empty: %+v", empty)
	}
}

// TestUnreadableStoreIsNotMissing: a store that cannot be listed is
// neither holding nor lacking the successor.
func TestUnreadableStoreIsNotMissing(t *testing.T) {
	p := pkitest.Get(t)
	entries := []store.Entry{pkitest.Entry(p.Current, "nss", "/a", true), pkitest.Entry(p.Successor, "nss", "/a", true)}
	st := Compute(Input{Now: pkitest.Now, Profile: pkitest.Profile(t), Host: pkitest.Host, Entries: entries,
		Stores: []Store{{Location: "/a"}, {Location: "/b", Unreadable: true}},
		Proofs: []Proof{{Status: Proven, SHA256: p.Successor.SHA256(), Host: "other.rootip-cloud.net", At: pkitest.Now}}})
	if !st.SuccessorEverywhere || st.Outcome != OutcomeUnproven {
		t.Errorf("%s everywhere %v (a proof for another host must not count)", st.Outcome, st.SuccessorEverywhere)
	}
	if w := window(pkitest.Profile(t), pkitest.Summer); w.Open || w.Start.Month() != time.December {
		t.Errorf("next window %+v", w)
	}
}
