package report

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Input is what the report is made from. Build never changes it.
type Input struct {
	Now           time.Time
	AppVersion    string
	Lang          string
	UserID        string
	SystemAddress *url.URL
	Mask          bool
	OS            machine.OSInfo
	Browsers      []machine.Browser
	Firefox       []FirefoxProf
	Inventory     []store.Entry
	Result        check.Result
	Verdict       string
	Next          string
	Done          []string // step ids the user confirms
	Profile       *profile.Profile
	// SupportCode is the run's code (supportcode.Encode).
	SupportCode string
	// Renewal is the renewal season's line (nil: left out).
	Renewal *Renewal
	// Home is the user's home directory: masked paths show "~" instead.
	Home string
}

// Build makes the report on its own copies of the input. Unknown step ids
// are an error (a typo in --done must not silently drop a step).
func Build(in Input) (*Report, error) {
	r := &Report{
		Tool: Tool, Format: Format, SupportCode: in.SupportCode, Outcomes: map[string]string{},
		Generated: in.Now, AppVersion: in.AppVersion, Lang: in.Lang, UserID: in.UserID, Masked: in.Mask,
		Verdict: in.Verdict, Next: in.Next, OS: in.OS, Browsers: append([]machine.Browser{}, in.Browsers...),
		Firefox: append([]FirefoxProf{}, in.Firefox...), Failed: in.Result.Failed, Warnings: in.Result.Warnings,
		Proxy: ProxyOf(in.Result), Certificates: []Certificate{}, Screenshots: []Screenshot{},
	}
	if in.Renewal != nil {
		rn := *in.Renewal
		r.Renewal = &rn
	}
	for _, f := range in.Result.Findings {
		f.Facts = f.Facts.Clone()
		r.Checks = append(r.Checks, f)
		if f.Status != check.OK {
			r.Outcomes[f.ID] = f.Outcome
		}
	}
	if in.SystemAddress != nil {
		r.SystemAddress = in.SystemAddress.String()
	}
	for _, e := range in.Inventory {
		r.Certificates = append(r.Certificates, Certificate{
			Store: e.Store, Location: e.Location, Subject: e.Cert.Subject.String(), Issuer: e.Cert.Issuer.String(),
			NotBefore: e.Cert.NotBefore.UTC(), NotAfter: e.Cert.NotAfter.UTC(),
			Status: string(e.Validity(in.Now, in.Profile).Status), SHA256: e.SHA256(), HasKey: e.HasKey,
		})
	}
	done := map[string]bool{}
	for _, d := range in.Done {
		d = strings.TrimSpace(d)
		if !isStep(d) {
			return nil, &UnknownStepError{Step: d}
		}
		done[d] = true
	}
	verified := verifiedSteps(in.Result)
	for _, id := range StepIDs {
		r.Steps = append(r.Steps, Step{ID: id, Done: done[id], Verified: verified[id]})
	}
	if in.Mask {
		newMasker(in).apply(r)
	}
	return r, nil
}

func isStep(id string) bool {
	for _, s := range StepIDs {
		if s == id {
			return true
		}
	}
	return false
}

// verifiedSteps are the steps the checklist itself shows as done.
func verifiedSteps(res check.Result) map[string]bool {
	st := map[string]check.Status{}
	for _, f := range res.Findings {
		st[f.ID] = f.Status
	}
	v := map[string]bool{}
	if st[check.RestartPending] == check.OK {
		// No browser runs since before the last install (and, on Windows,
		// the PC restarted since): the restart steps are done.
		v["browser-restart"] = true
	}
	if st[check.CertInstalled] == check.OK && st[check.CertLocation] == check.OK && st[check.CertExpiry] == check.OK {
		v["cert-check"] = true
	}
	return v
}

// UnknownStepError is a troubleshooting step (--done) that is none of the
// manual's (StepIDs); the command line words it.
type UnknownStepError struct{ Step string }

func (e *UnknownStepError) Error() string {
	return fmt.Sprintf("unknown troubleshooting step %q (known: %s)", e.Step, strings.Join(StepIDs, ", "))
}
