// Package facts reads machine facts the checklist and the report need: when
// the PC booted and which browsers run since when.
package facts

import "time"

// browserNames maps process names to the browser they are.
var browserNames = map[string]string{
	"firefox": "Firefox", "firefox-esr": "Firefox", "firefox-bin": "Firefox",
	"chrome": "Chrome", "google-chrome": "Chrome", "chromium": "Chromium", "chromium-browse": "Chromium",
	"msedge": "Edge", "microsoft-edge": "Edge",
}

// Read returns the boot time and, for each running browser, the start of
// its oldest process (zero values where the OS does not say).
func Read() (boot time.Time, browsers map[string]time.Time) {
	return bootTime(), runningBrowsers()
}
