package supportcode

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"rootip-cert/internal/check"
)

// runWith is a complete run whose checks take outcome pick(i, slot).
func runWith(verdict string, pick func(i int, c checkSlot) int) Run {
	l := latest()
	r := Run{Verdict: verdict, OS: OSWindows, Browsers: []string{BrowserChrome, BrowserEdge}, Renewal: RenewalNotDue}
	for i, c := range l.Checks {
		o := c.Outcomes[pick(i, c)]
		r.Findings = append(r.Findings, check.Finding{ID: c.ID, Status: o.Status, Outcome: o.Code})
	}
	if l.renewalInCheck() {
		r.Renewal = ""
	}
	return r
}

// wantRenewal is the state a run decodes to: from its cert.renewal row
// where the layout carries the row, else the state it was given.
func wantRenewal(r Run) Renewal {
	if !latest().renewalInCheck() {
		return r.Renewal
	}
	for _, f := range r.Findings {
		if f.ID == check.CertRenewal {
			return RenewalOfOutcome(f.Outcome)
		}
	}
	return RenewalUnknown
}

func sameRun(t *testing.T, what string, want, got Run) {
	t.Helper()
	if got.Verdict != want.Verdict || got.OS != want.OS || got.Renewal != wantRenewal(want) || !slices.Equal(got.Browsers, want.Browsers) {
		t.Fatalf("%s: decoded %+v, want %+v", what, got, want)
	}
	if len(got.Findings) != len(want.Findings) {
		t.Fatalf("%s: %d findings, want %d", what, len(got.Findings), len(want.Findings))
	}
	for i, f := range want.Findings {
		g := got.Findings[i]
		if g.ID != f.ID || g.Status != f.Status || g.Outcome != f.Outcome || len(g.Facts) != 0 {
			t.Fatalf("%s: finding %d = %s/%s/%s, want %s/%s/%s", what, i, g.ID, g.Status, g.Outcome, f.ID, f.Status, f.Outcome)
		}
	}
}

func roundTrip(t *testing.T, what string, r Run) string {
	t.Helper()
	code, err := Encode(r)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	got, err := Decode(code)
	if err != nil {
		t.Fatalf("%s: decode %s: %v", what, code, err)
	}
	if got.Version != Version() {
		t.Fatalf("%s: version %d", what, got.Version)
	}
	sameRun(t, what, r, got)
	return code
}

// TestEveryVerdictAndOutcomeRoundTrips: every verdict × every outcome of
// every check (the other checks varied too), every OS family, browser set
// and renewal state encodes and decodes to the same checklist, in 12
// characters.
func TestEveryVerdictAndOutcomeRoundTrips(t *testing.T) {
	l := latest()
	complete, _ := Lengths()
	n := 0
	for _, verdict := range l.Verdicts {
		for ci, c := range l.Checks {
			for k := range c.Outcomes {
				r := runWith(verdict, func(i int, s checkSlot) int {
					if i == ci {
						return k
					}
					return (i + k) % len(s.Outcomes)
				})
				code := roundTrip(t, fmt.Sprintf("%s %s/%s", verdict, c.ID, c.Outcomes[k].Code), r)
				if len(strings.ReplaceAll(code, "-", "")) != complete || len(code) != complete+2 {
					t.Fatalf("code %q is not XXXX-XXXX-XXXX", code)
				}
				n++
			}
		}
	}
	if n < 3*90 {
		t.Fatalf("only %d combinations tried", n)
	}
	// The largest value of every field: the layout's length holds it.
	for o, os := range l.OS {
		for mask := 0; mask < 1<<len(l.Browsers); mask++ {
			if _, possible := l.joinOSBrowsers(o, int64(mask)); l.OnlyOn != nil && !possible {
				continue // a browser this OS family does not have (Safari on Windows)
			}
			for _, ren := range l.Renewals {
				r := runWith("incomplete", func(_ int, s checkSlot) int { return len(s.Outcomes) - 1 })
				r.OS, r.Browsers = os, []string{}
				if !l.renewalInCheck() {
					r.Renewal = ren
				}
				for i, b := range l.Browsers {
					if mask&(1<<i) != 0 {
						r.Browsers = append(r.Browsers, b)
					}
				}
				roundTrip(t, fmt.Sprintf("%s %v %s", os, r.Browsers, ren), r)
			}
		}
	}
}

