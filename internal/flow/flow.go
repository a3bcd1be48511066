// Package flow is the use-case layer: the one place that orchestrates.
// Both front-ends (the command line in internal/cli, the window in app/)
// call it and only render what it returns:
//
//   - Install: every chosen store, one timeout, results streamed as each
//     store finishes, each read back; remembers the last import.
//   - Diagnose: the only place a check environment is built (stores, proxy,
//     --resolve, extra CAs, identity, clock), then the checklist, its
//     verdict and the one next step.
//   - Report: inventory, machine, proxy, Firefox profiles, checklist and
//     screenshots, masked on a copy.
//   - Expired / Delete: the optional removal of expired vendor certificates.
//
// Stores are discovered once per Flow (a run of the program), listed once,
// and refreshed explicitly after a change.
package flow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Deps are the flow's seams: everything with a side effect.
type Deps struct {
	Profile *profile.Profile
	// Find discovers the stores for a selection (platform/stores.Find).
	Find store.Finder
	// Machine reads OS facts (platform/facts.Source); zero means unknown.
	Machine machine.Source
	// SettingsPath is where the system address and the last import are
	// remembered ("" = nothing is remembered).
	SettingsPath string
	Now          func() time.Time
	Version      string
	// Warm loads what the stores need (the NSS library) without opening
	// or writing anything, so that it can run while a file is being
	// proven (platform/stores.Warm; nil: nothing to load).
	Warm func()
}

// Flow is one run of the program over one store selection.
type Flow struct {
	d   Deps
	sel store.Selection

	mu        sync.Mutex
	found     bool
	stores    []store.Store
	storesErr error
	// unlisted are the lists of stores that could not be read (a Firefox
	// profiles.ini) while others were found: facts for the inventory.
	unlisted []store.Unlisted
	inv      *check.Inventory
	// lastImport is this run's last install: known to the checklist even
	// where nothing is remembered (the demo, an unwritable settings file).
	lastImport time.Time

	factsOnce sync.Once
	osInfo    machine.OSInfo
	browsers  []machine.Browser

	restartMu sync.Mutex
	restart   machine.Restart
	restartAt time.Time // when restart was read (zero: never)
}

// New returns a flow over the stores sel selects.
func New(d Deps, sel store.Selection) *Flow {
	if sel.Kind == "" {
		sel.Kind = "all"
	}
	return &Flow{d: d, sel: sel}
}

// Profile is the vendor profile.
func (f *Flow) Profile() *profile.Profile { return f.d.Profile }

// Version is the tool's version.
func (f *Flow) Version() string { return f.d.Version }

// Now is the flow's clock.
func (f *Flow) Now() time.Time {
	if f.d.Now != nil {
		return f.d.Now()
	}
	return time.Now()
}

// ErrNoStores means this build or selection has no certificate stores.
var ErrNoStores = errors.New("no certificate stores")

// Stores returns the selected stores, discovered once.
func (f *Flow) Stores() ([]store.Store, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.found {
		f.found = true
		if f.d.Find == nil {
			f.storesErr = ErrNoStores
		} else {
			f.stores, f.storesErr = f.d.Find(f.sel)
			// The lists that could not be read are facts for the checks
			// even when no store is left (Windows or macOS with only
			// NSS asked for); then they are also why there is none.
			var ue *store.UnlistedError
			if errors.As(f.storesErr, &ue) {
				f.unlisted = ue.Lists
				if len(f.stores) > 0 {
					f.storesErr = nil
				}
			}
		}
	}
	return f.stores, f.storesErr
}

// Refresh forgets what the stores hold (after an install or a deletion);
// with rediscover it also finds the stores again (a new Firefox profile).
func (f *Flow) Refresh(rediscover bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inv = nil
	f.restartMu.Lock()
	f.restartAt = time.Time{}
	f.restartMu.Unlock()
	if rediscover {
		f.found, f.stores, f.storesErr, f.unlisted = false, nil, nil, nil
	}
}

// Inventory lists every store once (cached until Refresh).
func (f *Flow) Inventory(ctx context.Context) check.Inventory {
	f.mu.Lock()
	if f.inv != nil {
		inv := *f.inv
		f.mu.Unlock()
		return inv
	}
	f.mu.Unlock()
	targets, _ := f.Stores()
	inv := listStores(ctx, targets, f.d.Profile.Domains)
	f.mu.Lock()
	inv.Unlisted = append([]store.Unlisted(nil), f.unlisted...)
	f.inv = &inv
	f.mu.Unlock()
	return inv
}

