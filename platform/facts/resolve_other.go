//go:build !windows

package facts

import (
	"context"
	"net/url"

	"rootip-cert/internal/machine"
)

// resolveOS decides from the settings alone: the macOS, GNOME or KDE manual
// proxy and its exceptions; a PAC script or WPAD there is reported as not
// evaluated (macOS: the system's CFNetwork evaluation needs cgo, which this
// build does not use; Linux: no maintained Go PAC evaluator is available).
func resolveOS(_ context.Context, u *url.URL) machine.ProxyDecision {
	return Proxy().Decide(u)
}