// TestPartialRunsRoundTrip: a run lacking checks (read back from an older
// saved run) gets the 13-character form and decodes without them.
func TestPartialRunsRoundTrip(t *testing.T) {
	_, partial := Lengths()
	for ci := range latest().Checks {
		r := runWith("problem", func(i int, s checkSlot) int { return (i * 3) % len(s.Outcomes) })
		r.Findings = slices.Delete(r.Findings, ci, ci+1)
		code := roundTrip(t, "without "+latest().Checks[ci].ID, r)
		if got := len(strings.ReplaceAll(code, "-", "")); got != partial {
			t.Fatalf("partial code %s has %d characters, want %d", code, got, partial)
		}
	}
	r := runWith("incomplete", func(_ int, s checkSlot) int { return len(s.Outcomes) - 1 })
	r.Findings = nil
	roundTrip(t, "no checks at all", r)
}

// TestLayoutLengthsAreTheShortest: each version's declared lengths are the
// shortest that hold every value, and fit the checksum's limit.
func TestLayoutLengthsAreTheShortest(t *testing.T) {
	for _, l := range layouts {
		if got := l.neededLength(false); got != l.Complete {
			t.Errorf("format %d: complete form needs %d characters, declared %d", l.Version, got, l.Complete)
		}
		if got := l.neededLength(true); got != l.Partial {
			t.Errorf("format %d: partial form needs %d characters, declared %d", l.Version, got, l.Partial)
		}
		if l.Partial > maxLength || l.Version <= 0 || l.Version >= versionRadix {
			t.Errorf("format %d: lengths %d/%d or version out of range", l.Version, l.Complete, l.Partial)
		}
	}
	if complete, _ := Lengths(); complete != 12 {
		t.Errorf("the complete code has %d characters, want 12", complete)
	}
}

// TestLatestLayoutIsTheCatalog: the newest layout is exactly the catalog
// (ids, outcome codes and statuses, in order). When it fails, the catalog
// gained a check or an outcome: add a new version (package documentation).
func TestLatestLayoutIsTheCatalog(t *testing.T) {
	l := latest()
	for _, d := range check.Catalog {
		if l.Carried[d.ID] {
			continue
		}
		i, ok := l.slot(d.ID)
		if !ok {
			t.Errorf("check %s is not in format %d: add a new version with it appended", d.ID, l.Version)
			continue
		}
		s := l.Checks[i]
		if len(s.Outcomes) != len(d.Outcomes) {
			t.Errorf("%s: format %d has %d outcomes, the catalog %d: add a new version", d.ID, l.Version, len(s.Outcomes), len(d.Outcomes))
			continue
		}
		for k, o := range d.Outcomes {
			if s.Outcomes[k].Code != o.Code || s.Outcomes[k].Status != o.Status {
				t.Errorf("%s outcome %d: format %d has %+v, the catalog %s/%s", d.ID, k, l.Version, s.Outcomes[k], o.Status, o.Code)
			}
		}
	}
	if len(l.Checks) != len(check.Catalog)-len(l.Carried) {
		t.Errorf("format %d has %d checks, the catalog %d", l.Version, len(l.Checks), len(check.Catalog))
	}
	// Older formats stay readable: their checks and outcomes are still
	// declared at the same positions (ids are never renamed).
	for _, old := range layouts {
		for _, s := range old.Checks {
			d, ok := check.Lookup(s.ID)
			if !ok {
				t.Errorf("format %d names %s, which the catalog no longer has", old.Version, s.ID)
				continue
			}
			for k, o := range s.Outcomes {
				if k >= len(d.Outcomes) || d.Outcomes[k].Code != o.Code {
					t.Errorf("format %d: %s outcome %d %q moved in the catalog", old.Version, s.ID, k, o.Code)
				}
			}
		}
	}
}

