package flow

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// SuccessorRequest installs a downloaded successor beside the old
// certificate and proves it.
type SuccessorRequest struct {
	Identity *certfile.Identity
	Path     string // the file it came from (shown, and the fallback signer)
	// Prove is how to reach the system address (URL, Resolve, ServerCAs,
	// Proxy, Timeout); Identity and P12Path are set from the successor.
	// A nil URL means the remembered one; without any, nothing is proven.
	Prove DiagnoseRequest
	// Targets are the stores (nil: every available one).
	Targets []store.Store
	// Timeout bounds the install (default 60 s).
	Timeout time.Duration
}

// Pick is what to choose in the browser's certificate popup.
type Pick struct {
	IssuedTo string    // 発行先
	Issuer   string    // 発行者
	NotAfter time.Time // 有効期限 of the new certificate
	// OldNotAfter is the old certificate's end (zero when none is left):
	// the entry NOT to pick while both are offered.
	OldNotAfter time.Time
}

// RestartAdvice is what to restart so the browsers offer the new one.
type RestartAdvice struct {
	// Browsers running now: close every tab and restart them.
	Browsers []string
	// PC: restart the PC (Windows, the manual's 3-3 ⑥ and 1 ⑧).
	PC bool
}

// SuccessorResult is the install beside, the proof and what to do then.
type SuccessorResult struct {
	Class     renewal.Class
	Installed Installed
	// OldKept: the old certificate is still in every store that held it.
	OldKept bool
	Proof   renewal.Proof
	// Diagnosis is the checklist run that proved it (Proved false when no
	// run happened: no system address).
	Diagnosis Diagnosis
	Proved    bool
	Pick      Pick
	Restart   RestartAdvice
	// After is the renewal state once installed and proven.
	After Renewal
}

// ErrNotSuccessor: the file is older than what is installed or another
// environment's; nothing was installed.
var ErrNotSuccessor = errors.New("not a newer certificate for this environment")

// ErrNotProven: the identity was installed but the handshake did not
// present it (the result's Proof says what happened).
var ErrNotProven = errors.New("the new certificate was not proven")

// InstallSuccessor installs the successor beside the old certificate (an
// install never replaces: the old one stays until the user removes it),
// reads every store back, then runs the checklist with the successor as
// the identity — the mutual-TLS check signs with the installed store's key
// for that very certificate where the store can sign, else with the file's
// key (the same key pair) — and remembers the result. The old certificate
// keeps working meanwhile; nothing is switched before the proof.
func (f *Flow) InstallSuccessor(ctx context.Context, req SuccessorRequest, onEach func(InstallResult)) (SuccessorResult, error) {
	var res SuccessorResult
	if req.Identity == nil {
		return res, fmt.Errorf("install successor: no identity")
	}
	u := req.Prove.URL
	if u == nil {
		u = f.RememberedURL()
	}
	before := f.Renewal(ctx, RenewalRequest{URL: u})
	res.Class = before.State.Classify(req.Identity.Leaf)
	if res.Class != renewal.ClassSuccessor && res.Class != renewal.ClassSame {
		return res, fmt.Errorf("install %s: %w (%s)", req.Identity.Leaf.Subject.CommonName, ErrNotSuccessor, res.Class)
	}
	inst, err := f.Install(ctx, InstallRequest{Identity: req.Identity, Targets: req.Targets, Timeout: req.Timeout}, onEach)
	res.Installed = inst
	if err != nil {
		return res, err
	}
	res.OldKept = f.oldKept(ctx, before.State)
	id := req.Identity
	res.Pick = Pick{IssuedTo: id.Leaf.Subject.CommonName, Issuer: id.Leaf.Issuer.CommonName, NotAfter: id.Leaf.NotAfter}
	if old := before.State.Expiring; old != nil && old.SHA256 != id.SHA256() && res.OldKept {
		res.Pick.OldNotAfter = old.NotAfter
	}
	res.Restart = f.restartAdvice()
	res.Proof = renewal.Proof{Status: renewal.Untested, SHA256: id.SHA256()}
	if inst.Imported > 0 && u != nil {
		dreq := req.Prove
		dreq.URL, dreq.Identity, dreq.P12Path, dreq.P12Err = u, id, req.Path, nil
		res.Diagnosis, res.Proved = f.Diagnose(ctx, dreq), true
		if mtls, ok := res.Diagnosis.Result.Find(check.NetMTLS); ok {
			res.Proof.Outcome = mtls.Outcome
			if p, ok := check.HandshakeProof(mtls, u.Hostname(), f.Now()); ok && p.SHA256 == id.SHA256() {
				res.Proof = p
				_ = f.RememberProof(p)
			}
		}
	}
	if res.Proved {
		d := res.Diagnosis
		res.After = f.Renewal(ctx, RenewalRequest{URL: u, Diagnosis: &d})
	} else {
		res.After = f.Renewal(ctx, RenewalRequest{URL: u})
	}
	if inst.Imported > 0 && res.Proved && res.Proof.Status != renewal.Proven {
		return res, fmt.Errorf("prove %s: %w (%s)", id.Leaf.Subject.CommonName, ErrNotProven, res.Proof.Outcome)
	}
	return res, nil
}

