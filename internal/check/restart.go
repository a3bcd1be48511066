package check

import (
	"context"
	"runtime"
	"sort"
	"strings"
)

// checkRestart: the manual asks for a PC restart after installing (Windows)
// and a browser restart, every tab closed, before trying again.
func checkRestart(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if e.LastImport.IsZero() {
		return e.finding("restart.pending", Skip, "no_import", nil)
	}
	var stale []string
	for name, started := range e.BrowserStarted {
		if started.Before(e.LastImport) {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		return e.finding("restart.pending", Warn, "browser", map[string]any{"Browsers": strings.Join(stale, ", ")})
	}
	if runtime.GOOS == "windows" && !e.BootTime.IsZero() && e.BootTime.Before(e.LastImport) {
		return e.finding("restart.pending", Warn, "pc", nil)
	}
	return e.finding("restart.pending", OK, "fine", nil)
}