// sampleCodes are codes of many kinds: complete and partial, random runs.
func sampleCodes(t *testing.T) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(19, 2026))
	l := latest()
	var codes []string
	for i := 0; i < 40; i++ {
		r := runWith(l.Verdicts[rng.IntN(len(l.Verdicts))], func(_ int, s checkSlot) int { return rng.IntN(len(s.Outcomes)) })
		r.OS = l.OS[rng.IntN(len(l.OS))]
		if !l.renewalInCheck() {
			r.Renewal = l.Renewals[rng.IntN(len(l.Renewals))]
		}
		if i%5 == 4 {
			k := rng.IntN(len(r.Findings))
			r.Findings = slices.Delete(r.Findings, k, k+1)
		}
		c, err := Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	for _, r := range []Run{
		runWith("ok", func(int, checkSlot) int { return 0 }),
		runWith("incomplete", func(_ int, s checkSlot) int { return len(s.Outcomes) - 1 }),
	} {
		c, err := Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	return codes
}

// TestEverySubstitutionAndSwapIsRejected: for a set of codes, every
// character replaced by every other character of the alphabet, and every
// two adjacent different characters swapped, is refused as a bad checksum.
func TestEverySubstitutionAndSwapIsRejected(t *testing.T) {
	tried := 0
	for _, code := range sampleCodes(t) {
		if _, err := Decode(code); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		chars := []byte(strings.ReplaceAll(code, "-", ""))
		for i := range chars {
			for _, c := range []byte(Alphabet) {
				if c == chars[i] {
					continue
				}
				bad := slices.Clone(chars)
				bad[i] = c
				if _, err := Decode(string(bad)); !errors.Is(err, ErrBadChecksum) {
					t.Fatalf("%s with position %d → %c: err = %v, want a bad checksum", code, i+1, c, err)
				}
				tried++
			}
			if i+1 < len(chars) && chars[i] != chars[i+1] {
				bad := slices.Clone(chars)
				bad[i], bad[i+1] = bad[i+1], bad[i]
				if _, err := Decode(Format(string(bad))); !errors.Is(err, ErrBadChecksum) {
					t.Fatalf("%s with %d and %d swapped: err = %v, want a bad checksum", code, i+1, i+2, err)
				}
				tried++
			}
		}
	}
	if tried < 40*12*28 {
		t.Fatalf("only %d variants tried", tried)
	}
}

func TestDecodeErrors(t *testing.T) {
	good, err := Encode(runWith("problem", func(int, checkSlot) int { return 1 }))
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(good, "-", "")
	// withCheck completes data values with a valid check character.
	withCheck := func(data []int) string { return Format(spell(append(data, checkValue(data)))) }
	valuesOf := func(n *big.Int, width int) []int { return toBase(n, width) }
	// The largest 11-character value of version 1 (≡ 1 mod 8): beyond the layout.
	top := new(big.Int).Sub(new(big.Int).Exp(big.NewInt(base), big.NewInt(11), nil), big.NewInt(1))
	top.Sub(top, new(big.Int).Mod(new(big.Int).Sub(top, big.NewInt(1)), big.NewInt(8)))
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"zero", "0" + plain[1:], ErrBadCharacter},
		{"letter O", plain[:3] + "O" + plain[4:], ErrBadCharacter},
		{"one", plain[:5] + "1" + plain[6:], ErrBadCharacter},
		{"I", plain[:5] + "I" + plain[6:], ErrBadCharacter},
		{"lower l", plain[:5] + "l" + plain[6:], ErrBadCharacter},
		{"Q", plain[:5] + "Q" + plain[6:], ErrBadCharacter},
		{"N", plain[:5] + "N" + plain[6:], ErrBadCharacter},
		{"kana", plain[:5] + "ア" + plain[6:], ErrBadCharacter},
		{"one left out", plain[:11], ErrBadLength},
		{"two typed twice", plain[:4] + plain[3:8] + plain[7:], ErrBadLength},
		{"empty", "", ErrBadLength},
		{"far too long", strings.Repeat("2", 40), ErrBadLength},
		{"wrong check character", plain[:11] + string(Alphabet[(strings.IndexByte(Alphabet, plain[11])+1)%base]), ErrBadChecksum},
		// A well-formed code of the version after the newest (unknown here).
		{"newer version", withCheck(valuesOf(big.NewInt(int64(latest().Version+1)+8*5), 11)), ErrUnknownVersion},
		{"version zero", withCheck(valuesOf(big.NewInt(8*5), 11)), ErrUnknownVersion},
		// Version 1 but beyond what any run encodes.
		{"beyond the layout", withCheck(valuesOf(top, 11)), ErrInvalid},
		// A known version in a length it does not use.
		{"version 1 in 9 characters", withCheck(valuesOf(big.NewInt(1), 8)), ErrBadLength},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%q) = %v, want %v", tc.in, err, tc.want)
			}
			if err.Error() == "" || strings.Contains(err.Error(), "%!") {
				t.Fatalf("bad message %q", err)
			}
		})
	}
	var ce *CharError
	if _, err := Decode(plain[:3] + "O" + plain[4:]); !errors.As(err, &ce) || ce.Pos != 4 || ce.Char != 'O' {
		t.Errorf("CharError = %+v", ce)
	}
}

// TestTypedInputIsForgiving: lower case, full-width characters from a
// Japanese IME and any dash or space between groups read the same code.
func TestTypedInputIsForgiving(t *testing.T) {
	r := runWith("problem", func(i int, s checkSlot) int { return i % len(s.Outcomes) })
	code, err := Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	full := strings.Map(func(c rune) rune {
		if c == '-' {
			return 'ー'
		}
		return c + 0xFEE0
	}, code)
	for _, in := range []string{code, strings.ToLower(code), strings.ReplaceAll(code, "-", ""), strings.ReplaceAll(code, "-", " "),
		full, " " + strings.ReplaceAll(code, "-", "－") + "\n", strings.ReplaceAll(code, "-", "　")} {
		got, err := Decode(in)
		if err != nil {
			t.Fatalf("Decode(%q): %v", in, err)
		}
		sameRun(t, in, r, got)
		if n, err := Normalize(in); err != nil || n != code {
			t.Errorf("Normalize(%q) = %q, %v", in, n, err)
		}
	}
}

