package check

import (
	"context"
	"sort"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// vendorEntries are the inventory's certificates that look like the
// vendor's (issuer or name under the profile's domains, or naming the
// system address).
func (e *Env) vendorEntries() []store.Entry {
	var out []store.Entry
	for _, en := range e.Inventory.Entries {
		if certfile.LooksLikeVendor(en.Cert, e.Profile.Domains) || e.matches(en) {
			out = append(out, en)
		}
	}
	return out
}

// Usable reports whether a browser would offer the certificate: key
// present, within its dates, client-auth and digital-signature usage.
func Usable(en store.Entry, now time.Time, p certfile.Policy) bool {
	return en.HasKey && en.Validity(now, p).Status.Usable() &&
		certfile.AllowsClientAuth(en.Cert) && certfile.AllowsDigitalSignature(en.Cert)
}

// usable are vendor certificates a browser would offer.
func (e *Env) usable() []store.Entry {
	var out []store.Entry
	for _, en := range e.vendorEntries() {
		if Usable(en, e.now(), e.Profile) {
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
// latest expiry, then the fingerprint (a stable order).
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
		if !sorted[i].Cert.NotAfter.Equal(sorted[j].Cert.NotAfter) {
			return sorted[i].Cert.NotAfter.After(sorted[j].Cert.NotAfter)
		}
		return sorted[i].SHA256() < sorted[j].SHA256()
	})
	return sorted[0], true
}

func (e *Env) matches(en store.Entry) bool {
	return e.URL != nil && certfile.MatchHost(en.Cert, e.URL.Hostname(), e.Profile.Domains) == certfile.MatchExact
}

// storeAt is the store an entry was listed from.
func (e *Env) storeAt(en store.Entry) (StoreInfo, bool) {
	for _, si := range e.Inventory.Stores {
		if si.Location == en.Location && (en.Store == "" || si.Kind == "" || si.Kind == en.Store) {
			return si, true
		}
	}
	return StoreInfo{}, false
}

// certFacts are a certificate's public facts as the user sees them in the
// browser's picker (発行先, 発行者, 有効期限) and the helpdesk names them.
func certFacts(en store.Entry) Facts {
	return Facts{
		"name": en.Cert.Subject.CommonName, "issuer": en.Cert.Issuer.CommonName,
		"not_after": en.Cert.NotAfter.UTC(), "sha256": en.SHA256(), "location": en.Location,
	}
}

// storeRef is a store as facts: who reads it and where it is.
func storeRef(s StoreInfo) map[string]any {
	ref := map[string]any{"reader": s.Reader.Kind, "location": s.Location}
	if s.Reader.Profile != "" {
		ref["profile"] = s.Reader.Profile
	}
	return ref
}

func checkFile(_ context.Context, e *Env, _ map[string]Finding) Finding {
	switch {
	case e.P12Path == "":
		return finding(CertFile, "no-file", nil)
	case e.P12Err != nil:
		return finding(CertFile, "bad-file", Facts{"file": e.P12Path, "code": string(certfile.CodeOf(e.P12Err))})
	case e.Identity == nil || e.Identity.Leaf == nil: // named, never read
		return finding(CertFile, "no-file", nil)
	}
	en := store.Entry{Cert: e.Identity.Leaf, Location: e.P12Path}
	v := en.Validity(e.now(), e.Profile)
	facts := certFacts(en)
	facts["days_left"] = v.DaysLeft
	switch v.Status {
	case certfile.Valid:
		return finding(CertFile, "valid", facts)
	case certfile.ExpiringSoon:
		return finding(CertFile, "expiring", facts)
	}
	facts["status"] = string(v.Status)
	if v.Status == certfile.Expired {
		// Its advice differs: with only an expired certificate the user
		// cannot log in to download the new one.
		facts["expired"] = true
	}
	return finding(CertFile, "unusable", facts)
}

// fileRefused reports whether a certificate file was named that the
// install refuses: unreadable, or its certificate outside its dates.
func (e *Env) fileRefused() bool {
	switch {
	case e.P12Path == "":
		return false
	case e.P12Err != nil:
		return true
	case e.Identity == nil || e.Identity.Leaf == nil:
		return false
	}
	return !(store.Entry{Cert: e.Identity.Leaf}).Validity(e.now(), e.Profile).Status.Usable()
}

func checkInstalled(_ context.Context, e *Env, _ map[string]Finding) Finding {
	have := e.usableLocations()
	var missing, present, unreadable []any
	for _, s := range e.Inventory.Stores {
		if !s.Expected || s.Available != nil {
			continue
		}
		switch {
		case have[s.Location]:
			present = append(present, storeRef(s))
		case s.ListErr != nil:
			// A store that cannot be read is not "not installed".
			unreadable = append(unreadable, storeRef(s))
		default:
			missing = append(missing, storeRef(s))
		}
	}
	facts := Facts{"present": present, "missing": missing, "unreadable": unreadable}
	if e.fileRefused() {
		// The named file cannot be installed (cert.file failed): the fix
		// is a new file, not installing this one.
		facts["file_unusable"] = true
	}
	switch {
	case len(present) == 0 && len(missing) == 0 && len(unreadable) == 0:
		return finding(CertInstalled, "no-store", nil)
	case len(present) == 0 && len(missing) == 0:
		return finding(CertInstalled, "unreadable", facts)
	case len(present) == 0:
		return finding(CertInstalled, "missing", facts)
	case len(missing) > 0 || len(unreadable) > 0:
		return finding(CertInstalled, "partly", facts)
	}
	return finding(CertInstalled, "installed", facts)
}

func checkLocation(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if len(e.Inventory.Misplaced) == 0 {
		return finding(CertLocation, "fine", nil)
	}
	var where []string
	for _, m := range e.Inventory.Misplaced {
		where = append(where, m.Location)
	}
	return finding(CertLocation, "misplaced", Facts{"where": dedupe(where)})
}

func checkKey(ctx context.Context, e *Env, _ map[string]Finding) Finding {
	vendor := e.vendorEntries()
	if len(vendor) == 0 {
		return finding(CertKey, "none", nil)
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
	facts := Facts{"where": dedupe(without)}
	switch {
	case withKey == 0:
		return finding(CertKey, "no-key", facts)
	case len(without) > 0:
		return finding(CertKey, "some-without", facts)
	}
	if best, ok := e.best(e.usable()); ok {
		for _, kd := range e.Keys {
			if loc, ok := kd.(interface{ Location() string }); ok && loc.Location() != best.Location {
				continue
			}
			if kf, err := kd.KeyFacts(ctx, best.SHA256()); err == nil && kf.Legacy {
				return finding(CertKey, "legacy", Facts{"provider": kf.Provider, "location": best.Location})
			}
		}
	}
	return finding(CertKey, "linked", nil)
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
		return finding(CertExpiry, "none", nil)
	}
	v := en.Validity(e.now(), e.Profile)
	facts := certFacts(en)
	facts["days_left"] = v.DaysLeft
	switch v.Status {
	case certfile.Valid:
		return finding(CertExpiry, "valid", facts)
	case certfile.ExpiringSoon:
		return finding(CertExpiry, "expiring", facts)
	case certfile.NotYetValid:
		return finding(CertExpiry, "not-yet", facts)
	}
	return finding(CertExpiry, "expired", facts)
}

func checkStale(_ context.Context, e *Env, _ map[string]Finding) Finding {
	var stale []any
	seen := map[string]bool{}
	for _, en := range e.vendorEntries() {
		key := en.SHA256() + en.Location
		if en.Validity(e.now(), e.Profile).Status == certfile.Expired && !seen[key] {
			seen[key] = true
			item := map[string]any{"not_after": en.Cert.NotAfter.UTC(), "location": en.Location, "sha256": en.SHA256()}
			// The store as the user knows it (the browser that reads it);
			// the path stays in the facts for the helpdesk.
			if si, ok := e.storeAt(en); ok && si.Reader.Kind != "" {
				item["reader"] = si.Reader.Kind
				if si.Reader.Profile != "" {
					item["profile"] = si.Reader.Profile
				}
			}
			stale = append(stale, item)
		}
	}
	if len(stale) == 0 {
		return finding(CertStale, "none", nil)
	}
	return finding(CertStale, "stale", Facts{"count": len(stale), "certificates": stale})
}

func checkMultiple(_ context.Context, e *Env, _ map[string]Finding) Finding {
	seen := map[string]store.Entry{}
	for _, en := range e.usable() {
		seen[en.SHA256()] = en
	}
	switch len(seen) {
	case 0:
		return finding(CertMultiple, "none", nil)
	case 1:
		return finding(CertMultiple, "single", nil)
	}
	var all []store.Entry
	for _, en := range seen {
		all = append(all, en)
	}
	pick, _ := e.best(all)
	facts := certFacts(pick)
	facts["count"] = len(seen)
	facts["matches_address"] = e.matches(pick)
	return finding(CertMultiple, "several", facts)
}

func checkMatch(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if e.URL == nil {
		return finding(CertMatch, OutcomeNoURL, nil)
	}
	candidates := e.usable()
	if e.Identity != nil {
		candidates = append(candidates, store.Entry{Cert: e.Identity.Leaf, HasKey: true, Location: e.P12Path})
	}
	en, ok := e.best(candidates)
	if !ok {
		return finding(CertMatch, "none", nil)
	}
	facts := certFacts(en)
	facts["host"] = e.URL.Hostname()
	switch certfile.MatchHost(en.Cert, e.URL.Hostname(), e.Profile.Domains) {
	case certfile.MatchExact:
		return finding(CertMatch, "match", facts)
	case certfile.MatchOtherEnvironment:
		return finding(CertMatch, "other-env", facts)
	}
	return finding(CertMatch, "no-match", facts)
}

func checkFirefox(_ context.Context, e *Env, _ map[string]Finding) Finding {
	have := e.usableLocations()
	var profiles, without []any
	for _, s := range e.Inventory.Stores {
		if s.Reader.Kind != store.ReaderFirefox {
			continue
		}
		profiles = append(profiles, storeRef(s))
		if (s.Available == nil && !have[s.Location]) || s.ListErr != nil {
			// A profile the tool could not use (an old database, a read
			// error) does not have the certificate either.
			without = append(without, storeRef(s))
		} else if s.Available != nil && !isServedElsewhere(s.Available) {
			without = append(without, storeRef(s))
		}
	}
	facts := Facts{"count": len(profiles), "without": without}
	if u, ok := firefoxUnlisted(e.Inventory.Unlisted); ok {
		// A profile list that cannot be read is not "no Firefox": the
		// profiles it names are unknown.
		facts["file"] = u.Path
		facts["read_error"] = ReadErrorKind(u.Err)
		return finding(FirefoxProfiles, "unreadable", facts)
	}
	switch {
	case len(profiles) == 0 && e.demoOnly():
		// The demo installs into its scratch store only: the machine's
		// Firefox profiles (started or not) are not part of it.
		return finding(FirefoxProfiles, "no-firefox", Facts{"demo": true})
	case len(profiles) == 0 && e.firefoxInstalled():
		// Installed but never started: no profile exists yet.
		return finding(FirefoxProfiles, "not-started", nil)
	case len(profiles) == 0:
		return finding(FirefoxProfiles, "no-firefox", nil)
	case len(without) > 0:
		return finding(FirefoxProfiles, "without", facts)
	}
	return finding(FirefoxProfiles, "all", facts)
}

// firefoxUnlisted is the first Firefox profile list that could not be read.
func firefoxUnlisted(lists []store.Unlisted) (store.Unlisted, bool) {
	for _, u := range lists {
		if u.Reader.Kind == store.ReaderFirefox {
			return u, true
		}
	}
	return store.Unlisted{}, false
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
