// Package machine declares the facts about this PC that the checklist and
// the support report use — the OS and its version, the installed browsers,
// boot time and running browsers, the proxy configuration — as plain data.
// platform/facts reads them from the OS; nothing here touches the system.
package machine

import (
	"context"
	"net/url"
	"time"
)

// OSInfo is the manual's "OS" and "バージョン" (Windows 10 / 22H2).
type OSInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Build   string `json:"build,omitempty"`
}

// Browser is one installed browser.
type Browser struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Running bool   `json:"running"`
}

// Restart holds what the restart check compares with the last install.
type Restart struct {
	Boot time.Time
	// Running maps a running browser ("Firefox", "Chrome", "Edge") to the
	// start of its oldest process.
	Running map[string]time.Time
}

// Source reads the facts; a nil field means the OS does not say.
type Source struct {
	// Describe returns the OS and the installed browsers. running is a
	// reading of the running browsers (Restart's Running): a browser it
	// lists is Running. The caller passes the reading it already has, so
	// one run scans the processes once.
	Describe func(running map[string]time.Time) (OSInfo, []Browser)
	Restart  func() Restart
	Proxy    func() Proxy
	// ResolveProxy decides the proxy the browser uses for one address
	// (Windows: WinHTTP with PAC and WPAD). It returns when ctx ends.
	ResolveProxy func(ctx context.Context, u *url.URL) ProxyDecision
}

// OS returns the OS and browsers, the browsers in running marked as
// running, or zero values when unknown.
func (s Source) OS(running map[string]time.Time) (OSInfo, []Browser) {
	if s.Describe == nil {
		return OSInfo{}, nil
	}
	return s.Describe(running)
}

// RestartFacts returns the boot time and running browsers, or zero values.
func (s Source) RestartFacts() Restart {
	if s.Restart == nil {
		return Restart{}
	}
	return s.Restart()
}

// ProxyConfig returns the OS proxy settings (Source "none" when unknown).
func (s Source) ProxyConfig() Proxy {
	if s.Proxy == nil {
		return Proxy{Source: ProxyNone}
	}
	return s.Proxy()
}

// ProxyResolver returns the function that decides the proxy for an address:
// the OS's resolver, or the settings' own decision where there is none.
func (s Source) ProxyResolver() func(ctx context.Context, u *url.URL) ProxyDecision {
	if s.ResolveProxy != nil {
		return s.ResolveProxy
	}
	settings := s.ProxyConfig
	return func(_ context.Context, u *url.URL) ProxyDecision { return settings().Decide(u) }
}
