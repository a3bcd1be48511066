package facts

import (
	"context"
	"net/url"
	"os"

	"rootip-cert/internal/machine"
)

// ResolveProxy decides the proxy for u. HTTPS_PROXY (or ALL_PROXY), when
// set, wins: the user who set it runs the tool through it. Otherwise the OS
// decides as the browser does (Windows: WinHTTP with the PAC script and
// WPAD; macOS: the system settings; Linux: the GNOME or KDE settings, else
// the environment; on macOS and Linux a PAC script is not run).
func ResolveProxy(ctx context.Context, u *url.URL) machine.ProxyDecision {
	if env := machine.FromEnv(os.Getenv); env.Source == machine.ProxyEnv {
		return env.Decide(u)
	}
	return resolveOS(ctx, u)
}
