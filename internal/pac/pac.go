// Package pac runs a proxy auto-config script as a browser does: the
// script is fetched directly (never through a proxy), bounded in size and
// time, and its FindProxyForURL answers for one system address with the
// browser's helper functions in an ECMAScript engine (internal/pac/engine).
// The engine runs in a helper program of its own (rootip-cert-pac), started
// only when a script is evaluated, bounded in time and memory, so that the
// main programs neither link it nor pay its start-up. Windows runs its
// scripts in WinHTTP instead (platform/facts); this is for Linux and macOS,
// where the browser evaluates the script itself.
package pac

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// Why a script gave no answer (ProxyDecision.Error's codes).
const (
	ErrDownload = "download" // not fetched: refused, not found, too large
	ErrScript   = "script"   // fetched, but it fails or answers nothing usable
	ErrTimeout  = "timeout"  // no answer in time
	// ErrMissing: the helper program that evaluates scripts is not
	// installed beside this one (a broken installation).
	ErrMissing = "evaluator-missing"
)

// Error is a script that gave no answer, with its reason's code.
type Error struct {
	Code string
	Err  error
}

func (e *Error) Error() string { return "proxy auto-config: " + e.Code + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// MaxScript bounds a script's size, as browsers bound theirs.
const MaxScript = 1 << 20

// Resolver is the DNS the script's dnsResolve and isInNet use.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Evaluate runs script's FindProxyForURL(target, host) and returns its
// answer ("PROXY h:p; DIRECT"). It stops at ctx's deadline. The script
// runs in the helper program (HelperName, see evaluator_proc.go), whose
// dnsResolve asks r here; without the helper the error's code is
// ErrMissing.
func Evaluate(ctx context.Context, script, target string, r Resolver) (string, error) {
	u, err := url.Parse(target)
	if err != nil {
		return "", &Error{ErrScript, fmt.Errorf("address %q: %w", target, err)}
	}
	helper, err := helperPath()
	if err != nil {
		return "", err
	}
	return runHelper(ctx, helper, request{script: script, target: strippedURL(u), host: strings.ToLower(u.Hostname())},
		func(name string) string { return resolve(ctx, r, name) },
		func() string { return localAddress(u.Hostname()) })
}

// strippedURL is the address as Chrome hands it to the script: for https
// only scheme, host and port (the path and query are private).
func strippedURL(u *url.URL) string {
	if u.Scheme == "https" || u.Scheme == "wss" {
		return u.Scheme + "://" + u.Host + "/"
	}
	c := *u
	c.User, c.Fragment = nil, ""
	return c.String()
}

// resolve is host's first IPv4 address ("" when it has none in time), as
// a browser's dnsResolve answers.
func resolve(ctx context.Context, r Resolver, host string) string {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	addrs, err := r.LookupIPAddr(ctx, host)
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if v4 := a.IP.To4(); v4 != nil {
			return v4.String()
		}
	}
	return ""
}

// localAddress is the address this machine would use towards host (no
// packet is sent: a UDP socket only picks its route), else 127.0.0.1.
func localAddress(host string) string {
	if host == "" {
		host = "192.0.2.1"
	}
	c, err := net.Dial("udp4", net.JoinHostPort(host, "443"))
	if err != nil {
		return "127.0.0.1"
	}
	defer c.Close()
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.IP.String()
	}
	return "127.0.0.1"
}
