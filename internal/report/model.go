// Package report builds the support report the manual (3-4) asks users to
// send to root ip 事務局: the template's fields in its order, filled from
// what the app knows, plus what a helpdesk needs beyond it. It is made from
// data (the checklist's findings, the inventory, machine facts) and renders
// words at the end, in any language; masking works on the report's own
// copies. It has no field that could hold a password or a key.
package report

import (
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
)

// Tool and Format identify a report document: a reader refuses a document
// of another tool, and one of a newer major format it does not know.
const (
	Tool   = "rootip-cert"
	Format = 1
)

// Report is everything the report says.
type Report struct {
	Tool       string    `json:"tool"`
	Format     int       `json:"report_format"`
	AppVersion string    `json:"app_version"`
	Generated  time.Time `json:"generated"`
	// SupportCode is the checklist run as the code the user reads out on
	// the phone (internal/supportcode); "" when the run has none.
	SupportCode string `json:"support_code"`
	Verdict     string `json:"verdict"`
	// Outcomes are the outcome codes of the checks that are not ok, by id
	// (for triage without reading the checks).
	Outcomes      map[string]string `json:"outcomes"`
	Lang          string            `json:"lang"`
	UserID        string            `json:"user_id"`
	SystemAddress string            `json:"system_address"`
	Masked        bool              `json:"masked"`
	Next          string            `json:"next,omitempty"` // the id of the check to fix first
	OS            machine.OSInfo    `json:"os"`
	Browsers      []machine.Browser `json:"browsers"`
	Firefox       []FirefoxProf     `json:"firefox_profiles"`
	Certificates  []Certificate     `json:"certificates"`
	Checks        []check.Finding   `json:"checks"`
	Failed        int               `json:"failed"`
	Warnings      int               `json:"warnings"`
	Proxy         Proxy             `json:"proxy"`
	Renewal       *Renewal          `json:"renewal,omitempty"`
	Screenshots   []Screenshot      `json:"screenshots"`
	Steps         []Step            `json:"steps"`
}

// Renewal answers the helpdesk's season question in one line: is the new
// certificate installed everywhere, and does the server accept it? Filled
// from the renewal computation (Outcome ...) and from the support code's
// view of it (State), either of which may be missing.
type Renewal struct {
	// State is the support code's renewal state: due, not-due,
	// successor-installed, none or unknown.
	State           string    `json:"state,omitempty"`
	WindowOpen      bool      `json:"window_open,omitempty"`
	WindowEnd       time.Time `json:"window_end,omitzero"`
	Outcome         string    `json:"outcome,omitempty"` // cert.renewal's outcome
	Next            string    `json:"next,omitempty"`    // the renewal's next step code
	CurrentUntil    time.Time `json:"current_until,omitzero"`
	SuccessorUntil  time.Time `json:"successor_until,omitzero"`
	SuccessorStores int       `json:"successor_stores,omitempty"` // stores holding the successor
	Stores          int       `json:"stores,omitempty"`           // readable stores the browsers use
	Proof           string    `json:"proof,omitempty"`            // proven, rejected, untested
}

// FirefoxProf is a Firefox profile and where it takes client certificates from.
type FirefoxProf struct {
	Name          string `json:"name"`
	Location      string `json:"location"`
	OSClientCerts bool   `json:"os_client_certs"`
}

// Certificate is a certificate of the inventory: public facts only.
type Certificate struct {
	Store     string    `json:"store"`
	Location  string    `json:"location"`
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	Status    string    `json:"status"`
	SHA256    string    `json:"sha256"`
	HasKey    bool      `json:"has_key"`
}

// Screenshot is an attached image; its bytes go into the ZIP only.
type Screenshot struct {
	Name string `json:"name"`
	Type string `json:"type"` // png, jpeg
	// Kind says what it shows: "browser" (the error screen the manual asks
	// for, with its URL) or "tool" (this tool's own window).
	Kind   string `json:"kind"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Size   int    `json:"size"`
	data   []byte
}

// Screenshot kinds.
const (
	ShotBrowser = "browser"
	ShotTool    = "tool"
)

// Step is one item of the manual's troubleshooting list (3-1).
type Step struct {
	ID string `json:"id"`
	// Done: the user says they did it.
	Done bool `json:"done"`
	// Verified: the app's own checks show it (restart after the install,
	// the certificate's store and dates checked, ...).
	Verified bool `json:"verified"`
}

// StateKey is the catalogue key of the step's state in words: what the
// user ticked ("done" only then) and, apart from it, whether the app's own
// checks show the step's result. A step the tool verified but the user did
// not tick reads "not done by me (confirmed by the tool's checks)", never a
// ticked box.
func (s Step) StateKey() string {
	switch {
	case s.Done && s.Verified:
		return "report.step_state.done_verified"
	case s.Done:
		return "report.step_state.done"
	case s.Verified:
		return "report.step_state.verified"
	}
	return "report.step_state.not_done"
}

// StepIDs are the manual's steps, in its order.
var StepIDs = []string{
	"browser-restart", "pc-restart", "security", "cache", "other-browser",
	"cert-selected", "cert-check", "reinstall",
}
