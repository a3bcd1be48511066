package main

import (
	"crypto/x509"

	"rootip-cert/app"
	"rootip-cert/internal/check"
	"rootip-cert/internal/cli"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
	"rootip-cert/platform/facts"
	"rootip-cert/platform/stores"
)

// guiBackend connects the window to this machine's stores and facts.
func guiBackend() *app.Backend {
	prof, err := profile.Default()
	if err != nil {
		panic(err) // the embedded profile is checked by tests
	}
	settings, _ := profile.SettingsPath()
	return &app.Backend{
		Profile: prof, Version: cli.Version, SettingsPath: settings,
		Stores:  func() ([]store.Store, error) { return stores.Find(stores.Selection{Kind: "all"}) },
		Machine: facts.Machine, Facts: facts.Read,
	}
}

// runGUIDemo opens the window on the built-in demo: its file preselected,
// a scratch NSS database as the only store, the checklist pointed at the
// loopback demo server. Nothing of the user's is touched.
func runGUIDemo() int {
	sc, err := demo.Start(demo.None)
	if err != nil {
		return cli.Run([]string{"demo"}, cli.DefaultEnv())
	}
	defer sc.Close()
	b := guiBackend()
	b.SettingsPath = ""
	b.Stores = func() ([]store.Store, error) {
		return stores.Find(stores.Selection{Kind: "nss", NSSDB: sc.ScratchNSS()})
	}
	b.Candidates = func() []string { return []string{sc.P12Path} }
	pool := x509.NewCertPool()
	pool.AddCert(sc.ServerCA)
	b.Network = func(env *check.Env) {
		env.URL, env.Resolve, env.ServerCAs, env.Proxy = sc.URL, sc.Resolve, pool, nil
		env.LoadServerCAs = nil
	}
	return app.Run(app.Options{Backend: b, File: sc.P12Path, URL: sc.URL.String()})
}
