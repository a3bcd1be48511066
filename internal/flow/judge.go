package flow

import (
	"net/url"
	"sort"

	"rootip-cert/internal/check"
)

// Verdict is a run's conclusion (the CLI's JSON).
type Verdict string

// Verdicts.
const (
	// VerdictOK: the certificate is installed where the browsers look, the
	// server accepted it in a mutual-TLS handshake signed by the installed
	// key, and the login page loaded. Only then does the tool say "no
	// problem found".
	VerdictOK Verdict = "ok"
	// VerdictProblem: something failed; the next step says what to do.
	VerdictProblem Verdict = "problem"
	// VerdictIncomplete: nothing failed, but something decisive could not
	// be checked; Missing says what, the next step how to supply it.
	VerdictIncomplete Verdict = "incomplete"
)

// WordingOKToCheck is how an ok run with a warning row reads
// (Diagnosis.Wording): the certificate works, and there is still something
// the user has to check or do (two usable certificates: which one to pick).
const WordingOKToCheck = "ok_check"

// Wording is the key of the words a run's verdict is said with, the same
// for the command line ("diagnose.verdict."+Wording) and the window
// ("gui.verdict."+Wording): the verdict, except that an ok run with a row
// that warns does not read "no problem found" but says there is something
// to check. The verdict itself (the JSON, the exit code) stays ok: the
// decisive checks passed.
func (d Diagnosis) Wording() string {
	if d.Verdict == VerdictOK {
		for _, f := range d.Result.Findings {
			if f.Status == check.Warn {
				return WordingOKToCheck
			}
		}
	}
	return string(d.Verdict)
}

// What keeps a run from "ok" when nothing failed (Diagnosis.Missing).
const (
	MissingAddress      = "address"       // no system address
	MissingInstalled    = "installed"     // no store with the certificate was seen
	MissingInstalledKey = "installed-key" // the handshake was not signed by an installed key
	MissingLoginPage    = "login-page"    // the login page was not seen
)

// Judge gives a run its verdict and next step.
func Judge(res check.Result, u *url.URL) Diagnosis {
	d := Diagnosis{Result: res, URL: u}
	get := func(id string) check.Finding { f, _ := res.Find(id); return f }
	installed := get(check.CertInstalled)
	mtls := get(check.NetMTLS)
	page := get(check.NetHTTP)
	switch {
	case u == nil:
		d.Missing = append(d.Missing, MissingAddress)
	default:
		if mtls.Outcome != "accepted" {
			d.Missing = append(d.Missing, MissingInstalledKey)
		}
		if page.Status != check.OK {
			d.Missing = append(d.Missing, MissingLoginPage)
		}
	}
	if installed.Status != check.OK && installed.Status != check.Fail && installed.Status != check.Warn {
		d.Missing = append([]string{MissingInstalled}, d.Missing...)
	}
	switch {
	case res.Failed > 0 || installed.Status == check.Warn:
		d.Verdict = VerdictProblem
	case len(d.Missing) > 0:
		d.Verdict = VerdictIncomplete
	default:
		d.Verdict = VerdictOK
	}
	// Failures first; then what keeps the run incomplete (an address to
	// enter comes before advice on a warning); then warnings.
	d.Next, d.HasNext = NextStep(res)
	if d.Verdict == VerdictIncomplete && (!d.HasNext || d.Next.Status != check.Fail) {
		if f, ok := whatIsMissing(res); ok {
			d.Next, d.HasNext = f, true
		}
	}
	return d
}

// NextStep is the one thing to do first: failures before warnings, each in
// the manual's order (the catalog's Rank); optional advice (deleting
// expired certificates) is never the next step, nor advice made moot by
// another check's failure (which certificate to pick, while none is for
// this environment).
func NextStep(res check.Result) (check.Finding, bool) {
	failed := map[string]bool{}
	for _, f := range res.Findings {
		if f.Status == check.Fail {
			failed[f.ID] = true
		}
	}
	var candidates []check.Finding
	for _, f := range res.Findings {
		if f.Status != check.Fail && f.Status != check.Warn {
			continue
		}
		def, ok := check.Lookup(f.ID)
		if !ok {
			continue
		}
		if o, ok := def.Outcome(f.Outcome); ok && o.Optional {
			continue
		}
		silenced := false
		for _, by := range def.SilencedBy {
			silenced = silenced || failed[by]
		}
		if !silenced {
			candidates = append(candidates, f)
		}
	}
	if len(candidates) == 0 {
		return check.Finding{}, false
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		a, b := candidates[i], candidates[j]
		if (a.Status == check.Fail) != (b.Status == check.Fail) {
			return a.Status == check.Fail
		}
		return rank(a.ID) < rank(b.ID)
	})
	return candidates[0], true
}

// whatIsMissing is the finding that explains an incomplete run (no system
// address, no installed certificate to prove ...): the first, in the
// manual's order, whose outcome the catalog marks incomplete.
func whatIsMissing(res check.Result) (check.Finding, bool) {
	var best check.Finding
	found := false
	for _, f := range res.Findings {
		if check.IsIncomplete(f) && (!found || rank(f.ID) < rank(best.ID)) {
			best, found = f, true
		}
	}
	return best, found
}

func rank(id string) int {
	if d, ok := check.Lookup(id); ok {
		return d.Rank
	}
	return 1 << 20
}
