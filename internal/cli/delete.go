package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "delete", flags: []string{"json", "store", "nss-db", "nss-password-file", "yes"}, run: runDelete})
}

// runDelete removes one certificate, named by its SHA-256 (from `list`),
// from the selected stores, after an explicit confirmation: --yes, or "y"
// typed on standard input.
func runDelete(r *run) int {
	if len(r.opts.Args) != 1 || len(strings.TrimSpace(r.opts.Args[0])) != 64 {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": "delete SHA256 (64 hex digits from rootip-cert list)"}))
		return ExitUsage
	}
	sha := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(r.opts.Args[0]), ":", ""))
	targets, err := r.stores()
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("import.no_store", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	if !r.opts.Yes {
		fmt.Fprint(r.env.Stderr, r.msg.T("delete.confirm", map[string]any{"SHA": sha[:16]})+" ")
		answer := ""
		if r.env.Stdin != nil {
			line, _ := bufio.NewReader(r.env.Stdin).ReadString('\n')
			answer = strings.ToLower(strings.TrimSpace(line))
		}
		if answer != "y" && answer != "yes" && answer != "はい" {
			fmt.Fprintln(r.env.Stderr, r.msg.T("delete.cancelled"))
			return ExitFailed
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*3)
	defer cancel()
	deleted := []string{}
	var failures []string
	for _, s := range targets {
		if s.Available() != nil {
			continue
		}
		err := s.Delete(ctx, sha)
		switch {
		case err == nil:
			deleted = append(deleted, s.Location())
		case errors.Is(err, store.ErrNotFound):
		default:
			failures = append(failures, fmt.Sprintf("%s: %v", s.Location(), err))
		}
	}
	if r.opts.JSON {
		r.writeJSON(map[string]any{"sha256": sha, "deleted_from": deleted, "errors": failures})
	} else {
		for _, d := range deleted {
			fmt.Fprintln(r.env.Stdout, r.msg.T("delete.done", map[string]any{"Location": d}))
		}
		for _, f := range failures {
			fmt.Fprintln(r.env.Stderr, f)
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
