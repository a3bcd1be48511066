package flow

import (
	"context"
	"net/url"
	"runtime"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

// Renewal is the renewal season as data: computed from what is installed,
// so the reminder disappears once a certificate valid beyond the coming
// renewal is installed (the manual's 3-3 ⑦: the message no longer shows).
type Renewal struct {
	// Open: today is inside the vendor's renewal window.
	Open      bool
	WindowEnd time.Time
	// Current is the installed vendor certificate of the environment a
	// browser would offer that is valid the longest (HasCurrent false when
	// none): the successor once it is installed.
	Current    store.Entry
	HasCurrent bool
	// Due: no installed vendor certificate stays valid beyond the renewal
	// (or the warning period): the user should fetch and install the new one.
	Due bool
	// State is the whole season: in use, expiring, successor per store,
	// proof, restart, removable, next step (renew --json prints it).
	State renewal.State
}

// RenewalRequest is what the renewal state is computed from besides the
// inventory, the remembered proofs and the clock.
type RenewalRequest struct {
	// URL is the system address (nil: the remembered one).
	URL *url.URL
	// Diagnosis, when set, is a checklist run whose mutual-TLS handshake
	// counts as a proof (or refusal) of the certificate it presented.
	Diagnosis *Diagnosis
	// Downloads are certificate files found in the download folders
	// (FindDownloads): a successor among them makes the next step
	// "install" instead of "fetch".
	Downloads []Arrival
}

// RenewalState computes the renewal state from the inventory and the
// remembered system address and proofs (no network).
func (f *Flow) RenewalState(inv check.Inventory) Renewal {
	return f.renewalOf(inv, RenewalRequest{})
}

// Renewal computes the renewal state: the one function the command line
// (renew, remind), the window's renewal step and the report use; the
// checklist's cert.renewal runs the same computation (renewal.Compute)
// over the same inputs.
func (f *Flow) Renewal(ctx context.Context, req RenewalRequest) Renewal {
	return f.renewalOf(f.Inventory(ctx), req)
}

func (f *Flow) renewalOf(inv check.Inventory, req RenewalRequest) Renewal {
	in := f.renewalInput(inv, req)
	st := renewal.Compute(in)
	r := Renewal{Open: st.Window.Open, Due: st.Due, State: st}
	if st.Window.Open {
		r.WindowEnd = st.Window.End
	}
	// The longest-valid usable certificate of the environment, as an entry.
	if c := st.Successor; c != nil {
		r.Current, r.HasCurrent = entryOf(inv, c.SHA256)
	} else if c := st.Current; c != nil {
		r.Current, r.HasCurrent = entryOf(inv, c.SHA256)
	}
	return r
}

func (f *Flow) renewalInput(inv check.Inventory, req RenewalRequest) renewal.Input {
	u := req.URL
	if u == nil && req.Diagnosis != nil {
		u = req.Diagnosis.URL
	}
	if u == nil {
		u = f.RememberedURL()
	}
	in := renewal.Input{Now: f.Now(), Profile: f.d.Profile, Entries: inv.Entries, Stores: check.RenewalStores(inv),
		Proofs: f.proofs(), Restart: f.restartFacts(), LastImport: f.LastImport(),
		Windows: runtime.GOOS == "windows"}
	if u != nil {
		in.Host = u.Hostname()
	}
	if d := req.Diagnosis; d != nil {
		if mtls, ok := d.Result.Find(check.NetMTLS); ok {
			at := d.Result.Started
			if at.IsZero() {
				at = in.Now
			}
			if p, ok := check.HandshakeProof(mtls, in.Host, at); ok {
				in.Proofs = append(in.Proofs, p)
			}
		}
	}
	for _, a := range req.Downloads {
		if a.Identity != nil {
			in.Downloads = append(in.Downloads, renewal.Download{Path: a.Path, Cert: a.Identity.Leaf})
		}
	}
	return in
}

func entryOf(inv check.Inventory, sha string) (store.Entry, bool) {
	for _, e := range inv.Entries {
		if e.SHA256() == sha {
			return e, true
		}
	}
	return store.Entry{}, false
}

// ReportRenewal is the renewal state in the report's one line.
func ReportRenewal(st renewal.State) *report.Renewal {
	r := &report.Renewal{Outcome: st.Outcome, Next: string(st.Next), Proof: st.Proof.Status}
	if st.Current != nil {
		r.CurrentUntil = st.Current.NotAfter
	}
	if st.Successor != nil {
		r.SuccessorUntil = st.Successor.NotAfter
		for _, s := range st.Stores {
			if !s.Unreadable {
				r.Stores++
			}
			if s.Successor {
				r.SuccessorStores++
			}
		}
	}
	return r
}
