package check

import (
	"context"
	"crypto/x509"
	"errors"
	"runtime"
	"sort"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// checkRestart: the manual asks for a PC restart after installing (Windows,
// step ⑧) and a browser restart, every tab closed, before trying again.
func checkRestart(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if e.LastImport.IsZero() {
		return finding(RestartPending, "no-import", nil)
	}
	var stale []string
	for name, started := range e.restart().Running {
		if started.Before(e.LastImport) {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		return finding(RestartPending, "browser", Facts{"browsers": stale, "imported_at": e.LastImport.UTC()})
	}
	if runtime.GOOS == "windows" && !e.restart().Boot.IsZero() && e.restart().Boot.Before(e.LastImport) {
		return finding(RestartPending, "pc", Facts{"imported_at": e.LastImport.UTC()})
	}
	return finding(RestartPending, "fine", nil)
}

func isServedElsewhere(err error) bool { return errors.Is(err, store.ErrServedElsewhere) }

func fingerprint(c *x509.Certificate) string { return certfile.Fingerprint256(c) }
