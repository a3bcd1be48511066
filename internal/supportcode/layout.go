package supportcode

import (
	"math/big"
	"strings"

	"rootip-cert/internal/check"
)

// versionRadix is how many format versions the code can name (0 unused).
const versionRadix = 8

// outcomeSlot is one declared outcome of a check in a layout.
type outcomeSlot struct {
	Code   string
	Status check.Status
}

// checkSlot is one check of a layout, its outcomes in declared order.
type checkSlot struct {
	ID       string
	Outcomes []outcomeSlot
}

// layout is one version of the code: frozen once released.
type layout struct {
	Version  int
	Complete int // characters with every check present
	Partial  int // characters when checks may be absent
	Verdicts []string
	OS       []OSFamily
	Browsers []string // bit i is Browsers[i]
	// OnlyOn are browsers only some OS families have (an unknown family
	// may have any): when set, the OS and the browser set share one digit
	// (osbrowsers.go).
	OnlyOn   map[string]OSFamily
	Renewals []Renewal
	Checks   []checkSlot
	// Carried are checks the layout holds through another field instead of
	// a slot of their own (version 1: cert.renewal as the Renewal state).
	Carried map[string]bool
}

// slots parses "status:code" pairs.
func slots(pairs ...string) []outcomeSlot {
	out := make([]outcomeSlot, len(pairs))
	for i, p := range pairs {
		st, code, _ := strings.Cut(p, ":")
		out[i] = outcomeSlot{Code: code, Status: check.Status(st)}
	}
	return out
}

// network are the outcomes every network check has after its own.
func network(own ...string) []outcomeSlot {
	return slots(append(own, "skip:no-url", "skip:not-reached", "fail:timeout")...)
}

// v1 is the first layout: the 17 checks of DESIGN.md in catalog order.
// Never edit it; add a version instead (see the package documentation).
var v1 = layout{
	Version:  1,
	Complete: 12,
	Partial:  13,
	Verdicts: []string{"ok", "problem", "incomplete"},
	OS:       []OSFamily{OSUnknown, OSWindows, OSMac, OSLinux},
	Browsers: []string{BrowserChrome, BrowserEdge, BrowserFirefox, BrowserSafari},
	Renewals: []Renewal{RenewalUnknown, RenewalNone, RenewalNotDue, RenewalDue, RenewalSuccessor},
	Checks: []checkSlot{
		{"cert.file", slots("skip:no-file", "fail:bad-file", "ok:valid", "warn:expiring", "fail:unusable")},
		{"cert.installed", slots("skip:no-store", "fail:missing", "warn:partly", "ok:installed", "fail:unreadable")},
		{"cert.location", slots("ok:fine", "fail:misplaced")},
		{"cert.key", slots("skip:none", "fail:no-key", "warn:some-without", "ok:linked", "warn:legacy")},
		{"cert.expiry", slots("skip:none", "ok:valid", "warn:expiring", "fail:expired", "fail:not-yet")},
		{"cert.stale", slots("ok:none", "warn:stale")},
		{"cert.multiple", slots("skip:none", "ok:single", "warn:several")},
		{"cert.match", slots("skip:no-url", "skip:none", "ok:match", "fail:other-env", "warn:no-match")},
		{"firefox.profiles", slots("skip:no-firefox", "warn:without", "ok:all")},
		{"net.proxy", network("ok:direct", "ok:proxy", "warn:pac")},
		{"net.dns", network("ok:override", "ok:literal", "ok:resolved", "fail:failed")},
		{"net.tcp", network("ok:connected", "ok:via-proxy", "fail:refused", "fail:proxy-refused")},
		{"net.tls", network("ok:trusted", "fail:expired", "fail:name", "fail:untrusted", "fail:invalid", "fail:handshake")},
		{"net.mtls", network("ok:accepted", "ok:accepted-file", "warn:not-asked", "skip:no-identity", "skip:needs-cert",
			"fail:wrong-ca", "fail:rejected", "fail:cert-expired", "fail:no-cert-sent", "fail:error")},
		{"net.http", network("ok:login", "ok:redirect", "warn:redirect-other-host", "fail:forbidden", "fail:server-down", "fail:status")},
		{"clock.skew", slots("skip:no-date", "ok:fine", "warn:drift", "fail:skewed")},
		{"restart.pending", slots("skip:no-import", "warn:browser", "warn:pc", "ok:fine")},
	},
	// The renewal check is the Renewal state (due, successor installed
	// ...), so it takes no slot of its own. That state was computed apart
	// from the checklist's cert.renewal row and could say something else
	// than the user's window (issue 19): version 2 carries the row itself.
	Carried: map[string]bool{check.CertRenewal: true},
}

