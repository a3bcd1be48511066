//go:build !cli

package main

import (
	"rootip-cert/app"
	"rootip-cert/internal/cli"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
	"rootip-cert/platform/filedialog"
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
	if len(args) == 1 && args[0] == "demo" {
		return openDemo(d)
	}
	o := app.Options{Flow: flow.New(d, store.Selection{Kind: "all"}), Dialogs: filedialog.System{}}
	if len(args) == 1 {
		o.File = args[0]
	}
	return app.Run(o)
}

// openDemo opens the window on the built-in demo: its file preselected, a
// scratch store as the only target, the checklist pointed at the loopback
// demo server. Nothing of the user's is touched.
func openDemo(d flow.Deps) int {
	sc, err := demo.Start(demo.None)
	if err != nil {
		env := cli.DefaultEnv()
		env.Flow = d
		return cli.Run([]string{"demo"}, env)
	}
	defer sc.Close()
	d.SettingsPath = ""
	d.Find = sc.Stores(stores.Find)
	return app.Run(app.Options{Flow: flow.New(d, store.Selection{Kind: store.KindNSS}), File: sc.P12Path, Demo: sc, Dialogs: filedialog.System{}})
}
