package cli

import (
	"context"
	"fmt"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/cleanup"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "demo", flags: []string{"json", "break", "timeout", "renewal"}, run: runDemo})
}

// runDemo runs the whole flow on the built-in demo: the file is inspected,
// imported into a scratch store (a scratch NSS database where NSS exists,
// else memory), then the checklist runs against the loopback system
// address. The demo is an ordinary request with its own stores and server.
func runDemo(r *run) int {
	if r.opts.Renewal {
		return runDemoRenewal(r)
	}
	const demoUsage = "demo [--break wrong-ca|expired|no-cert|forbidden]"
	b, ok := demo.ParseBreak(r.opts.Break)
	if !ok {
		return r.badValue("--break", r.opts.Break, demoUsage)
	}
	if len(r.opts.Args) != 0 {
		return r.usageArgs(0, demoUsage)
	}
	sc, err := demo.Start(b)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	defer sc.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := r.watchOutput(cancel)
	defer cleanup.OnInterrupt(out.interrupt)() // Ctrl-C: stop, and let Close remove the folder
	say := r.demoSay
	say("demo.start", map[string]any{"URL": sc.URL.String(), "File": sc.P12Path})
	if err := out.failed(); err != nil {
		return r.outputLost(err)
	}
	d := r.demoDeps(sc)
	d.Now, d.SettingsPath = r.env.Now, ""
	fl := flow.New(d, store.Selection{Kind: store.KindNSS, NSSDB: sc.ScratchNSS()})
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
		res, err := fl.Install(ctx, flow.InstallRequest{Identity: id, Timeout: r.opts.Timeout * 3}, nil)
		if err := out.failed(); err != nil {
			return r.outputLost(err)
		}
		if err != nil || res.Imported == 0 {
			if err == nil && len(res.Results) > 0 {
				err = res.Results[0].Err
			}
			fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": fmt.Sprint(err)}))
			return ExitFailed
		}
		e := res.Results[0].Entry
		say("demo.imported", map[string]any{"Location": e.Location, "SHA": e.SHA256()[:16]})
	}
	req := sc.Request(id, r.opts.Timeout)
	if b == demo.NoCert {
		req.Identity, req.P12Path = nil, ""
	}
	say("demo.checking", nil)
	if err := out.failed(); err != nil {
		return r.outputLost(err)
	}
	code := r.reportDiagnosis(fl, fl.Diagnose(ctx, req))
	if err := out.failed(); err != nil {
		return r.outputLost(err)
	}
	return code
}

// demoDeps are the flow's seams for a demo: the program's, with the
// demo's own stores (a scratch database in its folder, else memory).
func (r *run) demoDeps(sc *demo.Scenario) flow.Deps {
	d := r.env.Flow
	d.Profile, d.Version = r.prof, Version
	d.Find = sc.Stores(r.env.Flow.Find)
	return d
}

// demoSay prints one line of a demo's story (none under --json).
func (r *run) demoSay(key string, data map[string]any) {
	if !r.opts.JSON {
		fmt.Fprintln(r.env.Stdout, r.msg.T(key, data))
	}
}
