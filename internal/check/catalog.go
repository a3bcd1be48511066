package check

import "context"

// The check ids of DESIGN.md (stable: ids may be added, never renamed).
const (
	CertFile        = "cert.file"
	CertInstalled   = "cert.installed"
	CertLocation    = "cert.location"
	CertKey         = "cert.key"
	CertExpiry      = "cert.expiry"
	CertStale       = "cert.stale"
	CertMultiple    = "cert.multiple"
	CertMatch       = "cert.match"
	FirefoxProfiles = "firefox.profiles"
	NetProxy        = "net.proxy"
	NetDNS          = "net.dns"
	NetTCP          = "net.tcp"
	NetTLS          = "net.tls"
	NetMTLS         = "net.mtls"
	NetHTTP         = "net.http"
	ClockSkew       = "clock.skew"
	RestartPending  = "restart.pending"
	CertRenewal     = "cert.renewal"
)

// Outcomes every network check can have, besides its own.
const (
	OutcomeTimeout    = "timeout"     // no answer within --timeout
	OutcomeNotReached = "not-reached" // an earlier step failed
	OutcomeNoURL      = "no-url"      // no system address given
)

// Outcome is one way a check can end.
type Outcome struct {
	Code   string
	Status Status
	// Optional: advice the user may skip (deleting expired certificates);
	// it never becomes the next step.
	Optional bool
	// Incomplete: something decisive could not be checked (no system
	// address, no installed certificate to prove); its fix says how to
	// supply it.
	Incomplete bool
}

// Def declares a check.
type Def struct {
	ID   string
	Deps []string
	// Topic is the manual section its fix refers to (profile.Manual key).
	Topic string
	// ProxyTopic, when set, replaces Topic for a finding about the proxy
	// rather than the system address (facts via_proxy): a proxy's name
	// that is not found is a company network matter, not a mistyped
	// system address.
	ProxyTopic string
	// OutcomeTopics replace Topic for these outcomes, whose fix is another
	// section's matter (a certificate of another environment is about the
	// system address, not about picking it in the popup).
	OutcomeTopics map[string]string
	// Rank orders the next step: among failures (then warnings) the lowest
	// rank is what to do first. It follows the manual's order — the
	// certificate must be there before the browser can offer it, the network
	// must reach the server before it can judge the certificate.
	Rank     int
	Outcomes []Outcome
	// SilencedBy names checks whose failure makes this one's advice moot
	// (which certificate to pick does not matter while none is for this
	// environment): the next step skips it then.
	SilencedBy []string
	run        func(ctx context.Context, env *Env, deps map[string]Finding) Finding
}

// Outcome returns the declared outcome with this code.
func (d Def) Outcome(code string) (Outcome, bool) {
	for _, o := range d.Outcomes {
		if o.Code == code {
			return o, true
		}
	}
	return Outcome{}, false
}

// inventoryID is the hidden step that lists the stores while the network
// checks already run; the certificate checks depend on it.
const inventoryID = "inventory"

var afterInventory = []string{inventoryID}

func ok(code string) Outcome   { return Outcome{Code: code, Status: OK} }
func warn(code string) Outcome { return Outcome{Code: code, Status: Warn} }
func fail(code string) Outcome { return Outcome{Code: code, Status: Fail} }
func skip(code string) Outcome { return Outcome{Code: code, Status: Skip} }

// missing is a skip that leaves the run incomplete.
func missing(code string) Outcome { return Outcome{Code: code, Status: Skip, Incomplete: true} }

// network adds the outcomes every network check shares.
func network(own ...Outcome) []Outcome {
	return append(own, missing(OutcomeNoURL), skip(OutcomeNotReached), fail(OutcomeTimeout))
}

// Catalog is every check, in display order.
var Catalog = declare()

// declared is Lookup for the checks themselves, set once the catalog
// exists (a check's result looks its outcome's status up in it).
var declared func(id string) (Def, bool)

func init() { declared = Lookup }

