// Package check runs the manual's troubleshooting list (section 3) by
// itself: certificate checks over the stores' inventory and network checks
// against the system address, concurrently, each with a deadline, with
// dependencies so that a downstream symptom is reported as "not reached"
// instead of as a separate cause.
//
// Every check is declared once in the catalog (catalog.go: id, dependencies,
// manual topic, its possible outcomes and their status). A check's result is
// data — id, status, outcome code, facts, duration — identical in every
// language; words are rendered at the edge (text.go) from outcome + facts +
// language, for the command line, the window and the report alike.
package check

import (
	"encoding/json"
	"time"
)

// Status is a finding's severity; the values are part of the CLI's JSON.
type Status string

// Statuses.
const (
	OK   Status = "ok"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Facts are the data behind a finding (names, dates as RFC 3339, counts,
// store references, error codes): JSON values only, so a finding read back
// from a saved run renders exactly like the live one.
type Facts map[string]any

// Finding is the result of one check.
type Finding struct {
	ID       string        `json:"id"`
	Status   Status        `json:"status"`
	Outcome  string        `json:"outcome"`
	Facts    Facts         `json:"facts,omitempty"`
	Duration time.Duration `json:"duration_ns"`
	// data carries facts for dependent checks (resolved addresses, the
	// server's certificate request ...); never serialised.
	data any
}

// Result is a whole run.
type Result struct {
	Findings []Finding     `json:"checks"`
	Failed   int           `json:"failed"`
	Warnings int           `json:"warnings"`
	Started  time.Time     `json:"started"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// Find returns the finding with this id.
func (r Result) Find(id string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// Count sets Failed and Warnings from the findings.
func (r *Result) Count() {
	r.Failed, r.Warnings = 0, 0
	for _, f := range r.Findings {
		switch f.Status {
		case Fail:
			r.Failed++
		case Warn:
			r.Warnings++
		}
	}
}

// normalize turns facts into plain JSON values (the shape they have after a
// round trip through a saved run), so that rendering never depends on
// whether a finding is live or read back.
func normalize(f Facts) Facts {
	if len(f) == 0 {
		return nil
	}
	data, err := json.Marshal(f)
	if err != nil {
		return Facts{"unencodable": true}
	}
	var out Facts
	if err := json.Unmarshal(data, &out); err != nil {
		return Facts{"unencodable": true}
	}
	return out
}

// Clone returns a deep copy of the facts (masking works on copies).
func (f Facts) Clone() Facts { return normalize(f) }

// String returns a string fact ("" when absent or not a string).
func (f Facts) String(key string) string {
	s, _ := f[key].(string)
	return s
}

// Bool returns a boolean fact.
func (f Facts) Bool(key string) bool {
	b, _ := f[key].(bool)
	return b
}
