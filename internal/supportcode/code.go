package supportcode

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/renewal"
)

// OSFamily is the kind of OS the run was made on.
type OSFamily string

// OS families.
const (
	OSUnknown OSFamily = "unknown"
	OSWindows OSFamily = "windows"
	OSMac     OSFamily = "macos"
	OSLinux   OSFamily = "linux"
)

// Browser ids of the browser set (Chromium counts as Chrome: it reads the
// same store).
const (
	BrowserChrome  = "chrome"
	BrowserEdge    = "edge"
	BrowserFirefox = "firefox"
	BrowserSafari  = "safari"
)

// Renewal is the renewal season as the code carries it.
type Renewal string

// Renewal states.
const (
	// RenewalUnknown: the run did not look (no inventory).
	RenewalUnknown Renewal = "unknown"
	// RenewalNone: no usable vendor certificate is installed.
	RenewalNone Renewal = "none"
	// RenewalNotDue: outside the renewal window, the installed certificate
	// stays valid beyond the warning period.
	RenewalNotDue Renewal = "not-due"
	// RenewalDue: no installed certificate stays valid beyond the renewal:
	// the new one must be fetched and installed.
	RenewalDue Renewal = "due"
	// RenewalSuccessor: inside the renewal window, and the new certificate
	// (valid beyond the renewal) is already installed.
	RenewalSuccessor Renewal = "successor-installed"
)

// RenewalOf classifies a renewal state (flow.Renewal's fields): known is
// false when nothing was listed.
func RenewalOf(known, hasCurrent, open, due bool) Renewal {
	switch {
	case !known:
		return RenewalUnknown
	case !hasCurrent:
		return RenewalNone
	case due:
		return RenewalDue
	case open:
		return RenewalSuccessor
	}
	return RenewalNotDue
}

// RenewalOfOutcome is the renewal state a cert.renewal outcome means (the
// checklist row the user saw), so that the state and the row never
// disagree.
func RenewalOfOutcome(outcome string) Renewal {
	switch outcome {
	case renewal.OutcomeNone, renewal.OutcomeExpired:
		return RenewalNone
	case renewal.OutcomeNotSeason:
		return RenewalNotDue
	case renewal.OutcomeMissing:
		return RenewalDue
	case renewal.OutcomeCurrent, renewal.OutcomePartial, renewal.OutcomeUnproven, renewal.OutcomeRejected, renewal.OutcomeDone:
		return RenewalSuccessor
	}
	return RenewalUnknown
}

// FamilyOf names the OS family from an OS name ("Windows 11 Pro", "macOS",
// "Linux", "Debian GNU/Linux 12") or a GOOS value ("windows", "darwin").
func FamilyOf(name string) OSFamily {
	n := strings.ToLower(name)
	switch {
	case strings.HasPrefix(n, "windows"):
		return OSWindows
	case strings.HasPrefix(n, "macos"), strings.HasPrefix(n, "mac os"), strings.HasPrefix(n, "os x"), n == "darwin":
		return OSMac
	case strings.Contains(n, "linux"):
		return OSLinux
	}
	return OSUnknown
}

// BrowsersOf is the browser set from browser names ("Chrome", "Chromium",
// "Edge", "Firefox", "Safari"); other browsers are not part of the set.
func BrowsersOf(names []string) []string {
	has := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(n)
		switch {
		case strings.Contains(n, "chrom"):
			has[BrowserChrome] = true
		case strings.Contains(n, "edge"):
			has[BrowserEdge] = true
		case strings.Contains(n, "firefox"):
			has[BrowserFirefox] = true
		case strings.Contains(n, "safari"):
			has[BrowserSafari] = true
		}
	}
	var out []string
	for _, b := range latest().Browsers {
		if has[b] {
			out = append(out, b)
		}
	}
	return out
}

// Run is what a code holds: a checklist run without its facts.
type Run struct {
	// Version is the code's format version (Decode sets it; Encode writes
	// the newest).
	Version  int      `json:"format_version"`
	Verdict  string   `json:"verdict"`
	OS       OSFamily `json:"os_family"`
	Browsers []string `json:"browsers"`
	Renewal  Renewal  `json:"renewal"`
	// Findings have id, status and outcome (no facts, no durations), in
	// the layout's order; a check absent from the run is left out.
	Findings []check.Finding `json:"checks"`
}

// Errors of Decode and Encode, for errors.Is.
var (
	ErrBadCharacter   = errors.New("character not used in support codes")
	ErrBadLength      = errors.New("wrong number of characters")
	ErrBadChecksum    = errors.New("check character does not match")
	ErrUnknownVersion = errors.New("support code of an unknown version")
	ErrInvalid        = errors.New("not a support code")
	ErrNotEncodable   = errors.New("run cannot be encoded")
)

