// Command rootip-cert installs the root ip クラウド client certificate where
// every browser looks, proves the system address accepts it, runs the
// manual's troubleshooting list and writes the support report.
//
// With no arguments (a double-click) it opens the window; with a .p12 path
// it opens the window on that file; with a subcommand it is the CLI
// (`demo` alone or with `--break MODE`, on a desktop, opens the window on
// that demo). Built with
// the tag `cli` it links no GUI: the console binary for scripts.
package main

import (
	"os"
	"strings"

	"rootip-cert/internal/cli"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/platform/autoselect"
	"rootip-cert/platform/facts"
	"rootip-cert/platform/harden"
	platformreminder "rootip-cert/platform/reminder"
	"rootip-cert/platform/stores"
)

func main() {
	// A key is held in memory while a file is read or installed: no core
	// dump or crash report may carry it away.
	harden.DisableCoreDumps()
	args := os.Args[1:]
	if wantsWindow(args) {
		os.Exit(openWindow(args))
	}
	attachConsole()
	env := cli.DefaultEnv()
	env.Flow = deps()
	env.AutoSelect = autoselect.Set
	env.Reminder = platformreminder.New()
	os.Exit(cli.Run(args, env))
}

// wantsWindow: no arguments, one .p12 path (a double-click on the file),
// `demo` alone or `demo --break MODE` on a desktop, `renew --window` (the
// renewal step: what the reminder's notification opens) or `demo
// --renewal --window`.
func wantsWindow(args []string) bool {
	switch {
	case len(args) == 0:
		return true
	case renewWindow(args), demoRenewalWindow(args):
		return true
	case isDemoWindow(args):
		return canDisplay()
	case len(args) == 1:
		return !cli.IsCommand(args[0]) && !strings.HasPrefix(args[0], "-")
	}
	return false
}

// demoWindow: `demo` alone (the healthy demo) or `demo --break MODE` /
// `--break=MODE` (that failure), the demos the window plays; false for any
// other arguments and for a mode the demo does not know, which the command
// line then refuses in words (exit 2).
func demoWindow(args []string) (demo.Break, bool) {
	if len(args) == 0 || args[0] != "demo" {
		return demo.None, false
	}
	rest := args[1:]
	switch {
	case len(rest) == 0:
		return demo.None, true
	case len(rest) == 2 && (rest[0] == "--break" || rest[0] == "-break"):
		return demo.ParseBreak(rest[1])
	case len(rest) == 1:
		if name, mode, ok := strings.Cut(rest[0], "="); ok && (name == "--break" || name == "-break") {
			return demo.ParseBreak(mode)
		}
	}
	return demo.None, false
}

func isDemoWindow(args []string) bool { _, ok := demoWindow(args); return ok }

// renewWindow: `renew --window` (the flag anywhere after the command, with
// or without a value such as --window=true).
func renewWindow(args []string) bool {
	return len(args) > 0 && args[0] == "renew" && hasFlag(args[1:], "window")
}

// demoRenewalWindow: `demo --renewal --window`, the renewal demo played in
// the window.
func demoRenewalWindow(args []string) bool {
	return len(args) > 0 && args[0] == "demo" && hasFlag(args[1:], "renewal") && hasFlag(args[1:], "window")
}

// hasFlag: the boolean flag is set (-name, --name, --name=true).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		switch a {
		case "--" + name, "-" + name, "--" + name + "=true", "-" + name + "=true":
			return true
		}
	}
	return false
}

// deps wires the platform's adapters into the use-case layer.
func deps() flow.Deps {
	return flow.Deps{Find: stores.Find, Machine: facts.Source(), Version: cli.Version, Warm: stores.Warm}
}