// v2 is v1 with firefox.profiles' outcomes "unreadable" (its profiles.ini
// cannot be read) and "not-started" (Firefox installed, never started, so
// no profile yet), the OS family and browser set in one digit (Safari
// only on macOS or an unknown OS), and cert.renewal's own outcome appended as a check, so the
// helpdesk sees the renewal row the user saw; the Renewal state follows
// from that outcome (RenewalOfOutcome) and takes no digit of its own,
// which keeps the code at 12 characters.
var v2 = layout{
	Version:  2,
	Complete: 12,
	Partial:  13,
	Verdicts: v1.Verdicts,
	OS:       v1.OS,
	Browsers: v1.Browsers,
	OnlyOn:   map[string]OSFamily{BrowserSafari: OSMac},
	Renewals: []Renewal{RenewalUnknown},
	Checks: append(v1.appendOutcome("firefox.profiles", "warn:unreadable", "skip:not-started"), checkSlot{check.CertRenewal, slots("skip:none", "ok:not-season",
		"ok:current", "warn:successor-missing", "warn:successor-partial", "warn:successor-unproven", "fail:successor-rejected",
		"ok:done", "fail:old-expired")}),
}

// layouts are every version this binary reads; the last one is written.
var layouts = []*layout{&v1, &v2}

// renewalInCheck: the layout carries the renewal as the cert.renewal
// check (version 2 on), not as a state digit.
func (l *layout) renewalInCheck() bool {
	_, ok := l.slot(check.CertRenewal)
	return ok
}

// appendOutcome is l's checks with outcomes appended to check id's list
// (a copy: l is frozen).
func (l layout) appendOutcome(id string, outcomes ...string) []checkSlot {
	checks := make([]checkSlot, len(l.Checks))
	for i, c := range l.Checks {
		c.Outcomes = append([]outcomeSlot(nil), c.Outcomes...)
		if c.ID == id {
			c.Outcomes = append(c.Outcomes, slots(outcomes...)...)
		}
		checks[i] = c
	}
	return checks
}

func latest() *layout { return layouts[len(layouts)-1] }

func layoutOf(version int) (*layout, bool) {
	for _, l := range layouts {
		if l.Version == version {
			return l, true
		}
	}
	return nil, false
}

// radices are the mixed-radix digits' sizes, least significant first.
func (l *layout) radices(partial bool) []int64 {
	r := []int64{versionRadix, int64(len(l.Verdicts)), int64(len(l.OS)), 1 << len(l.Browsers), int64(len(l.Renewals))}
	if l.OnlyOn != nil {
		r[2], r[3] = l.osBrowserRadix(), 1
	}
	for _, c := range l.Checks {
		n := int64(len(c.Outcomes))
		if partial {
			n++ // the last value: the check is absent
		}
		r = append(r, n)
	}
	return r
}

// capacity is how many values the form can hold.
func (l *layout) capacity(partial bool) *big.Int {
	c := big.NewInt(1)
	for _, r := range l.radices(partial) {
		c.Mul(c, big.NewInt(r))
	}
	return c
}

// neededLength is the shortest code (data characters plus the check
// character) that holds every value of the form.
func (l *layout) neededLength(partial bool) int {
	c := l.capacity(partial)
	p := big.NewInt(1)
	n := 0
	for p.Cmp(c) < 0 {
		p.Mul(p, big.NewInt(base))
		n++
	}
	return n + 1
}

func (l *layout) slot(id string) (int, bool) {
	for i, c := range l.Checks {
		if c.ID == id {
			return i, true
		}
	}
	return 0, false
}

// Lengths are the code lengths (without separators) of the newest version:
// complete and partial.
func Lengths() (complete, partial int) { return latest().Complete, latest().Partial }

// Version is the newest format version (the one Encode writes).
func Version() int { return latest().Version }