// CharError is a character a code never uses (0, O, 1, I, L, N, Q, ...).
type CharError struct {
	Pos  int // 1-based, separators not counted
	Char rune
}

func (e *CharError) Error() string {
	return fmt.Sprintf("support code: character %q at position %d: %v", e.Char, e.Pos, ErrBadCharacter)
}

// Unwrap makes errors.Is(err, ErrBadCharacter) true.
func (e *CharError) Unwrap() error { return ErrBadCharacter }

// LengthError is a code with too few or too many characters.
type LengthError struct {
	Got  int
	Want []int
}

func (e *LengthError) Error() string {
	return fmt.Sprintf("support code: %d characters, want %v: %v", e.Got, e.Want, ErrBadLength)
}

// Unwrap makes errors.Is(err, ErrBadLength) true.
func (e *LengthError) Unwrap() error { return ErrBadLength }

// VersionError is a code of a version this binary does not know.
type VersionError struct{ Version int }

func (e *VersionError) Error() string {
	return fmt.Sprintf("support code: format version %d: %v", e.Version, ErrUnknownVersion)
}

// Unwrap makes errors.Is(err, ErrUnknownVersion) true.
func (e *VersionError) Unwrap() error { return ErrUnknownVersion }

func index[T comparable](list []T, v T) (int, bool) {
	i := slices.Index(list, v)
	return i, i >= 0
}

// indexOr is index of v, or of unknown where v is empty (not recorded).
func indexOr[T ~string](list []T, v, unknown T) (int, bool) {
	if v == "" {
		v = unknown
	}
	return index(list, v)
}

// Encode writes a run as a code of the newest version (grouped
// XXXX-XXXX-XXXX). Every finding must be a check and outcome of the newest
// layout with the status the catalog declares; a run that lacks checks gets
// the longer partial form.
func Encode(r Run) (string, error) { return encode(latest(), r) }

// encode writes a run in the given layout (tests write older versions to
// prove they still decode).
func encode(l *layout, r Run) (string, error) {
	fail := func(format string, a ...any) (string, error) {
		return "", fmt.Errorf("encode support code: %s: %w", fmt.Sprintf(format, a...), ErrNotEncodable)
	}
	digits := make([]int64, 5+len(l.Checks))
	digits[0] = int64(l.Version)
	v, ok := index(l.Verdicts, r.Verdict)
	if !ok {
		return fail("verdict %q", r.Verdict)
	}
	digits[1] = int64(v)
	o, ok := indexOr(l.OS, r.OS, OSUnknown)
	if !ok {
		return fail("OS family %q", r.OS)
	}
	digits[2] = int64(o)
	for _, b := range r.Browsers {
		i, ok := index(l.Browsers, b)
		if !ok {
			return fail("browser %q", b)
		}
		digits[3] |= 1 << i
	}
	if l.OnlyOn != nil {
		joint, ok := l.joinOSBrowsers(o, digits[3])
		if !ok {
			return fail("browsers %v on OS family %q", r.Browsers, r.OS)
		}
		digits[2], digits[3] = joint, 0
	}
	if l.renewalInCheck() {
		// The state follows from the cert.renewal row; one that says
		// otherwise would decode to something else than the user saw.
		want := RenewalUnknown
		for _, f := range r.Findings {
			if f.ID == check.CertRenewal {
				want = RenewalOfOutcome(f.Outcome)
			}
		}
		if r.Renewal != "" && r.Renewal != want {
			return fail("renewal state %q, the cert.renewal row says %q", r.Renewal, want)
		}
	} else {
		rn, ok := indexOr(l.Renewals, r.Renewal, RenewalUnknown)
		if !ok {
			return fail("renewal state %q", r.Renewal)
		}
		digits[4] = int64(rn)
	}
	present := make([]bool, len(l.Checks))
	for _, f := range r.Findings {
		if l.Carried[f.ID] {
			continue
		}
		i, ok := l.slot(f.ID)
		if !ok {
			return fail("check %q is not in format %d", f.ID, l.Version)
		}
		if present[i] {
			return fail("check %q twice", f.ID)
		}
		present[i] = true
		k := slices.IndexFunc(l.Checks[i].Outcomes, func(s outcomeSlot) bool { return s.Code == f.Outcome })
		if k < 0 {
			return fail("check %s has no outcome %q in format %d", f.ID, f.Outcome, l.Version)
		}
		if want := l.Checks[i].Outcomes[k].Status; f.Status != "" && f.Status != want {
			return fail("check %s/%s has status %s, the catalog says %s", f.ID, f.Outcome, f.Status, want)
		}
		digits[5+i] = int64(k)
	}
	partial := slices.Contains(present, false)
	for i, p := range present {
		if !p {
			digits[5+i] = int64(len(l.Checks[i].Outcomes)) // absent
		}
	}
	n := compose(digits, l.radices(partial))
	length := l.Complete
	if partial {
		length = l.Partial
	}
	data := toBase(n, length-1)
	if data == nil {
		return fail("value does not fit %d characters", length) // a layout bug: its lengths are tested
	}
	return Format(spell(append(data, checkValue(data)))), nil
}