// listOne lists a store's certificates and, where it can hold them, its
// orphan keys: in one read when the store can (NSS), else in two.
func listOne(ctx context.Context, s store.Store) ([]store.Entry, []store.Orphan, error) {
	if wl, ok := s.(store.WholeLister); ok {
		return wl.ListWithOrphans(ctx)
	}
	entries, err := s.List(ctx)
	var orphans []store.Orphan
	if ol, ok := s.(store.OrphanLister); ok {
		orphans, _ = ol.Orphans(ctx)
	}
	return entries, orphans, err
}

// listStores lists every store (also those whose browser reads another
// store, for the inventory) and the certificates in the wrong places.
func listStores(ctx context.Context, targets []store.Store, domains []string) check.Inventory {
	var inv check.Inventory
	for _, s := range targets {
		reader, _ := store.ReaderOf(s)
		info := check.StoreInfo{Kind: s.Kind(), Location: s.Location(), Reader: reader, Available: s.Available()}
		served := errors.Is(info.Available, store.ErrServedElsewhere)
		info.Expected = info.Available == nil
		if info.Available == nil || served {
			entries, orphans, err := listOne(ctx, s)
			inv.Orphans = append(inv.Orphans, orphans...)
			if err != nil {
				info.ListErr = fmt.Errorf("list %s: %w", s.Location(), err)
			}
			inv.Entries = append(inv.Entries, entries...)
		}
		inv.Stores = append(inv.Stores, info)
		if ml, ok := s.(store.MisplacedLister); ok {
			entries, _ := ml.Misplaced(ctx, domains)
			inv.Misplaced = append(inv.Misplaced, entries...)
		}
	}
	return inv
}

// Machine returns the OS and the installed browsers, read once. Which
// browsers run comes from the restart facts' reading, shared with the
// checks: the processes are scanned once, not once more for these facts.
func (f *Flow) Machine() (machine.OSInfo, []machine.Browser) {
	f.factsOnce.Do(func() { f.osInfo, f.browsers = f.d.Machine.OS(f.restartFacts().Running) })
	return f.osInfo, f.browsers
}

// restartFresh is how long a reading of the restart facts is reused. A
// reading scans every process (hundreds of files on a desktop), and one
// diagnosis asks for it several times within milliseconds: its checks,
// the OS facts (which browsers run), then the renewal state of its
// summary line and of its support code.
const restartFresh = 2 * time.Second

// restartFacts returns the boot time and the running browsers, read again
// when the last reading is older than restartFresh or the flow was
// refreshed (after an install).
func (f *Flow) restartFacts() machine.Restart {
	f.restartMu.Lock()
	defer f.restartMu.Unlock()
	if f.restartAt.IsZero() || time.Since(f.restartAt) >= restartFresh {
		f.restart = f.d.Machine.RestartFacts()
		f.restartAt = time.Now()
	}
	return f.restart
}

// Settings returns what is remembered (empty when nothing or unreadable).
func (f *Flow) Settings() profile.Settings {
	if f.d.SettingsPath == "" {
		return profile.Settings{}
	}
	s, _ := profile.LoadSettings(f.d.SettingsPath)
	return s
}

// LastImport is when this tool last installed a certificate: this run's
// install, else the remembered one (zero: never).
func (f *Flow) LastImport() time.Time {
	f.mu.Lock()
	t := f.lastImport
	f.mu.Unlock()
	if saved := f.Settings().LastImport; saved.After(t) {
		return saved
	}
	return t
}

// Remember changes the remembered settings.
func (f *Flow) Remember(change func(*profile.Settings)) error {
	if f.d.SettingsPath == "" {
		return nil
	}
	return profile.UpdateSettings(f.d.SettingsPath, change)
}

// RememberURL saves the system address for later runs. The address
// already remembered is not written again: every diagnose --url would
// otherwise rewrite the same file before its checks start.
func (f *Flow) RememberURL(u *url.URL) error {
	if f.d.SettingsPath != "" {
		if s, err := profile.LoadSettings(f.d.SettingsPath); err == nil && s.URL == u.String() {
			return nil
		}
	}
	return f.Remember(func(s *profile.Settings) { s.URL = u.String() })
}

// RememberedURL is the saved system address (nil when none or invalid).
func (f *Flow) RememberedURL() *url.URL {
	raw := f.Settings().URL
	if raw == "" {
		return nil
	}
	u, err := profile.NormalizeURL(raw)
	if err != nil {
		return nil
	}
	return u
}

// Validity evaluates a certificate at the flow's clock.
func (f *Flow) Validity(en store.Entry) certfile.Validity { return en.Validity(f.Now(), f.d.Profile) }

// IsVendor reports whether a certificate is the vendor's.
func (f *Flow) IsVendor(en store.Entry) bool {
	return certfile.LooksLikeVendor(en.Cert, f.d.Profile.Domains)
}
