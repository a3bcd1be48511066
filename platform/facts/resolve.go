package facts

import (
	"context"
	"net/url"

	"rootip-cert/internal/machine"
)

// ResolveProxy decides the proxy for u as the browser does: the OS decides
// (Windows: WinHTTP with the PAC script and WPAD; macOS: the system
// settings; Linux: the GNOME or KDE settings, else the environment; on
// macOS and Linux a PAC script is run here, internal/pac, and WPAD without
// a script address is not). Chrome and Edge on Windows and
// macOS never read HTTPS_PROXY or ALL_PROXY, so neither does this: a set
// variable is only named as not followed (Proxy.EnvIgnored, osSettings).
func ResolveProxy(ctx context.Context, u *url.URL) machine.ProxyDecision {
	return resolveOS(ctx, u)
}

// osSettings completes the OS's proxy settings p (source wininet or scutil)
// with the proxy environment variables the browser does not read: a set
// one is named in EnvIgnored, and then the OS's settings are the source
// even when they name no proxy, so that the checks can say whose settings
// decided.
func osSettings(p machine.Proxy, source string, getenv func(string) string) machine.Proxy {
	env := machine.FromEnv(getenv)
	if env.Source != machine.ProxyEnv {
		return p
	}
	p.EnvIgnored = env.EnvVar
	if p.Source == machine.ProxyNone {
		p.Source = source
	}
	return p
}