// Decode reads a code (any case, full-width, with or without separators).
// Its errors say why it is not one: a character codes never use
// (CharError), a wrong length (LengthError), a mistyped character or two
// swapped ones (ErrBadChecksum), a newer version (VersionError), or a value
// no run has (ErrInvalid).
func Decode(s string) (Run, error) {
	vals, err := parse(s)
	if err != nil {
		return Run{}, fmt.Errorf("decode support code: %w", err)
	}
	known := knownLengths()
	if len(vals) < 2 || len(vals) > maxLength {
		return Run{}, fmt.Errorf("decode support code: %w", &LengthError{Got: len(vals), Want: known})
	}
	if sum(vals) != 0 {
		if !slices.Contains(known, len(vals)) {
			// A character left out or typed twice, most likely.
			return Run{}, fmt.Errorf("decode support code: %w", &LengthError{Got: len(vals), Want: known})
		}
		return Run{}, fmt.Errorf("decode support code: %w", ErrBadChecksum)
	}
	n := new(big.Int)
	for _, v := range vals[:len(vals)-1] {
		n.Mul(n, big.NewInt(base))
		n.Add(n, big.NewInt(int64(v)))
	}
	version := int(new(big.Int).Mod(n, big.NewInt(versionRadix)).Int64())
	l, ok := layoutOf(version)
	if !ok {
		return Run{}, fmt.Errorf("decode support code: %w", &VersionError{Version: version})
	}
	var partial bool
	switch len(vals) {
	case l.Complete:
	case l.Partial:
		partial = true
	default:
		return Run{}, fmt.Errorf("decode support code: %w", &LengthError{Got: len(vals), Want: []int{l.Complete, l.Partial}})
	}
	radices := l.radices(partial)
	digits, ok := decompose(n, radices)
	if !ok {
		return Run{}, fmt.Errorf("decode support code: value beyond format %d: %w", version, ErrInvalid)
	}
	if l.OnlyOn != nil {
		o, mask := l.splitOSBrowsers(digits[2])
		digits[2], digits[3] = int64(o), mask
	}
	r := Run{Version: version, Verdict: l.Verdicts[digits[1]], OS: l.OS[digits[2]], Renewal: l.Renewals[digits[4]], Browsers: []string{}}
	for i, b := range l.Browsers {
		if digits[3]&(1<<i) != 0 {
			r.Browsers = append(r.Browsers, b)
		}
	}
	absent := 0
	for i, c := range l.Checks {
		k := digits[5+i]
		if k == int64(len(c.Outcomes)) {
			absent++
			continue // partial form: not in the run
		}
		o := c.Outcomes[k]
		r.Findings = append(r.Findings, check.Finding{ID: c.ID, Status: o.Status, Outcome: o.Code})
		if c.ID == check.CertRenewal {
			r.Renewal = RenewalOfOutcome(o.Code)
		}
	}
	if partial && absent == 0 {
		// Encode writes the complete form for a complete run: this is not
		// a code it made.
		return Run{}, fmt.Errorf("decode support code: partial form without an absent check: %w", ErrInvalid)
	}
	return r, nil
}

// knownLengths are the lengths of every version this binary reads.
func knownLengths() []int {
	var out []int
	for _, l := range layouts {
		for _, n := range []int{l.Complete, l.Partial} {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// compose is the mixed-radix value of digits (least significant first).
func compose(digits, radices []int64) *big.Int {
	n := new(big.Int)
	for i := len(digits) - 1; i >= 0; i-- {
		n.Mul(n, big.NewInt(radices[i]))
		n.Add(n, big.NewInt(digits[i]))
	}
	return n
}

// decompose splits n into mixed-radix digits; false when n is beyond them.
func decompose(n *big.Int, radices []int64) ([]int64, bool) {
	rest := new(big.Int).Set(n)
	out := make([]int64, len(radices))
	m := new(big.Int)
	for i, r := range radices {
		rest.DivMod(rest, big.NewInt(r), m)
		out[i] = m.Int64()
	}
	return out, rest.Sign() == 0
}

// toBase writes n as exactly width base-29 values, most significant
// first (nil when it does not fit).
func toBase(n *big.Int, width int) []int {
	rest := new(big.Int).Set(n)
	out := make([]int, width)
	m := new(big.Int)
	for i := width - 1; i >= 0; i-- {
		rest.DivMod(rest, big.NewInt(base), m)
		out[i] = int(m.Int64())
	}
	if rest.Sign() != 0 {
		return nil
	}
	return out
}
