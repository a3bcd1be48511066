// Package renewal is the yearly renewal season as data (the manual's 3-3:
// from early December to January 10 every user downloads the new
// certificate, installs it beside the old one, restarts and picks the new
// one). Compute turns what is installed, what was proven and the clock into
// one State — which certificate is in use, which one expires and when,
// whether its successor is in every store the browsers read, whether a
// mutual-TLS handshake proved it, and the one next thing to do — so that the
// command line, the checklist (cert.renewal), the window, the reminder and
// the support report all say the same. Nothing here touches the system.
package renewal

import (
	"crypto/x509"
	"sort"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Next is what the user should do next (stable codes: JSON, the reminder,
// the window's renewal step).
type Next string

// Next steps, in the season's order.
const (
	// Fetch: download the new certificate in the system (the profile's
	// download menu; every user can during the renewal period).
	Fetch Next = "fetch"
	// Install: a downloaded successor waits in the download folder.
	Install Next = "install"
	// InstallEverywhere: the successor is in some of the browsers' stores,
	// not in all.
	InstallEverywhere Next = "install-everywhere"
	// Prove: the successor is installed but no mutual-TLS handshake has
	// shown that the server accepts it (or the last one was refused).
	Prove Next = "prove"
	// Restart: proven, but a browser (or, on Windows, the PC) has not
	// restarted since the install, so it does not offer it yet.
	Restart Next = "restart"
	// CleanupLater: done; the old certificate may be removed once it has
	// expired or the renewal period is over (optional, as the manual says).
	CleanupLater Next = "cleanup-later"
	// Nothing: nothing to do.
	Nothing Next = "nothing"
)

// Outcome codes of the cert.renewal check (stable, see the check catalog).
const (
	OutcomeNone      = "none"               // no certificate of this environment is installed
	OutcomeNotSeason = "not-season"         // outside the renewal period, nothing due
	OutcomeCurrent   = "current"            // in the period, the installed one already lasts beyond it
	OutcomeMissing   = "successor-missing"  // the certificate expires in this renewal; no successor
	OutcomePartial   = "successor-partial"  // the successor is in some stores only
	OutcomeUnproven  = "successor-unproven" // installed everywhere, not proven
	OutcomeRejected  = "successor-rejected" // the server refused the successor
	OutcomeDone      = "done"               // installed everywhere and proven
	OutcomeExpired   = "old-expired"        // the certificate expired and nothing replaces it
)

// Cert is a certificate as the user sees it in the browser's popup and in
// the manual's lists (発行先, 発行者, 有効期限), plus the helpdesk's fingerprint.
type Cert struct {
	Name      string    `json:"name"`   // 発行先 (subject common name)
	Issuer    string    `json:"issuer"` // 発行者
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"` // 有効期限
	SHA256    string    `json:"sha256"`
	Status    string    `json:"status"` // certfile.Status at the state's clock
	DaysLeft  int       `json:"days_left"`
	// Locations are the stores holding it (for removable certificates).
	Locations []string `json:"locations,omitempty"`
}

// StoreState is one store a browser reads: does it hold the old and the
// new certificate.
type StoreState struct {
	store.Reader
	Location string `json:"location"`
	// Current: it holds the certificate that expires in this renewal.
	Current bool `json:"current"`
	// Successor: it holds a certificate of this environment valid beyond
	// the renewal, with its key.
	Successor bool `json:"successor"`
	// Unreadable: the store could not be listed (neither is known).
	Unreadable bool `json:"unreadable,omitempty"`
}

// Proof statuses.
const (
	Proven   = "proven"   // the server accepted the successor in a mutual-TLS handshake
	Rejected = "rejected" // the server refused it
	Untested = "untested" // no handshake with it yet
)

// Proof is the result of a mutual-TLS handshake presenting a certificate.
type Proof struct {
	Status string    `json:"status"`
	SHA256 string    `json:"sha256,omitempty"`
	Host   string    `json:"host,omitempty"`
	At     time.Time `json:"at,omitzero"`
	// Signer is "store" when the installed key signed (what the browser
	// will use), "file" when the downloaded file's key did (a store the
	// tool cannot sign with, such as NSS: the same key pair).
	Signer string `json:"signer,omitempty"`
	// Outcome is the net.mtls outcome of that handshake.
	Outcome string `json:"outcome,omitempty"`
}

// ProofOf turns a net.mtls outcome into a proof of the certificate it
// presented (ok is false when the handshake proved nothing either way: no
// address, not reached, nothing offered ...).
func ProofOf(outcome, sha256, signer, host string, at time.Time) (Proof, bool) {
	p := Proof{SHA256: sha256, Signer: signer, Host: host, At: at, Outcome: outcome}
	switch outcome {
	case "accepted", "accepted-file":
		p.Status = Proven
	case "wrong-ca", "rejected", "cert-expired", "no-cert-sent":
		p.Status = Rejected
	default:
		return Proof{}, false
	}
	if sha256 == "" {
		return Proof{}, false
	}
	return p, true
}

// RestartNeed says what has not restarted since the last install.
type RestartNeed struct {
	// Browsers started before the last install and still running.
	Browsers []string `json:"browsers,omitempty"`
	// PC: on Windows the manual asks for a PC restart after installing.
	PC bool `json:"pc,omitempty"`
}

// Window is the renewal period that contains now (Open), else the next one.
type Window struct {
	Open  bool      `json:"open"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Download is a certificate file found in a download folder.
type Download struct {
	Path string
	Cert *x509.Certificate
}

// Input is what the state is computed from.
type Input struct {
	Now     time.Time
	Profile *profile.Profile
	// Host is the system address's host ("" when unknown: the environment
	// is then the one of the longest-valid vendor certificate).
	Host string
	// Stores are the stores a browser reads (expected and available).
	Stores []Store
	// Entries are every certificate the stores hold.
	Entries []store.Entry
	// Proofs are handshakes remembered from earlier runs and this run's.
	Proofs []Proof
	// Restart facts: running browsers and boot time, the last install.
	Restart    machine.Restart
	LastImport time.Time
	Windows    bool
	// Downloads are certificate files found in the download folders.
	Downloads []Download
}

// Store is a store a browser reads.
type Store struct {
	Reader     store.Reader
	Location   string
	Unreadable bool
}

// State is the renewal season for the system address.
type State struct {
	Host   string `json:"host,omitempty"`
	Window Window `json:"window"`
	// Current is the certificate in use now: the one that expires in this
	// renewal while it is valid, else the longest-valid one.
	Current *Cert `json:"current"`
	// Expiring is the certificate that expires in this renewal (nil when
	// none does, or it already expired and was replaced).
	Expiring *Cert `json:"expiring"`
	// Successor is the installed certificate of the same environment (same
	// names) that is valid beyond the renewal and replaces Expiring (or an
	// expired one).
	Successor *Cert `json:"successor"`
	// Stores: per store the browsers read, old and new.
	Stores []StoreState `json:"stores"`
	// SuccessorEverywhere: every readable store holds the successor.
	SuccessorEverywhere bool        `json:"successor_everywhere"`
	Proof               Proof       `json:"proof"`
	Restart             RestartNeed `json:"restart"`
	// Removable are old certificates that may be deleted now: expired
	// vendor certificates, and ones superseded by a proven successor once
	// their renewal period is over.
	Removable []Cert `json:"removable"`
	// Downloaded is a successor waiting in a download folder.
	Downloaded string `json:"downloaded,omitempty"`
	// Due: the longest-valid certificate expires in this renewal (or within
	// the warning period): the new one must be fetched.
	Due     bool   `json:"due"`
	Outcome string `json:"outcome"`
	Next    Next   `json:"next"`

	env       string // the environment's names (when Host is unknown)
	installed []Cert // every installed certificate of the environment
	domains   []string
}

// Compute computes the state.
func Compute(in Input) State {
	p, now := in.Profile, in.Now
	st := State{Host: in.Host, Window: window(p, now), Next: Nothing, domains: p.Domains,
		Stores: []StoreState{}, Removable: []Cert{}, Proof: Proof{Status: Untested}}
	vendor := vendorEntries(in.Entries, p.Domains)
	envEntries := st.environment(vendor, now, p)
	for _, e := range dedupe(envEntries) {
		st.installed = append(st.installed, certOf(e, now, p))
	}
	var usable []store.Entry
	for _, e := range envEntries {
		if Usable(e, now, p) {
			usable = append(usable, e)
		}
	}
	latest, hasLatest := latestOf(usable)
	switch {
	case len(envEntries) == 0:
		st.Outcome, st.Next = OutcomeNone, Fetch
		st.fill(in, nil, nil)
		st.download(in)
		return st
	case !hasLatest:
		last, _ := latestOf(envEntries)
		c := certOf(last, now, p)
		st.Expiring, st.Outcome, st.Next = &c, OutcomeExpired, Fetch
		st.fill(in, &c, nil)
		st.download(in)
		return st
	}
	lc := certOf(latest, now, p)
	st.Current = &lc
	st.Due = p.ExpiringSoon(latest.Cert.NotAfter, now)
	if st.Due {
		st.Expiring, st.Outcome, st.Next = &lc, OutcomeMissing, Fetch
		st.fill(in, &lc, nil)
		st.download(in)
		st.removable(vendor, nil, now, p)
		return st
	}
	// The longest-valid certificate lasts beyond the renewal: older ones of
	// the environment make it a successor.
	var older, oldValid []store.Entry
	for _, e := range envEntries {
		if e.Cert.NotAfter.Before(latest.Cert.NotAfter) && e.SHA256() != latest.SHA256() {
			older = append(older, e)
			if Usable(e, now, p) && p.ExpiringSoon(e.Cert.NotAfter, now) {
				oldValid = append(oldValid, e)
			}
		}
	}
	if len(oldValid) == 0 && !anyExpired(older, now, p) {
		st.Outcome = OutcomeNotSeason
		if st.Window.Open {
			st.Outcome = OutcomeCurrent
		}
		st.fill(in, &lc, nil)
		st.removable(vendor, nil, now, p)
		return st
	}
	st.Successor = &lc
	if old, ok := latestOf(oldValid); ok {
		oc := certOf(old, now, p)
		st.Expiring, st.Current = &oc, &oc
	}
	st.fill(in, st.Expiring, &lc)
	st.Proof = proofFor(in.Proofs, lc.SHA256, in.Host)
	present := 0
	for _, s := range st.Stores {
		if s.Successor {
			present++
		}
	}
	readable := 0
	for _, s := range st.Stores {
		if !s.Unreadable {
			readable++
		}
	}
	st.SuccessorEverywhere = readable > 0 && present == readable
	switch {
	case !st.SuccessorEverywhere:
		st.Outcome, st.Next = OutcomePartial, InstallEverywhere
	case st.Proof.Status == Rejected:
		st.Outcome, st.Next = OutcomeRejected, Prove
	case st.Proof.Status != Proven:
		st.Outcome, st.Next = OutcomeUnproven, Prove
	default:
		st.Outcome = OutcomeDone
		switch {
		case len(st.Restart.Browsers) > 0 || st.Restart.PC:
			st.Next = Restart
		case len(older) > 0:
			st.Next = CleanupLater
		}
	}
	st.removable(vendor, &lc, now, p)
	return st
}

// Usable reports whether a browser would offer the certificate: key
// present, within its dates, client-auth and digital-signature usage (as
// the checklist's).
func Usable(e store.Entry, now time.Time, p *profile.Profile) bool {
	return e.HasKey && e.Validity(now, p).Status.Usable() &&
		certfile.AllowsClientAuth(e.Cert) && certfile.AllowsDigitalSignature(e.Cert)
}

// environment picks the vendor certificates of the system address's
// environment: those naming Host; without Host, those with the names of
// the longest-valid one.
func (st *State) environment(vendor []store.Entry, now time.Time, p *profile.Profile) []store.Entry {
	var out []store.Entry
	if st.Host != "" {
		for _, e := range vendor {
			if certfile.MatchHost(e.Cert, st.Host, p.Domains) == certfile.MatchExact {
				out = append(out, e)
			}
		}
		return out
	}
	var usable []store.Entry
	for _, e := range vendor {
		if Usable(e, now, p) {
			usable = append(usable, e)
		}
	}
	pick, ok := latestOf(usable)
	if !ok {
		if pick, ok = latestOf(vendor); !ok {
			return nil
		}
	}
	st.env = envKey(pick.Cert)
	for _, e := range vendor {
		if envKey(e.Cert) == st.env {
			out = append(out, e)
		}
	}
	return out
}

// fill sets the per-store view and the restart facts.
func (st *State) fill(in Input, old, successor *Cert) {
	p, now := in.Profile, in.Now
	for _, s := range in.Stores {
		ss := StoreState{Reader: s.Reader, Location: s.Location, Unreadable: s.Unreadable}
		for _, e := range in.Entries {
			if e.Location != s.Location {
				continue
			}
			if old != nil && e.SHA256() == old.SHA256 {
				ss.Current = true
			}
			// A re-issued successor (another serial, same environment and
			// lasting beyond the renewal) counts as well.
			if successor != nil && (e.SHA256() == successor.SHA256 ||
				Usable(e, now, p) && !p.ExpiringSoon(e.Cert.NotAfter, now) && st.sameEnv(e.Cert)) && e.HasKey {
				ss.Successor = true
			}
		}
		st.Stores = append(st.Stores, ss)
	}
	if !in.LastImport.IsZero() {
		for name, started := range in.Restart.Running {
			if started.Before(in.LastImport) {
				st.Restart.Browsers = append(st.Restart.Browsers, name)
			}
		}
		sort.Strings(st.Restart.Browsers)
		st.Restart.PC = in.Windows && !in.Restart.Boot.IsZero() && in.Restart.Boot.Before(in.LastImport)
	}
}

// download notes a successor waiting in a download folder: the next step
// is then to install it rather than to fetch it.
func (st *State) download(in Input) {
	for _, d := range in.Downloads {
		if d.Cert != nil && st.Classify(d.Cert) == ClassSuccessor &&
			certfile.Evaluate(d.Cert, in.Now, in.Profile).Status.Usable() {
			st.Downloaded = d.Path
			if st.Next == Fetch {
				st.Next = Install
			}
			return
		}
	}
}

// removable lists what may be deleted now: expired vendor certificates
// (any environment: browsers no longer offer them), and old certificates
// of this environment superseded by a successor that is everywhere and
// proven, once the renewal period they belong to is over.
func (st *State) removable(vendor []store.Entry, successor *Cert, now time.Time, p *profile.Profile) {
	byHash := map[string]*Cert{}
	var order []string
	add := func(e store.Entry) {
		c, ok := byHash[e.SHA256()]
		if !ok {
			cc := certOf(e, now, p)
			c = &cc
			byHash[e.SHA256()] = c
			order = append(order, e.SHA256())
		}
		for _, l := range c.Locations {
			if l == e.Location {
				return
			}
		}
		c.Locations = append(c.Locations, e.Location)
	}
	for _, e := range vendor {
		switch {
		case e.Validity(now, p).Status == certfile.Expired:
			add(e)
		case successor != nil && st.Outcome == OutcomeDone && e.SHA256() != successor.SHA256 && st.sameEnv(e.Cert) &&
			e.Cert.NotAfter.Before(successor.NotAfter) && PastItsSeason(e.Cert.NotAfter, now, p):
			add(e)
		}
	}
	for _, h := range order {
		st.Removable = append(st.Removable, *byHash[h])
	}
}

// PastItsSeason reports whether the renewal period that replaces a
// certificate ending at notAfter is over at now (the manual: after January
// 10 the old one is no longer needed).
func PastItsSeason(notAfter, now time.Time, p *profile.Profile) bool {
	// The period that contains the certificate's end, else the last one
	// before it.
	for d := 0; d <= 366; d++ {
		if _, end, open := p.Renewal.Window(notAfter.AddDate(0, 0, -d)); open {
			return now.After(end)
		}
	}
	return false
}

// Class says what a certificate file is, against what is installed.
type Class string

// Classes of a downloaded file.
const (
	ClassSuccessor  Class = "successor"  // same environment, later expiry: offer to install
	ClassSame       Class = "same"       // the very certificate is installed already
	ClassOlder      Class = "older"      // same environment, ends no later than what is installed
	ClassOtherEnv   Class = "other-env"  // another environment's, or not the vendor's
	ClassUnreadable Class = "unreadable" // not a readable PKCS#12 file with this password
)

// Classify places a certificate read from a file against the state.
func (st State) Classify(c *x509.Certificate) Class {
	if !certfile.LooksLikeVendor(c, st.domains) || !st.sameEnv(c) {
		return ClassOtherEnv
	}
	sha := certfile.Fingerprint256(c)
	var latest time.Time
	for _, in := range st.installed {
		if in.SHA256 == sha {
			return ClassSame
		}
		if in.NotAfter.After(latest) {
			latest = in.NotAfter
		}
	}
	if c.NotAfter.After(latest) {
		return ClassSuccessor
	}
	return ClassOlder
}

// sameEnv reports whether c belongs to the state's environment.
func (st State) sameEnv(c *x509.Certificate) bool {
	switch {
	case st.Host != "":
		return certfile.MatchHost(c, st.Host, st.domains) == certfile.MatchExact
	case st.env != "":
		return envKey(c) == st.env
	}
	return true
}

// Installed is every installed certificate of the environment (newest
// last).
func (st State) Installed() []Cert { return append([]Cert{}, st.installed...) }

// Season reports whether the renewal concerns the user now: the period is
// open, the certificate is due, or it expired without a successor.
func (st State) Season() bool {
	return st.Window.Open || st.Due || st.Outcome == OutcomeExpired
}

// Settled reports whether the successor is installed everywhere and
// proven (nothing left but restarting and, later, cleaning up), or there is
// nothing to renew.
func (st State) Settled() bool {
	switch st.Next {
	case Nothing, CleanupLater, Restart:
		return true
	}
	return false
}

func window(p *profile.Profile, now time.Time) Window {
	if start, end, open := p.Renewal.Window(now); open {
		return Window{Open: true, Start: start, End: end}
	}
	for d := 1; d <= 366; d++ {
		if start, end, open := p.Renewal.Window(now.AddDate(0, 0, d)); open {
			return Window{Start: start, End: end}
		}
	}
	return Window{}
}

func proofFor(proofs []Proof, sha, host string) Proof {
	best := Proof{Status: Untested}
	for _, pr := range proofs {
		if pr.SHA256 != sha || (host != "" && pr.Host != "" && !strings.EqualFold(pr.Host, host)) {
			continue
		}
		if best.Status == Untested || !pr.At.Before(best.At) {
			best = pr
		}
	}
	return best
}

func vendorEntries(entries []store.Entry, domains []string) []store.Entry {
	var out []store.Entry
	for _, e := range entries {
		if e.Cert != nil && certfile.LooksLikeVendor(e.Cert, domains) {
			out = append(out, e)
		}
	}
	return out
}

// latestOf is the entry valid the longest (ties: the fingerprint).
func latestOf(entries []store.Entry) (store.Entry, bool) {
	var best store.Entry
	found := false
	for _, e := range entries {
		if !found || e.Cert.NotAfter.After(best.Cert.NotAfter) ||
			(e.Cert.NotAfter.Equal(best.Cert.NotAfter) && e.SHA256() < best.SHA256()) {
			best, found = e, true
		}
	}
	return best, found
}

func anyExpired(entries []store.Entry, now time.Time, p *profile.Profile) bool {
	for _, e := range entries {
		if e.Validity(now, p).Status == certfile.Expired {
			return true
		}
	}
	return false
}

func dedupe(entries []store.Entry) []store.Entry {
	seen := map[string]bool{}
	var out []store.Entry
	for _, e := range entries {
		if !seen[e.SHA256()] {
			seen[e.SHA256()] = true
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Cert.NotAfter.Before(out[j].Cert.NotAfter) })
	return out
}

// envKey is an environment's identity: the certificate's names.
func envKey(c *x509.Certificate) string {
	names := certfile.Names(c)
	for i := range names {
		names[i] = strings.ToLower(strings.TrimSuffix(names[i], "."))
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "cn:" + strings.ToLower(c.Subject.CommonName)
	}
	return strings.Join(compact(names), ",")
}

func compact(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func certOf(e store.Entry, now time.Time, p *profile.Profile) Cert {
	v := e.Validity(now, p)
	return Cert{Name: e.Cert.Subject.CommonName, Issuer: e.Cert.Issuer.CommonName, NotBefore: e.Cert.NotBefore.UTC(),
		NotAfter: e.Cert.NotAfter.UTC(), SHA256: e.SHA256(), Status: string(v.Status), DaysLeft: v.DaysLeft}
}

// CertOf describes a certificate at now (a downloaded file's).
func CertOf(c *x509.Certificate, now time.Time, p *profile.Profile) Cert {
	return certOf(store.Entry{Cert: c}, now, p)
}
