package check

import (
	"context"
	"sort"
	"strings"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// inventory is the hidden step the certificate checks wait for.
var inventory = []string{"inventory"}

// CertChecks are the certificate items of the list, in display order.
func CertChecks() []Check {
	return []Check{
		simple{"cert.file", inventory, checkFile},
		simple{"cert.installed", inventory, checkInstalled},
		simple{"cert.location", inventory, checkLocation},
		simple{"cert.key", inventory, checkKey},
		simple{"cert.expiry", inventory, checkExpiry},
		simple{"cert.stale", inventory, checkStale},
		simple{"cert.multiple", inventory, checkMultiple},
		simple{"cert.match", inventory, checkMatch},
		simple{"firefox.profiles", inventory, checkFirefox},
	}
}

// simple adapts a function to Check.
type simple struct {
	id   string
	deps []string
	fn   func(ctx context.Context, env *Env, deps map[string]Finding) Finding
}

func (s simple) ID() string     { return s.id }
func (s simple) Deps() []string { return s.deps }
func (s simple) Run(ctx context.Context, env *Env, deps map[string]Finding) Finding {
	return s.fn(ctx, env, deps)
}

// vendorEntries are the inventory's certificates that look like the
// vendor's (issuer or name under the profile's domains, or naming the
// system address).
func (e *Env) vendorEntries() []store.Entry {
	var out []store.Entry
	for _, en := range e.Inventory {
		if certfile.LooksLikeVendor(en.Cert, e.Profile.Domains) ||
			(e.URL != nil && certfile.MatchHost(en.Cert, e.URL.Hostname(), e.Profile.Domains) == certfile.MatchExact) {
			out = append(out, en)
		}
	}
	return out
}

// usable are vendor certificates a browser would offer: key present,
// within their dates, client-auth and digital-signature usage.
func (e *Env) usable() []store.Entry {
	var out []store.Entry
	for _, en := range e.vendorEntries() {
		v := en.Validity(e.now(), e.Profile)
		if en.HasKey && v.Status.Usable() && certfile.AllowsClientAuth(en.Cert) && certfile.AllowsDigitalSignature(en.Cert) {
			out = append(out, en)
		}
	}
	return out
}

// usableLocations are the stores holding a certificate a browser would offer.
func (e *Env) usableLocations() map[string]bool {
	have := map[string]bool{}
	for _, en := range e.usable() {
		have[en.Location] = true
	}
	return have
}

// best is the certificate to pick: names the system address, then the
// latest expiry.
func (e *Env) best(entries []store.Entry) (store.Entry, bool) {
	if len(entries) == 0 {
		return store.Entry{}, false
	}
	sorted := append([]store.Entry{}, entries...)
	sort.SliceStable(sorted, func(i, j int) bool {
		mi, mj := e.matches(sorted[i]), e.matches(sorted[j])
		if mi != mj {
			return mi
		}
		return sorted[i].Cert.NotAfter.After(sorted[j].Cert.NotAfter)
	})
	return sorted[0], true
}

func (e *Env) matches(en store.Entry) bool {
	return e.URL != nil && certfile.MatchHost(en.Cert, e.URL.Hostname(), e.Profile.Domains) == certfile.MatchExact
}

func (e *Env) describe(en store.Entry) map[string]any {
	return map[string]any{
		"Name": en.Cert.Subject.CommonName, "Issuer": en.Cert.Issuer.CommonName,
		"Date": e.date(en.Cert.NotAfter), "SHA": certfile.Fingerprint256(en.Cert)[:16],
		"SHA1": certfile.Fingerprint1(en.Cert), "Location": en.Location,
	}
}

func (e *Env) date(t interface{ Format(string) string }) string {
	if e.Msg.Lang == "en" {
		return t.Format("2006-01-02")
	}
	return t.Format("2006/01/02")
}

func checkFile(_ context.Context, e *Env, _ map[string]Finding) Finding {
	switch {
	case e.P12Path == "":
		return e.finding("cert.file", Skip, "no_file", nil)
	case e.P12Err != nil:
		code := certfile.CodeOf(e.P12Err)
		return e.finding("cert.file", Fail, "bad", map[string]any{"Reason": e.Msg.T("file.error." + string(code))})
	}
	v := certfile.Evaluate(e.Identity.Leaf, e.now(), e.Profile)
	data := map[string]any{"Name": e.Identity.Leaf.Subject.CommonName, "Date": e.date(e.Identity.Leaf.NotAfter),
		"Days": v.DaysLeft, "Menu": e.Profile.DownloadMenu.In(string(e.Msg.Lang))}
	switch v.Status {
	case certfile.Valid:
		return e.finding("cert.file", OK, "valid", data)
	case certfile.ExpiringSoon:
		return e.finding("cert.file", Warn, "expiring", data)
	}
	return e.finding("cert.file", Fail, "unusable", data)
}

func checkInstalled(_ context.Context, e *Env, _ map[string]Finding) Finding {
	have := e.usableLocations()
	var missing, present []string
	for _, s := range e.Stores {
		if !s.Expected || s.Available != nil {
			continue
		}
		if have[s.Location] {
			present = append(present, s.Browser)
		} else {
			missing = append(missing, s.Browser)
		}
	}
	data := map[string]any{"Present": strings.Join(present, ", "), "Missing": strings.Join(missing, ", ")}
	switch {
	case len(present) == 0 && len(missing) == 0:
		return e.finding("cert.installed", Skip, "no_store", nil)
	case len(present) == 0:
		return e.finding("cert.installed", Fail, "missing", data)
	case len(missing) > 0:
		return e.finding("cert.installed", Warn, "partly", data)
	}
	return e.finding("cert.installed", OK, "installed", data)
}

func checkLocation(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if len(e.Misplaced) == 0 {
		return e.finding("cert.location", OK, "fine", nil)
	}
	var where []string
	for _, m := range e.Misplaced {
		where = append(where, m.Location)
	}
	return e.finding("cert.location", Fail, "misplaced", map[string]any{"Where": strings.Join(dedupe(where), ", ")})
}

func checkKey(_ context.Context, e *Env, _ map[string]Finding) Finding {
	vendor := e.vendorEntries()
	if len(vendor) == 0 {
		return e.finding("cert.key", Skip, "none", nil)
	}
	var without []string
	withKey := 0
	for _, en := range vendor {
		if en.HasKey {
			withKey++
		} else if en.Validity(e.now(), e.Profile).Status.Usable() {
			without = append(without, en.Location)
		}
	}
	data := map[string]any{"Where": strings.Join(dedupe(without), ", ")}
	switch {
	case withKey == 0:
		return e.finding("cert.key", Fail, "no_key", data)
	case len(without) > 0:
		return e.finding("cert.key", Warn, "some_without", data)
	}
	return e.finding("cert.key", OK, "linked", nil)
}

func checkExpiry(_ context.Context, e *Env, _ map[string]Finding) Finding {
	var keyed []store.Entry
	for _, en := range e.vendorEntries() {
		if en.HasKey {
			keyed = append(keyed, en)
		}
	}
	en, ok := e.best(keyed)
	if !ok {
		return e.finding("cert.expiry", Skip, "none", nil)
	}
	v := en.Validity(e.now(), e.Profile)
	data := e.describe(en)
	data["Days"] = v.DaysLeft
	data["Menu"] = e.Profile.DownloadMenu.In(string(e.Msg.Lang))
	switch v.Status {
	case certfile.Valid:
		return e.finding("cert.expiry", OK, "valid", data)
	case certfile.ExpiringSoon:
		return e.finding("cert.expiry", Warn, "expiring", data)
	case certfile.NotYetValid:
		return e.finding("cert.expiry", Fail, "not_yet", data)
	}
	return e.finding("cert.expiry", Fail, "expired", data)
}

func checkStale(_ context.Context, e *Env, _ map[string]Finding) Finding {
	var stale []string
	for _, en := range e.vendorEntries() {
		if en.Validity(e.now(), e.Profile).Status == "expired" {
			stale = append(stale, e.date(en.Cert.NotAfter)+" "+en.Location)
		}
	}
	if len(stale) == 0 {
		return e.finding("cert.stale", OK, "none", nil)
	}
	return e.finding("cert.stale", Warn, "stale", map[string]any{"Count": len(stale), "List": strings.Join(dedupe(stale), ", ")})
}

func checkMultiple(_ context.Context, e *Env, _ map[string]Finding) Finding {
	seen := map[string]store.Entry{}
	for _, en := range e.usable() {
		seen[en.SHA256()] = en
	}
	switch len(seen) {
	case 0:
		return e.finding("cert.multiple", Skip, "none", nil)
	case 1:
		return e.finding("cert.multiple", OK, "single", nil)
	}
	var all []store.Entry
	for _, en := range seen {
		all = append(all, en)
	}
	pick, _ := e.best(all)
	data := e.describe(pick)
	data["Count"] = len(seen)
	return e.finding("cert.multiple", Warn, "several", data)
}

func checkMatch(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("cert.match", Skip, "no_url", nil)
	}
	candidates := e.usable()
	if e.Identity != nil {
		candidates = append(candidates, store.Entry{Cert: e.Identity.Leaf, HasKey: true, Location: e.P12Path})
	}
	en, ok := e.best(candidates)
	if !ok {
		return e.finding("cert.match", Skip, "none", nil)
	}
	data := e.describe(en)
	data["Host"] = e.URL.Hostname()
	switch certfile.MatchHost(en.Cert, e.URL.Hostname(), e.Profile.Domains) {
	case certfile.MatchExact:
		return e.finding("cert.match", OK, "match", data)
	case certfile.MatchOtherEnvironment:
		return e.finding("cert.match", Fail, "other_env", data)
	}
	return e.finding("cert.match", Warn, "no_match", data)
}

func checkFirefox(_ context.Context, e *Env, _ map[string]Finding) Finding {
	have := e.usableLocations()
	var profiles, without []string
	for _, s := range e.Stores {
		if !strings.HasPrefix(s.Browser, "Firefox") {
			continue
		}
		profiles = append(profiles, s.Browser)
		if s.Available == nil && !have[s.Location] {
			without = append(without, s.Browser)
		}
	}
	data := map[string]any{"Count": len(profiles), "Without": strings.Join(without, ", ")}
	switch {
	case len(profiles) == 0:
		return e.finding("firefox.profiles", Skip, "no_firefox", nil)
	case len(without) > 0:
		return e.finding("firefox.profiles", Warn, "without", data)
	}
	return e.finding("firefox.profiles", OK, "all", data)
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
