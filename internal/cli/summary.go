package cli

import (
	"context"
	"strings"

	"rootip-cert/internal/flow"
)

// summaryLine is the one line a management tool's inventory collects
// (Intune, Jamf, SCCM): key=value pairs, stable and language-free —
// the tool version, the verdict of a checklist run (when there is one),
// the expiry of the certificate the browsers will use and the renewal state.
func (r *run) summaryLine(ctx context.Context, fl *flow.Flow, d *flow.Diagnosis) string {
	parts := []string{"rootip-cert=" + Version}
	if d != nil {
		parts = append(parts, "verdict="+string(d.Verdict))
	}
	ren := fl.RenewalState(fl.Inventory(ctx))
	if ren.HasCurrent {
		parts = append(parts, "expires="+ren.Current.Cert.NotAfter.UTC().Format("2006-01-02"))
	} else {
		parts = append(parts, "expires=none")
	}
	state := "none"
	switch {
	case !ren.HasCurrent:
	case ren.Due:
		state = "due"
	default:
		state = "ok"
	}
	parts = append(parts, "renewal="+state)
	return strings.Join(parts, " ")
}
