//go:build !linux && !darwin && !windows

package facts

import "time"

// The Windows (registry, process snapshot) and macOS (sysctl, ps) readers
// arrive with their platform issues; until then the facts are unknown and
// the restart check says so.
func bootTime() time.Time { return time.Time{} }

func runningBrowsers() map[string]time.Time { return nil }
