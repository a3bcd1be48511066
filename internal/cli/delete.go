package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "delete", flags: []string{"json", "store", "nss-db", "nss-password-file", "yes"}, run: runDelete})
}

// runDelete removes one certificate, named by its SHA-256 (from `list`; an
// unambiguous prefix of at least 8 hex digits is enough), from the selected
// stores, after an explicit confirmation: --yes, or "y" typed on standard
// input. Each store is read back afterwards.
func runDelete(r *run) int {
	if len(r.opts.Args) != 1 {
		return r.usageArgs(1, r.msg.T("cli.usage_error.delete"))
	}
	want := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(r.opts.Args[0]), ":", ""))
	if len(want) < 8 || strings.Trim(want, "0123456789ABCDEF") != "" {
		return r.usage(r.msg.T("cli.usage_error.delete_sha"))
	}
	fl, code := r.storeFlow()
	if fl == nil {
		return code
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*3)
	defer cancel()
	if len(want) == 40 {
		// A key ID from the orphan list of `list` (a key without its certificate).
		for _, o := range fl.Orphans(ctx) {
			if o.ID == want {
				return r.deleteOrphan(ctx, fl, o)
			}
		}
	}
	matches := map[string]string{} // sha → common name
	for _, e := range fl.Inventory(ctx).Entries {
		if strings.HasPrefix(e.SHA256(), want) {
			matches[e.SHA256()] = e.Cert.Subject.CommonName
		}
	}
	switch {
	case len(matches) == 0:
		fmt.Fprintln(r.env.Stderr, r.msg.T("delete.not_found"))
		return ExitFailed
	case len(matches) > 1:
		return r.usage(r.msg.T("delete.ambiguous", map[string]any{"Count": len(matches)}))
	}
	var sha, name string
	for k, v := range matches {
		sha, name = k, v
	}
	if !r.opts.Yes && !r.confirm(r.msg.T("delete.confirm", map[string]any{"Name": i18n.Clean(name), "SHA": sha})) {
		fmt.Fprintln(r.env.Stderr, r.msg.T("delete.cancelled"))
		return ExitFailed
	}
	results, err := fl.Delete(ctx, sha)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("import.no_store", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	deleted := []string{}
	var failures []string
	for _, d := range results {
		if d.Err == nil {
			deleted = append(deleted, d.Store.Location())
		} else {
			failures = append(failures, d.Err.Error())
		}
	}
	if r.opts.JSON {
		r.writeJSON(map[string]any{"sha256": sha, "deleted_from": deleted, "errors": failures})
	} else {
		for _, d := range deleted {
			fmt.Fprintln(r.env.Stdout, r.msg.T("delete.done", map[string]any{"Location": d}))
		}
		for _, f := range failures {
			fmt.Fprintln(r.env.Stderr, r.msg.T("delete.failed", map[string]any{"Detail": f}))
		}
		if len(deleted) == 0 && len(failures) == 0 {
			fmt.Fprintln(r.env.Stderr, r.msg.T("delete.not_found"))
		}
	}
	if len(deleted) == 0 || len(failures) > 0 {
		return ExitFailed
	}
	return ExitOK
}

// deleteOrphan removes a private key left without its certificate, after
// the same confirmation.
func (r *run) deleteOrphan(ctx context.Context, fl *flow.Flow, o store.Orphan) int {
	if !r.opts.Yes && !r.confirm(r.msg.T("delete.confirm_orphan", map[string]any{"ID": o.ID, "Location": o.Location})) {
		fmt.Fprintln(r.env.Stderr, r.msg.T("delete.cancelled"))
		return ExitFailed
	}
	if err := fl.DeleteOrphan(ctx, o.ID); err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("delete.failed", map[string]any{"Detail": r.errText(err)}))
		return ExitFailed
	}
	fmt.Fprintln(r.env.Stdout, r.msg.T("delete.done", map[string]any{"Location": o.Location}))
	return ExitOK
}

// confirm asks on stderr and reads a yes from stdin.
func (r *run) confirm(question string) bool {
	fmt.Fprint(r.env.Stderr, question+" ")
	if r.env.Stdin == nil {
		return false
	}
	line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes" || answer == "はい"
}
