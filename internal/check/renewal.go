package check

import (
	"context"
	"runtime"
	"time"

	"rootip-cert/internal/renewal"
)

// renewalOutcomes are cert.renewal's outcomes (renewal.Outcome* codes).
func renewalOutcomes() []Outcome {
	return []Outcome{
		skip(renewal.OutcomeNone), ok(renewal.OutcomeNotSeason), ok(renewal.OutcomeCurrent),
		warn(renewal.OutcomeMissing), warn(renewal.OutcomePartial), warn(renewal.OutcomeUnproven),
		fail(renewal.OutcomeRejected), ok(renewal.OutcomeDone), fail(renewal.OutcomeExpired),
	}
}

// RenewalInput is the renewal state's input from a check environment and
// this run's net.mtls finding: the one computation (renewal.Compute) that
// the checklist, the command line, the window and the report share.
func RenewalInput(e *Env, mtls Finding) renewal.Input {
	in := renewal.Input{Now: e.now(), Profile: e.Profile, Entries: e.Inventory.Entries, Restart: e.restart(),
		LastImport: e.LastImport, Windows: runtime.GOOS == "windows", Proofs: append([]renewal.Proof{}, e.Proofs...)}
	if e.URL != nil {
		in.Host = e.URL.Hostname()
	}
	in.Stores = RenewalStores(e.Inventory)
	if p, ok := HandshakeProof(mtls, in.Host, in.Now); ok {
		in.Proofs = append(in.Proofs, p)
	}
	return in
}

// RenewalStores are the stores a browser reads, as the renewal sees them.
func RenewalStores(inv Inventory) []renewal.Store {
	var out []renewal.Store
	for _, s := range inv.Stores {
		if s.Expected && s.Available == nil {
			out = append(out, renewal.Store{Reader: s.Reader, Location: s.Location, Unreadable: s.ListErr != nil})
		}
	}
	return out
}

// HandshakeProof is what a net.mtls finding proves about the certificate
// it presented.
func HandshakeProof(mtls Finding, host string, at time.Time) (renewal.Proof, bool) {
	if mtls.ID != NetMTLS {
		return renewal.Proof{}, false
	}
	return renewal.ProofOf(mtls.Outcome, mtls.Facts.String("sha256"), mtls.Facts.String("signer"), host, at)
}

// checkRenewal: the manual's 3-3 — during the renewal period the new
// certificate is installed beside the old one in every store, and proven.
func checkRenewal(_ context.Context, e *Env, deps map[string]Finding) Finding {
	st := renewal.Compute(RenewalInput(e, deps[NetMTLS]))
	facts := RenewalFacts(st)
	if e.URL == nil && facts != nil {
		// Proving the new certificate needs the system address first.
		facts["no_address"] = true
	}
	return finding(CertRenewal, st.Outcome, facts)
}

// RenewalFacts are a state's facts as the check's words use them: the
// certificate the outcome is about (name, issuer, not_after, days_left),
// the old one's end (old_date), the stores with and without the successor,
// the period's end and the next step.
func RenewalFacts(st renewal.State) Facts {
	f := Facts{"next": string(st.Next), "end_date": st.Window.End.UTC(), "window_open": st.Window.Open}
	about := st.Current
	switch st.Outcome {
	case renewal.OutcomeMissing, renewal.OutcomeExpired:
		about = st.Expiring
	case renewal.OutcomePartial, renewal.OutcomeUnproven, renewal.OutcomeRejected, renewal.OutcomeDone:
		about = st.Successor
	}
	if about != nil {
		f["name"], f["issuer"], f["not_after"], f["days_left"], f["sha256"] = about.Name, about.Issuer, about.NotAfter, about.DaysLeft, about.SHA256
	}
	if st.Expiring != nil && st.Successor != nil {
		f["old_date"] = st.Expiring.NotAfter
	}
	var present, missing []any
	for _, s := range st.Stores {
		ref := map[string]any{"reader": s.Reader.Kind, "location": s.Location}
		if s.Reader.Profile != "" {
			ref["profile"] = s.Reader.Profile
		}
		switch {
		case s.Successor:
			present = append(present, ref)
		case !s.Unreadable:
			missing = append(missing, ref)
		}
	}
	if st.Successor != nil {
		f["present"], f["missing"] = present, missing
		f["proof"] = st.Proof.Status
		if st.Proof.Signer != "" {
			f["signer"] = st.Proof.Signer
		}
		if !st.Proof.At.IsZero() {
			f["proven_at"] = st.Proof.At.UTC()
		}
		if st.Proof.Outcome != "" {
			f["handshake"] = st.Proof.Outcome
		}
	}
	if len(st.Removable) > 0 {
		f["removable"] = len(st.Removable)
	}
	return f
}