func declare() []Def {
	return []Def{
		// The file comes before its install: a file the install refuses
		// (expired, unreadable) is replaced first, or "install it" loops.
		{ID: CertFile, Deps: afterInventory, Topic: "renewal", Rank: 9, run: checkFile, Outcomes: []Outcome{
			skip("no-file"), fail("bad-file"), ok("valid"), warn("expiring"), fail("unusable")}},
		{ID: CertInstalled, Deps: afterInventory, Topic: "install", Rank: 10, run: checkInstalled, Outcomes: []Outcome{
			missing("no-store"), fail("missing"), warn("partly"), ok("installed"), fail("unreadable")}},
		{ID: CertLocation, Deps: afterInventory, Topic: "check.delete", Rank: 11, run: checkLocation, Outcomes: []Outcome{
			ok("fine"), fail("misplaced")}},
		{ID: CertKey, Deps: afterInventory, Topic: "check.delete", Rank: 12, run: checkKey, Outcomes: []Outcome{
			skip("none"), fail("no-key"), warn("some-without"), ok("linked"), warn("legacy")}},
		{ID: CertExpiry, Deps: afterInventory, Topic: "renewal", Rank: 13, run: checkExpiry, Outcomes: []Outcome{
			skip("none"), ok("valid"), warn("expiring"), fail("expired"), fail("not-yet")}},
		{ID: CertRenewal, Deps: []string{inventoryID, NetMTLS}, Topic: "renewal", Rank: 16, run: checkRenewal,
			SilencedBy: []string{CertInstalled}, Outcomes: renewalOutcomes()},
		{ID: CertStale, Deps: afterInventory, Topic: "check.delete", Rank: 90, run: checkStale, Outcomes: []Outcome{
			ok("none"), {Code: "stale", Status: Warn, Optional: true}}},
		{ID: CertMultiple, Deps: afterInventory, Topic: "selection", Rank: 60, run: checkMultiple,
			SilencedBy: []string{CertMatch, CertInstalled, NetMTLS}, Outcomes: []Outcome{
				skip("none"), ok("single"), warn("several")}},
		{ID: CertMatch, Deps: afterInventory, Topic: "login", Rank: 14, run: checkMatch, Outcomes: []Outcome{
			missing(OutcomeNoURL), skip("none"), ok("match"), fail("other-env"), warn("no-match")}},
		{ID: FirefoxProfiles, Deps: afterInventory, Topic: "install.firefox", Rank: 50, run: checkFirefox,
			SilencedBy: []string{CertInstalled}, Outcomes: []Outcome{
				skip("no-firefox"), warn("without"), ok("all"), warn("unreadable"), skip("not-started")}},
		{ID: NetProxy, Topic: "security", Rank: 22, run: checkProxy, Outcomes: network(
			ok("direct"), ok("proxy"), warn("pac"))},
		{ID: NetDNS, Deps: []string{NetProxy}, Topic: "login", ProxyTopic: "security", Rank: 20, run: checkDNS, Outcomes: network(
			ok("override"), ok("literal"), ok("resolved"), fail("failed"))},
		{ID: NetTCP, Deps: []string{NetDNS}, Topic: "security", Rank: 21, run: checkTCP, Outcomes: network(
			ok("connected"), ok("via-proxy"), fail("refused"), fail("proxy-refused"))},
		{ID: NetTLS, Deps: []string{NetTCP}, Topic: "security", Rank: 23, run: checkTLS, Outcomes: network(
			ok("trusted"), fail("expired"), fail("name"), fail("untrusted"), fail("invalid"), fail("handshake"))},
		{ID: NetMTLS, Deps: []string{NetTLS, inventoryID}, Topic: "selection", Rank: 30, run: checkMTLS,
			OutcomeTopics: map[string]string{"wrong-ca": "login", "cert-expired": "renewal"}, Outcomes: network(
				ok("accepted"), Outcome{Code: "accepted-file", Status: OK, Incomplete: true}, warn("not-asked"),
				missing("no-identity"), missing("needs-cert"),
				fail("wrong-ca"), fail("rejected"), fail("cert-expired"), fail("no-cert-sent"), fail("error"))},
		{ID: NetHTTP, Deps: []string{NetMTLS}, Topic: "login", Rank: 31, run: checkHTTP, Outcomes: network(
			ok("login"), ok("redirect"), Outcome{Code: "redirect-other-host", Status: Warn, Incomplete: true},
			fail("forbidden"), fail("server-down"), fail("status"))},
		{ID: ClockSkew, Deps: []string{NetHTTP, NetMTLS}, Topic: "troubleshooting", Rank: 15, run: checkClock, Outcomes: []Outcome{
			skip("no-date"), ok("fine"), warn("drift"), fail("skewed")}},
		{ID: RestartPending, Topic: "restart", Rank: 5, run: checkRestart,
			SilencedBy: []string{CertInstalled}, Outcomes: []Outcome{
				skip("no-import"), warn("browser"), warn("pc"), ok("fine")}},
	}
}

// Lookup returns the declaration of a check.
func Lookup(id string) (Def, bool) {
	for _, d := range Catalog {
		if d.ID == id {
			return d, true
		}
	}
	return Def{}, false
}

// Select returns the declarations of these checks, in catalog order.
func Select(ids ...string) []Def {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []Def
	for _, d := range Catalog {
		if want[d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// IDs are the check ids in display order.
func IDs() []string {
	out := make([]string, len(Catalog))
	for i, d := range Catalog {
		out[i] = d.ID
	}
	return out
}