// ProveSuccessor runs the mutual-TLS proof of the successor already
// installed everywhere (the renewal's "prove" step): the checklist with the
// successor as the identity — signed by the installed store's key where it
// can sign, else by a copy of the same file among downloads — and
// remembers the result. ok is false when there is nothing to prove (no
// successor, or no system address); the state returned is the one after.
func (f *Flow) ProveSuccessor(ctx context.Context, req DiagnoseRequest, downloads []Arrival) (after Renewal, d Diagnosis, ok bool) {
	u := req.URL
	if u == nil {
		u = f.RememberedURL()
	}
	before := f.Renewal(ctx, RenewalRequest{URL: u, Downloads: downloads})
	succ := before.State.Successor
	if succ == nil || u == nil {
		return before, Diagnosis{}, false
	}
	req.URL, req.Identity, req.P12Path, req.P12Err = u, nil, "", nil
	for _, a := range downloads {
		if a.Identity != nil && a.Identity.SHA256() == succ.SHA256 {
			req.Identity, req.P12Path = a.Identity, a.Path
			break
		}
	}
	// Without the file the checklist presents the best installed
	// certificate — the successor: it names the address and lasts the
	// longest — signed by its store where the store can sign.
	d = f.Diagnose(ctx, req)
	if mtls, found := d.Result.Find(check.NetMTLS); found {
		if p, proved := check.HandshakeProof(mtls, u.Hostname(), f.Now()); proved && p.SHA256 == succ.SHA256 {
			_ = f.RememberProof(p)
		}
	}
	return f.Renewal(ctx, RenewalRequest{URL: u, Downloads: downloads, Diagnosis: &d}), d, true
}

// oldKept reports whether the old certificate is still in every store
// that held it before (an install must never replace it).
func (f *Flow) oldKept(ctx context.Context, before renewal.State) bool {
	old := before.Expiring
	if old == nil {
		return true
	}
	was := map[string]bool{}
	for _, s := range before.Stores {
		if s.Current {
			was[s.Location] = true
		}
	}
	for _, e := range f.Inventory(ctx).Entries {
		if e.SHA256() == old.SHA256 {
			delete(was, e.Location)
		}
	}
	return len(was) == 0
}

// restartAdvice: the browsers that run now must restart (every tab
// closed) to offer the new certificate; on Windows the manual asks for a
// PC restart too.
func (f *Flow) restartAdvice() RestartAdvice {
	var adv RestartAdvice
	for name := range f.restartFacts().Running {
		adv.Browsers = append(adv.Browsers, name)
	}
	sort.Strings(adv.Browsers)
	adv.PC = runtime.GOOS == "windows"
	return adv
}

// Removable are the old certificates that may be deleted now, every
// store's entry: expired vendor certificates (Expired), and old ones of the
// environment superseded by a successor that is installed everywhere and
// proven, once their renewal period is over (after January 10). Deleting
// them is optional (the manual: expired ones no longer show in the popup).
func (f *Flow) Removable(ctx context.Context) []store.Entry {
	inv := f.Inventory(ctx)
	st := f.renewalOf(inv, RenewalRequest{}).State
	want := map[string]bool{}
	for _, c := range st.Removable {
		want[c.SHA256] = true
	}
	var out []store.Entry
	seen := map[string]bool{}
	for _, e := range append(f.Expired(ctx), inv.Entries...) {
		key := e.SHA256() + "\x00" + e.Location
		if seen[key] || !(want[e.SHA256()] || f.IsVendor(e) && f.Validity(e).Status == certfile.Expired) {
			continue
		}
		seen[key] = true
		out = append(out, e)
	}
	return out
}
