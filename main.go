// Command rootip-cert installs the root ip クラウド client certificate where
// every browser looks, proves the system address accepts it, runs the
// manual's troubleshooting list and writes the support report.
//
// With no arguments (a double-click) it opens the window; with a .p12 path
// it opens the window on that file; with a subcommand it is the CLI
// (`demo` alone, on a desktop, opens the window on the demo).
package main

import (
	"os"
	"strings"

	"rootip-cert/app"
	"rootip-cert/internal/cli"
	"rootip-cert/internal/store"
	"rootip-cert/platform/facts"
	"rootip-cert/platform/stores"
)

func main() {
	args := os.Args[1:]
	if len(args) == 0 || (len(args) == 1 && !cli.IsCommand(args[0]) && !strings.HasPrefix(args[0], "-")) {
		file := ""
		if len(args) == 1 {
			file = args[0]
		}
		os.Exit(app.Run(app.Options{Backend: guiBackend(), File: file}))
	}
	if len(args) == 1 && args[0] == "demo" && app.CanDisplay() {
		os.Exit(runGUIDemo())
	}
	attachConsole()
	env := cli.DefaultEnv()
	env.Stores = findStores
	env.Facts = facts.Read
	env.Machine = facts.Machine
	env.Proxy = facts.Proxy
	env.AutoSelect = autoSelect
	os.Exit(cli.Run(args, env))
}

// findStores wires the platform's store adapters into the CLI.
func findStores(kind, nssDB, nssPassword string) ([]store.Store, error) {
	return stores.Find(stores.Selection{Kind: kind, NSSDB: nssDB, NSSPassword: nssPassword})
}
