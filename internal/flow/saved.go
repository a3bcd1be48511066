package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"rootip-cert/internal/check"
)

// ErrNotARun: the document is not a saved checklist run or report.
var ErrNotARun = errors.New("not a rootip-cert diagnose or report JSON document")

// ReadDiagnosis rebuilds a diagnosis from a saved `diagnose --json` run or
// a report's JSON: from the data (ids, statuses, outcomes, facts), never
// from the text, so it renders in any language exactly like the live run.
func ReadDiagnosis(data []byte) (Diagnosis, error) {
	var doc struct {
		URL           string          `json:"url"`
		SystemAddress string          `json:"system_address"`
		Checks        []check.Finding `json:"checks"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return Diagnosis{}, fmt.Errorf("read saved run: %w", err)
	}
	if len(doc.Checks) == 0 {
		return Diagnosis{}, fmt.Errorf("read saved run: %w", ErrNotARun)
	}
	res := check.Result{}
	for _, f := range doc.Checks {
		def, ok := check.Lookup(f.ID)
		if !ok {
			continue // a check from a newer version: not rendered here
		}
		o, ok := def.Outcome(f.Outcome)
		if !ok {
			return Diagnosis{}, fmt.Errorf("read saved run: check %s has unknown outcome %q: %w", f.ID, f.Outcome, ErrNotARun)
		}
		f.Status = o.Status
		res.Findings = append(res.Findings, f)
	}
	res.Count()
	raw := doc.URL
	if raw == "" {
		raw = doc.SystemAddress
	}
	var u *url.URL
	if raw != "" {
		if parsed, err := url.Parse(raw); err == nil && parsed.Host != "" {
			u = parsed
		}
	}
	return Judge(res, u), nil
}
