//go:build !cli

package main

import (
	"context"
	"path/filepath"
	"sync"

	"rootip-cert/app"
	"rootip-cert/internal/cli"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
	"rootip-cert/platform/filedialog"
	"rootip-cert/platform/opener"
	platformreminder "rootip-cert/platform/reminder"
	"rootip-cert/platform/stores"
)

func canDisplay() bool { return app.CanDisplay() }

// openWindow opens the window: on a file, on the demo, or on home.
func openWindow(args []string) int {
	prof, err := profile.Default()
	if err != nil {
		panic(err) // the embedded profile is checked by tests
	}
	d := deps()
	d.Profile = prof
	d.SettingsPath, _ = profile.SettingsPath()
	if b, ok := demoWindow(args); ok {
		return openDemo(d, b, args)
	}
	if demoRenewalWindow(args) {
		return openRenewalDemo(d)
	}
	o := app.Options{Flow: flow.New(d, store.Selection{Kind: "all"}), Reminder: platformreminder.New(), Dialogs: filedialog.System{}, Opener: opener.System{}}
	if renewWindow(args) {
		o.Renewal = true
		return app.Run(o)
	}
	if len(args) == 1 {
		o.File = args[0]
	}
	return app.Run(o)
}

// openDemo opens the window on the built-in demo, broken as b says (the
// server asking for another CA, an expired file …): its file
// preselected, a scratch store as the only target, the checklist pointed
// at the loopback demo server. Nothing of the user's is touched. When the
// demo cannot start, the command line runs args and says why.
func openDemo(d flow.Deps, b demo.Break, args []string) int {
	sc, err := demo.Start(b)
	if err != nil {
		env := cli.DefaultEnv()
		env.Flow = d
		return cli.Run(args, env)
	}
	defer sc.Close()
	d.SettingsPath = ""
	d.Find = sc.Stores(stores.Find)
	return app.Run(app.Options{Flow: flow.New(d, store.Selection{Kind: store.KindNSS}), File: sc.P12Path, Demo: sc, Dialogs: filedialog.System{}, Opener: opener.System{}})
}

// openRenewalDemo plays the renewal season in the window: the old
// certificate (ending with the renewal period) installed in a scratch
// store, the window on the renewal step, and — once 「新しい証明書を取得」
// watches the demo's Downloads folder — the successor "downloaded" a few
// seconds later, to be installed beside the old one and proven against the
// loopback demo server that accepts only the new CA. Nothing of the
// user's is touched.
func openRenewalDemo(d flow.Deps) int {
	sc, err := demo.StartRenewal(demo.RenewalOptions{})
	if err != nil {
		env := cli.DefaultEnv()
		env.Flow = d
		return cli.Run([]string{"demo", "--renewal"}, env)
	}
	defer sc.Close()
	d.Now = sc.Now
	d.SettingsPath = filepath.Join(sc.Dir, "settings.json")
	d.Find = sc.Stores(stores.Find)
	d.Machine = machine.Source{}
	fl := flow.New(d, store.Selection{Kind: store.KindNSS, NSSDB: sc.ScratchNSS()})
	_ = fl.RememberURL(sc.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if res, err := fl.Install(ctx, flow.InstallRequest{Identity: sc.Old}, nil); err != nil || res.Imported == 0 {
		env := cli.DefaultEnv()
		env.Flow = d
		return cli.Run([]string{"demo", "--renewal"}, env)
	}
	var once sync.Once
	deliver := func() {
		once.Do(func() { go sc.Deliver(ctx, demo.RenewalDelay, demo.SuccessorName) })
	}
	return app.Run(app.Options{Flow: fl, Demo: sc.Scenario, Renewal: true, DownloadDirs: []string{sc.Downloads}, OnWatch: deliver, Dialogs: filedialog.System{}, Opener: opener.System{}})
}
