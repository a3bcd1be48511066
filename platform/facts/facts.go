// Package facts reads machine facts the checklist and the report need from
// the OS: its name and version, the installed browsers, when the PC booted,
// which browsers run since when, and the proxy settings. It returns them as
// internal/machine data; parsing lives in portable files tested on Linux.
package facts

import "rootip-cert/internal/machine"

// browserNames maps process names to the browser they are.
var browserNames = map[string]string{
	"firefox": "Firefox", "firefox-esr": "Firefox", "firefox-bin": "Firefox",
	"chrome": "Chrome", "google-chrome": "Chrome", "chromium": "Chromium", "chromium-browse": "Chromium",
	"msedge": "Edge", "microsoft-edge": "Edge",
}

// Source is this OS's fact readers.
func Source() machine.Source {
	return machine.Source{Describe: Machine, Restart: restart, Proxy: Proxy, ResolveProxy: ResolveProxy}
}

// restart returns the boot time and, for each running browser, the start of
// its oldest process (zero values where the OS does not say).
func restart() machine.Restart {
	return machine.Restart{Boot: bootTime(), Running: runningBrowsers()}
}
