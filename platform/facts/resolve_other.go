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
// proxy and its exceptions, or the automatic configuration, run here as
// the browser runs it (internal/pac): automatic detection (WPAD) first,
// then the script address.
func resolveOS(ctx context.Context, u *url.URL) machine.ProxyDecision {
	return decideWithScript(ctx, Proxy(), u, net.DefaultResolver)
}

// scriptTime bounds fetching and running a script, within ctx; wpadTime
// bounds looking for the WPAD script, which most networks do not have.
const (
	scriptTime = 10 * time.Second
	wpadTime   = 3 * time.Second
)

// wpadScript is where automatic detection looks, as Chrome does on Linux:
// the DNS name "wpad" in the machine's own domain, no DHCP (a variable for
// the tests, which serve one on loopback).
var wpadScript = "http://wpad/wpad.dat"

// decideWithScript is p's decision for u with its automatic configuration
// run, in the browser's order: a WPAD script when automatic detection is
// on and one is found, else the script address. A script that cannot be
// fetched (the address one), fails or answers nothing usable is said so
// (ViaPACFailed) and the decision falls back to p's manual proxy, else
// direct, as the browser does; WPAD that finds no script is the normal
// case and is not reported.
func decideWithScript(ctx context.Context, p machine.Proxy, u *url.URL, r pac.Resolver) machine.ProxyDecision {
	d := p.Decide(u)
	if d.Via != machine.ViaUnevaluated {
		return d
	}
	manual := p
	manual.PAC, manual.AutoDetect = "", false
	fallback := manual.Decide(u)
	var failed *machine.ProxyDecision
	if p.AutoDetect {
		wctx, cancel := context.WithTimeout(ctx, wpadTime)
		route, err := runScript(wctx, wpadScript, u, r)
		cancel()
		if err == nil {
			return fromRoute(machine.ViaWPAD, wpadScript, route)
		}
		if code := errorCode(err); code != pac.ErrDownload {
			failed = &machine.ProxyDecision{Script: wpadScript, Error: code}
		}
	}
	if p.PAC != "" {
		sctx, cancel := context.WithTimeout(ctx, scriptTime)
		route, err := runScript(sctx, p.PAC, u, r)
		cancel()
		if err == nil {
			return fromRoute(machine.ViaPAC, p.PAC, route)
		}
		failed = &machine.ProxyDecision{Script: p.PAC, Error: errorCode(err)}
	}
	if failed == nil {
		return fallback
	}
	failed.Via, failed.Proxy, failed.Scheme, failed.Credentials = machine.ViaPACFailed, fallback.Proxy, fallback.Scheme, fallback.Credentials
	return *failed
}

// fromRoute is the decision a script's answer makes.
func fromRoute(via, script string, route pac.Route) machine.ProxyDecision {
	d := machine.ProxyDecision{Via: via, Script: script}
	if !route.Direct {
		d.Proxy, d.Scheme = route.Host, route.Scheme
	}
	return d
}

// errorCode is why a script gave no answer (pac's codes).
func errorCode(err error) string {
	var pe *pac.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return pac.ErrScript
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
