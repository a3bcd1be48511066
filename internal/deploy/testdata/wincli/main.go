// Command wincli is the command line wired to the real certificate stores,
// without the window: the Wine test of the Windows bundle runs it as
// rootip-cert-cli.exe (the console build of issue 21 takes its place in
// the installers).
package main

import (
	"os"

	"rootip-cert/internal/cli"
	"rootip-cert/internal/store"
	"rootip-cert/platform/stores"
)

func main() {
	env := cli.DefaultEnv()
	env.Stores = func(kind, nssDB, nssPassword string) ([]store.Store, error) {
		return stores.Find(stores.Selection{Kind: kind, NSSDB: nssDB, NSSPassword: nssPassword})
	}
	os.Exit(cli.Run(os.Args[1:], env))
}