func TestEncodeRefusesWhatItCannotHold(t *testing.T) {
	base := runWith("ok", func(int, checkSlot) int { return 0 })
	for name, change := range map[string]func(*Run){
		"unknown verdict": func(r *Run) { r.Verdict = "maybe" },
		"unknown check":   func(r *Run) { r.Findings = append(r.Findings, check.Finding{ID: "net.ipv6", Outcome: "ok"}) },
		"unknown outcome": func(r *Run) { r.Findings[0].Outcome = "gave-up" },
		"status differs":  func(r *Run) { r.Findings[0].Status = check.Fail },
		"twice":           func(r *Run) { r.Findings = append(r.Findings, r.Findings[0]) },
		"browser":         func(r *Run) { r.Browsers = []string{"lynx"} },
		"OS":              func(r *Run) { r.OS = "plan9" },
		"renewal":         func(r *Run) { r.Renewal = "soon" },
	} {
		r := base
		r.Findings = slices.Clone(base.Findings)
		change(&r)
		if _, err := Encode(r); !errors.Is(err, ErrNotEncodable) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestAlphabet(t *testing.T) {
	if len(Alphabet) != 29 {
		t.Fatalf("alphabet has %d characters", len(Alphabet))
	}
	for _, c := range "01OIlLQN" {
		if strings.ContainsRune(strings.ToUpper(Alphabet), c) || strings.ContainsRune(Alphabet, c) {
			t.Errorf("alphabet contains %c", c)
		}
	}
	seen := map[rune]bool{}
	for _, c := range Alphabet {
		if seen[c] {
			t.Errorf("%c twice", c)
		}
		seen[c] = true
	}
}

func TestFamiliesBrowsersRenewal(t *testing.T) {
	for name, want := range map[string]OSFamily{"Windows 11 Pro": OSWindows, "macOS": OSMac, "Mac OS X": OSMac, "darwin": OSMac,
		"Linux": OSLinux, "Debian GNU/Linux 12": OSLinux, "": OSUnknown, "freebsd": OSUnknown, "windows": OSWindows} {
		if got := FamilyOf(name); got != want {
			t.Errorf("FamilyOf(%q) = %s, want %s", name, got, want)
		}
	}
	if got := BrowsersOf([]string{"Safari", "Chromium", "Firefox", "Lynx", "Chrome"}); !slices.Equal(got, []string{BrowserChrome, BrowserFirefox, BrowserSafari}) {
		t.Errorf("BrowsersOf = %v", got)
	}
	for _, tc := range []struct {
		known, has, open, due bool
		want                  Renewal
	}{
		{false, true, true, true, RenewalUnknown}, {true, false, true, false, RenewalNone}, {true, true, false, true, RenewalDue},
		{true, true, true, true, RenewalDue}, {true, true, true, false, RenewalSuccessor}, {true, true, false, false, RenewalNotDue},
	} {
		if got := RenewalOf(tc.known, tc.has, tc.open, tc.due); got != tc.want {
			t.Errorf("RenewalOf(%v) = %s, want %s", tc, got, tc.want)
		}
	}
}

// TestFormat1CodesStillDecode: a code read out before format 2 decodes as
// format 1, with its renewal state and without a renewal row.
func TestFormat1CodesStillDecode(t *testing.T) {
	r := Run{Verdict: "problem", OS: OSWindows, Browsers: []string{BrowserChrome}, Renewal: RenewalDue}
	for _, c := range v1.Checks {
		r.Findings = append(r.Findings, check.Finding{ID: c.ID, Status: c.Outcomes[0].Status, Outcome: c.Outcomes[0].Code})
	}
	code, err := encode(&v1, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(code)
	if err != nil || got.Version != 1 || got.Renewal != RenewalDue || len(got.Findings) != len(v1.Checks) {
		t.Fatalf("format 1 code %s: %+v, %v", code, got, err)
	}
	if n := len(strings.ReplaceAll(code, "-", "")); n != v1.Complete {
		t.Errorf("format 1 code has %d characters", n)
	}
}

// TestSafariOnlyOnMac: the version 2 code holds Safari only with macOS
// (or an unknown OS), which is what keeps it at 12 characters; Safari on
// Windows is not encodable rather than silently dropped.
func TestSafariOnlyOnMac(t *testing.T) {
	r := runWith("problem", func(int, checkSlot) int { return 0 })
	r.OS, r.Browsers = OSMac, []string{BrowserChrome, BrowserSafari}
	roundTrip(t, "mac with safari", r)
	r.OS = OSWindows
	if _, err := Encode(r); !errors.Is(err, ErrNotEncodable) {
		t.Errorf("safari on windows: %v", err)
	}
}
