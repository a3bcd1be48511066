package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "demo", flags: []string{"json", "break", "timeout"}, run: runDemo})
}

// runDemo runs the whole flow on the built-in demo: the file is inspected,
// imported into a scratch store (a scratch NSS database where NSS exists,
// else memory), then the checklist runs against the loopback system address.
func runDemo(r *run) int {
	b := demo.Break(r.opts.Break)
	valid := b == demo.None
	for _, m := range demo.Breaks {
		valid = valid || b == m
	}
	if !valid || len(r.opts.Args) != 0 {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": "demo [--break wrong-ca|expired|no-cert|forbidden]"}))
		return ExitUsage
	}
	sc, err := demo.Start(b)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	defer sc.Close()
	say := func(key string, data map[string]any) {
		if !r.opts.JSON {
			fmt.Fprintln(r.env.Stdout, r.msg.T(key, data))
		}
	}
	say("demo.start", map[string]any{"URL": sc.URL.String(), "File": sc.P12Path})

	scratch := r.scratchStore(sc)
	id, _, err := certfile.Open(sc.P12Path, demo.Password)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	v := certfile.Evaluate(id.Leaf, r.env.Now(), r.prof)
	switch {
	case b == demo.NoCert:
		say("demo.import_skipped", nil)
	case !v.Status.Usable():
		say("demo.import_refused", map[string]any{"Reason": r.msg.T("import.refused." + string(v.Status))})
	default:
		e, err := store.ImportAndVerify(context.Background(), scratch, id)
		if err != nil {
			fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
			return ExitFailed
		}
		say("demo.imported", map[string]any{"Location": scratch.Location(), "SHA": e.SHA256()[:16]})
	}

	pool := x509.NewCertPool()
	pool.AddCert(sc.ServerCA)
	env := &check.Env{Msg: r.msg, Profile: r.prof, Now: r.env.Now, URL: sc.URL, Resolve: sc.Resolve,
		ServerCAs: pool, P12Path: sc.P12Path, Identity: id}
	if b == demo.NoCert {
		env.P12Path, env.Identity = "", nil
	}
	entries, err := scratch.List(context.Background())
	env.Stores = []check.StoreInfo{{Kind: scratch.Kind(), Location: scratch.Location(), Browser: r.msg.T("demo.browser"), Expected: true, ListErr: err}}
	env.Inventory = entries
	say("demo.checking", nil)
	return r.reportChecks(check.Run(context.Background(), env, check.All(), r.opts.Timeout))
}

// scratchStore is a fresh NSS database inside the demo directory when the
// NSS library can be used here, else an in-memory store.
func (r *run) scratchStore(sc *demo.Scenario) store.Store {
	if r.env.Stores != nil {
		if found, err := r.env.Stores(store.KindNSS, sc.ScratchNSS(), ""); err == nil && len(found) == 1 {
			if found[0].Available() == nil {
				return found[0]
			}
		}
	}
	return store.NewMemory("memory", strings.TrimSuffix(sc.Dir, "/")+" (memory)")
}
