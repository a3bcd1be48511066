package facts

import (
	"context"
	"net/url"
	"os"

	"rootip-cert/internal/machine"
)

// ResolveProxy decides the proxy for u. On Windows and macOS HTTPS_PROXY
// (or ALL_PROXY), when set, wins: the user who set it runs the tool
// through it. On Linux the browser itself reads the environment only when
// the desktop's settings give nothing (desktopProxy), and so does this.
// Otherwise the OS decides as the browser does (Windows: WinHTTP with the
// PAC script and WPAD; macOS: the system settings; Linux: the GNOME or KDE
// settings, else the environment; on macOS and Linux a PAC script is not
// run).
func ResolveProxy(ctx context.Context, u *url.URL) machine.ProxyDecision {
	if envOverridesOS {
		if env := machine.FromEnv(os.Getenv); env.Source == machine.ProxyEnv {
			return env.Decide(u)
		}
	}
	return resolveOS(ctx, u)
}
