package cli

import (
	"fmt"
	"net/url"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
)

// rememberURL saves an address given with --url for later runs (DESIGN:
// --url is remembered) and says so when that changes the remembered one:
// later runs and the window use it, and a helpdesk agent trying an address
// must not change the user's in silence. reached says whether this run
// proved the address is worth keeping; one that was not is not saved, and
// that is said too. The line goes where sayRememberedURL's goes.
func (r *run) rememberURL(fl *flow.Flow, u *url.URL, reached bool) {
	prev := fl.RememberedURL()
	if prev != nil && prev.String() == u.String() {
		return // already the remembered one: nothing changes
	}
	w := r.env.Stdout
	if r.opts.JSON || r.opts.Quiet {
		w = r.env.Stderr
	}
	addr := i18n.Clean(u.String())
	switch {
	case !reached && prev != nil:
		fmt.Fprintln(w, r.msg.T("url.not_saved_previous", map[string]any{"URL": addr, "Previous": i18n.Clean(prev.String())}))
	case !reached:
		fmt.Fprintln(w, r.msg.T("url.not_saved", map[string]any{"URL": addr}))
	default:
		err := fl.RememberURL(u)
		if now := fl.RememberedURL(); err != nil || now == nil || now.String() != u.String() {
			return // not saved (no settings file here): nothing to announce
		}
		fmt.Fprintln(w, r.msg.T("url.saved", map[string]any{"URL": addr}))
	}
}

// serverReached: the checklist reached the system address and it proved
// itself with a valid certificate for its name (net.tls ok), so the address
// is a real server, not a typo or an address being tried.
func serverReached(d flow.Diagnosis) bool {
	for _, f := range d.Result.Findings {
		if f.ID == check.NetTLS {
			return f.Status == check.OK
		}
	}
	return false
}
