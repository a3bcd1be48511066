package cli

import (
	"context"
	"fmt"
	"sort"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "list", flags: []string{"json", "store", "nss-db", "nss-password-file"}, run: runList})
}

type listEntryJSON struct {
	Store    string `json:"store"`
	Location string `json:"location"`
	Browser  string `json:"browser,omitempty"`
	certJSON
	HasKey   bool   `json:"has_key"`
	Nickname string `json:"nickname,omitempty"`
	Vendor   bool   `json:"vendor"`
}

type listJSON struct {
	Certificates []listEntryJSON `json:"certificates"`
	// Orphans are private keys without their certificate (an interrupted
	// install): never offered by a browser; delete them by their id.
	Orphans []store.Orphan `json:"orphans,omitempty"`
	Errors  []string       `json:"errors,omitempty"`
	// Summary is the one line a management tool's inventory collects.
	Summary string `json:"summary"`
}

func runList(r *run) int {
	if len(r.opts.Args) != 0 {
		return r.usageArgs(0, "list")
	}
	fl, code := r.storeFlow()
	if fl == nil {
		return code
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*3)
	defer cancel()
	inv := fl.Inventory(ctx)
	out := listJSON{Certificates: []listEntryJSON{}}
	readers := map[string]string{}
	for _, s := range inv.Stores {
		readers[s.Location] = check.ReaderName(r.msg, s.Reader.Kind, s.Reader.Profile)
		if s.ListErr != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("%s %s: %s", s.Kind, s.Location, r.errText(s.ListErr)))
		}
	}
	// A Firefox profile list that cannot be read hides its profiles'
	// certificates: the list is incomplete, never "nothing found".
	for _, u := range inv.Unlisted {
		if text, ok := r.unlistedText(u); ok {
			out.Errors = append(out.Errors, text)
		}
	}
	for _, e := range inv.Entries {
		out.Certificates = append(out.Certificates, listEntryJSON{
			Store: e.Store, Location: e.Location, Browser: readers[e.Location], certJSON: newCertJSON(e.Cert, fl.Validity(e)),
			HasKey: e.HasKey, Nickname: e.Nickname, Vendor: fl.IsVendor(e),
		})
	}
	out.Orphans = fl.Orphans(ctx)
	sort.SliceStable(out.Certificates, func(i, j int) bool {
		a, b := out.Certificates[i], out.Certificates[j]
		if a.Location != b.Location {
			return a.Location < b.Location
		}
		return a.NotAfter.After(b.NotAfter)
	})
	out.Summary = r.summaryLine(ctx, fl, nil)
	if r.opts.JSON {
		r.writeJSON(out)
	} else {
		r.printList(out)
	}
	if len(out.Errors) > 0 {
		return ExitFailed
	}
	return ExitOK
}

func (r *run) printList(out listJSON) {
	w := r.env.Stdout
	if len(out.Certificates) == 0 {
		fmt.Fprintln(w, r.msg.T("list.empty"))
	}
	loc := ""
	for _, c := range out.Certificates {
		if c.Location != loc {
			loc = c.Location
			fmt.Fprintf(w, "%s (%s)\n", c.Browser, i18n.Clean(c.Location))
		}
		key := r.msg.T("list.key_missing")
		if c.HasKey {
			key = r.msg.T("list.key_present")
		}
		fmt.Fprintf(w, "  %s  %s  %s %s  %s  %s\n", i18n.Clean(c.CommonName), r.msg.T("list.issuer", map[string]any{"Issuer": i18n.Clean(c.Issuer)}),
			r.msg.T("list.until", map[string]any{"Date": r.msg.Date(c.NotAfter)}), r.msg.T("status."+c.Status), key, c.SHA256)
	}
	for _, o := range out.Orphans {
		fmt.Fprintln(w, r.msg.T("list.orphan", map[string]any{"Label": i18n.Clean(o.Label), "KeyType": o.KeyType, "ID": o.ID}))
		fmt.Fprintln(w, "  → "+r.msg.T("list.orphan.fix"))
	}
	for _, e := range out.Errors {
		fmt.Fprintln(r.env.Stderr, r.msg.T("list.error", map[string]any{"Detail": e}))
	}
}

// flowWithStores is the run's flow with its stores discovered (list,
// delete, renew and import need them before anything else).
func (r *run) flowWithStores() (*flow.Flow, error) {
	fl, err := r.flow()
	if err == nil {
		_, err = fl.Stores()
	}
	return fl, err
}

// storeFlow is flowWithStores for a command whose only output for a
// failure is the reason on stderr (then the exit code fail chose).
func (r *run) storeFlow() (*flow.Flow, int) {
	fl, err := r.flowWithStores()
	if err != nil {
		return nil, r.fail(err, true)
	}
	return fl, ExitOK
}

// unlistedText words a store list that could not be read (a Firefox
// profiles.ini) as the firefox.profiles check does; ok is false for a
// list of another kind.
func (r *run) unlistedText(u store.Unlisted) (string, bool) {
	if u.Reader.Kind != store.ReaderFirefox {
		return "", false
	}
	f := check.Finding{ID: check.FirefoxProfiles, Status: check.Warn, Outcome: "unreadable",
		Facts: check.Facts{"file": u.Path, "read_error": check.ReadErrorKind(u.Err)}}
	return check.Describe(f, r.msg, r.prof, check.ForCLI).Detail, true
}
