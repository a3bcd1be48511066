package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"rootip-cert/internal/cleanup"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// runDemoRenewal plays the renewal season on the demo: the old certificate
// (ending with the renewal period) installed in a scratch store, the
// successor "downloaded" into a temporary Downloads folder a few seconds
// later (a partial .crdownload renamed when complete), found by the
// watcher, installed beside the old one, proven against the demo server
// that accepts only the new CA, and the renewal state printed.
func runDemoRenewal(r *run) int {
	if len(r.opts.Args) != 0 || r.opts.Break != "" {
		return r.usageArgs(0, "demo --renewal")
	}
	sc, err := demo.StartRenewal(demo.RenewalOptions{})
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	defer sc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*6+demo.RenewalDelay)
	defer cancel()
	out := r.watchOutput(cancel)
	defer cleanup.OnInterrupt(out.interrupt)() // Ctrl-C: stop, and let Close remove the folder
	say := r.demoSay
	d := r.demoDeps(sc.Scenario)
	// The demo's own clock and memory; no facts of this PC.
	d.Now, d.SettingsPath = sc.Now, filepath.Join(sc.Dir, "settings.json")
	d.Machine = machine.Source{}
	fl := flow.New(d, store.Selection{Kind: store.KindNSS, NSSDB: sc.ScratchNSS()})
	_ = fl.RememberURL(sc.URL)
	say("demo.renewal.start", map[string]any{"Date": r.msg.Date(sc.Now()), "URL": sc.URL.String(), "Downloads": sc.Downloads})
	if sc.Simulated {
		say("demo.renewal.simulated", map[string]any{"Date": r.msg.Date(sc.Now())})
	}
	if err := out.failed(); err != nil {
		return r.outputLost(err)
	}
	res, err := fl.Install(ctx, flow.InstallRequest{Identity: sc.Old, Timeout: r.opts.Timeout * 3}, nil)
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
	say("demo.renewal.old", map[string]any{"Name": i18n.Clean(sc.Old.Leaf.Subject.CommonName), "Date": r.msg.Date(sc.Old.Leaf.NotAfter),
		"Location": res.Results[0].Entry.Location})
	if !r.opts.JSON {
		r.printRenewal(fl.Renewal(ctx, flow.RenewalRequest{}).State)
		fmt.Fprintln(r.env.Stdout)
	}
	w, err := fl.WatchDownloads(ctx, flow.WatchRequest{Dirs: []string{sc.Downloads}, Password: demo.Password})
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	defer w.Close()
	say("renew.watch.start", map[string]any{"Dirs": sc.Downloads, "Menu": r.prof.DownloadMenu.In(r.lang())})
	say("demo.renewal.downloading", map[string]any{"Seconds": int(demo.RenewalDelay / time.Second), "Partial": demo.Partial(demo.SuccessorName)})
	delivered := make(chan error, 1)
	go func() {
		_, err := sc.Deliver(ctx, demo.RenewalDelay, demo.SuccessorName)
		delivered <- err
	}()
	req := sc.ProveRequest(r.opts.Timeout)
	for {
		select {
		case err := <-delivered:
			if err := out.failed(); err != nil {
				return r.outputLost(err)
			}
			if err != nil {
				fmt.Fprintln(r.env.Stderr, r.msg.T("demo.failed", map[string]any{"Detail": err.Error()}))
				return ExitFailed
			}
			delivered = nil
		case a, ok := <-w.Arrivals():
			if err := out.failed(); err != nil {
				return r.outputLost(err)
			}
			if !ok {
				fmt.Fprintln(r.env.Stderr, r.msg.T("demo.renewal.timeout"))
				return ExitFailed
			}
			if a.Class != renewal.ClassSuccessor {
				if !r.opts.JSON {
					fmt.Fprintln(r.env.Stdout, r.arrivalText(a, req))
				}
				continue
			}
			w.Close()
			code := r.installSuccessor(fl, req, a)
			if err := out.failed(); err != nil {
				return r.outputLost(err)
			}
			return code
		}
	}
}
