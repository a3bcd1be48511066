//go:build !windows

package facts

import (
	"context"
	"errors"
	"net"
	"net/url"
	"time"

	"rootip-cert/internal/machine"
	"rootip-cert/internal/pac"
)

// resolveOS decides from the settings: the macOS, GNOME or KDE manual
// proxy and its exceptions, or the automatic configuration script, run
// here as the browser runs it (internal/pac). WPAD without a script address
// is reported as not evaluated: its discovery needs a DHCP or DNS answer
// this tool does not look for.
func resolveOS(ctx context.Context, u *url.URL) machine.ProxyDecision {
	return decideWithScript(ctx, Proxy(), u, net.DefaultResolver)
}

// scriptTime bounds fetching and running the script, within ctx.
const scriptTime = 10 * time.Second

// decideWithScript is p's decision for u with its PAC script run. A script
// that cannot be fetched, fails or answers nothing usable is said so
// (ViaPACFailed) and the decision falls back to p's manual proxy, else
// direct, as the browser does.
func decideWithScript(ctx context.Context, p machine.Proxy, u *url.URL, r pac.Resolver) machine.ProxyDecision {
	d := p.Decide(u)
	if d.Via != machine.ViaUnevaluated || p.PAC == "" {
		return d
	}
	ctx, cancel := context.WithTimeout(ctx, scriptTime)
	defer cancel()
	route, err := runScript(ctx, p.PAC, u, r)
	if err == nil {
		d := machine.ProxyDecision{Via: machine.ViaPAC, Script: p.PAC}
		if !route.Direct {
			d.Proxy, d.Scheme = route.Host, route.Scheme
		}
		return d
	}
	manual := p
	manual.PAC, manual.AutoDetect = "", false
	fallback := manual.Decide(u)
	code := pac.ErrScript
	var pe *pac.Error
	if errors.As(err, &pe) {
		code = pe.Code
	}
	return machine.ProxyDecision{Via: machine.ViaPACFailed, Script: p.PAC, Error: code,
		Proxy: fallback.Proxy, Scheme: fallback.Scheme, Credentials: fallback.Credentials}
}

func runScript(ctx context.Context, addr string, u *url.URL, r pac.Resolver) (pac.Route, error) {
	script, err := pac.Fetch(ctx, addr)
	if err != nil {
		return pac.Route{}, err
	}
	answer, err := pac.Evaluate(ctx, script, u.String(), r)
	if err != nil {
		return pac.Route{}, err
	}
	return pac.First(answer)
}
