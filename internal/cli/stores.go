package cli

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// flow returns the use-case layer over the stores --store / --nss-db /
// --nss-password-file select (built once per command).
func (r *run) flow() (*flow.Flow, error) {
	if r.fl != nil {
		return r.fl, nil
	}
	nssPW, err := readPassword(r.opts.NSSPassword, r.env.Stdin, "")
	if err != nil {
		return nil, &passwordFileError{nss: true, err: err}
	}
	if r.opts.NSSDB != "" {
		// A database folder; one that does not exist yet is created.
		if fi, err := os.Stat(r.opts.NSSDB); err == nil && !fi.IsDir() {
			return nil, &notFolderError{path: r.opts.NSSDB}
		}
	}
	kind := r.opts.Store
	if r.opts.NSSDB != "" && kind == "all" {
		kind = store.KindNSS
	}
	d := r.env.Flow
	d.Profile, d.Now, d.Version = r.prof, r.env.Now, Version
	if d.SettingsPath == "" {
		d.SettingsPath, _ = profile.SettingsPath()
	}
	r.fl = flow.New(d, store.Selection{Kind: kind, NSSDB: r.opts.NSSDB, NSSPassword: nssPW})
	return r.fl, nil
}

// systemURL is --url (an error when invalid: exit 2), else the remembered
// address, else nil.
func (r *run) systemURL() (*url.URL, error) {
	if r.opts.URL != "" {
		return profile.NormalizeURL(r.opts.URL)
	}
	fl, err := r.flow()
	if err != nil {
		return nil, err
	}
	return fl.RememberedURL(), nil
}

// urlHost is the system address host from --url, else the remembered one.
func (r *run) urlHost() string {
	u, err := r.systemURL()
	if err != nil || u == nil {
		return ""
	}
	return u.Hostname()
}

// errText says why a store could not be used, from the catalog the window
// uses too (check.ClassifyStoreError), in the command line's words; the
// raw error is shown where its cause is unknown.
func (r *run) errText(err error) string {
	return check.StoreErrorTextFor(check.ClassifyStoreError(err), r.msg, check.ForCLI, err.Error())
}

// usage prints a usage error and returns its exit code.
func (r *run) usage(detail string) int {
	fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": detail}))
	return ExitUsage
}

// usageArgs is usage for a command that takes at most max arguments: when
// there are more (an unquoted address with a space: --url http://bad host),
// it names the ones it did not expect.
func (r *run) usageArgs(max int, detail string) int {
	if len(r.opts.Args) <= max {
		return r.usage(detail)
	}
	extra := r.opts.Args[max:]
	quoted := make([]string, len(extra))
	for i, a := range extra {
		quoted[i] = strconv.Quote(i18n.Clean(a))
	}
	fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage_extra", map[string]any{"Args": strings.Join(quoted, " "), "Count": len(extra), "Detail": detail}))
	return ExitUsage
}

// badValue says that flag does not take value (quoted, so an empty or
// odd value is visible) and shows the usage; exit 2.
func (r *run) badValue(flag, value, detail string) int {
	fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_value", map[string]any{"Flag": flag, "Value": strconv.Quote(i18n.Clean(value)), "Detail": detail}))
	return ExitUsage
}
