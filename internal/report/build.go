package report

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// Input is what the report is made from.
type Input struct {
	Now           time.Time
	AppVersion    string
	UserID        string
	SystemAddress *url.URL
	Mask          bool
	OS            OSInfo
	Browsers      []Browser
	Firefox       []FirefoxProf
	Inventory     []store.Entry
	Result        check.Result
	Proxy         string
	Done          []string // step ids the user confirms
	Profile       *profile.Profile
}

// Build makes the report. Unknown step ids are an error (a typo in --done
// must not silently drop a step).
func Build(in Input) (*Report, error) {
	r := &Report{
		Generated: in.Now, AppVersion: in.AppVersion, UserID: in.UserID, Masked: in.Mask,
		OS: in.OS, Browsers: in.Browsers, Firefox: in.Firefox, Checks: in.Result.Checks,
		Failed: in.Result.Failed, Warnings: in.Result.Warnings, Proxy: in.Proxy,
		Certificates: []Certificate{}, Screenshots: []Screenshot{},
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
			return nil, fmt.Errorf("unknown troubleshooting step %q (known: %s)", d, strings.Join(StepIDs, ", "))
		}
		done[d] = true
	}
	verified := verifiedSteps(in.Result)
	for _, id := range StepIDs {
		r.Steps = append(r.Steps, Step{ID: id, Done: done[id], Verified: verified[id]})
	}
	if in.Mask {
		r.mask(in.Profile)
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
	for _, f := range res.Checks {
		st[f.ID] = f.Status
	}
	v := map[string]bool{}
	if st["restart.pending"] == check.OK {
		// No browser runs since before the last install (and, on Windows,
		// the PC restarted since): the restart steps are done.
		v["browser-restart"] = true
	}
	if st["cert.installed"] == check.OK && st["cert.location"] == check.OK && st["cert.expiry"] == check.OK {
		v["cert-check"] = true
	}
	return v
}

// mask hides the user ID and the customer part of the system address, and
// every place the host appears in the checks' text.
func (r *Report) mask(p *profile.Profile) {
	if r.UserID != "" {
		r.UserID = MaskUserID(r.UserID)
	}
	if r.SystemAddress == "" {
		return
	}
	u, err := url.Parse(r.SystemAddress)
	if err != nil {
		return
	}
	host := u.Hostname()
	masked := MaskHost(host, p.Domains)
	r.SystemAddress = strings.ReplaceAll(r.SystemAddress, host, masked)
	for i := range r.Checks {
		r.Checks[i].Detail = strings.ReplaceAll(r.Checks[i].Detail, host, masked)
		r.Checks[i].Fix = strings.ReplaceAll(r.Checks[i].Fix, host, masked)
	}
	for i := range r.Certificates {
		r.Certificates[i].Subject = strings.ReplaceAll(r.Certificates[i].Subject, host, masked)
	}
}

// MaskUserID keeps the first character of each part: test@rootip.co.jp →
// t***@r***.co.jp.
func MaskUserID(id string) string {
	local, domain, ok := strings.Cut(id, "@")
	if !ok {
		return maskWord(id)
	}
	first, rest, _ := strings.Cut(domain, ".")
	if rest != "" {
		rest = "." + rest
	}
	return maskWord(local) + "@" + maskWord(first) + rest
}

// MaskHost hides the customer label of a vendor host: acme.rootip-cloud.net
// → a***.rootip-cloud.net; other hosts keep only their first letter.
func MaskHost(host string, domains []string) string {
	for _, d := range domains {
		if label, ok := strings.CutSuffix(host, "."+d); ok {
			return maskWord(label) + "." + d
		}
	}
	return maskWord(host)
}

func maskWord(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + "***"
}

// Identity adds an inspected file's certificate (never its key) as an entry.
func Identity(id *certfile.Identity, path string) store.Entry {
	return store.Entry{Store: "file", Location: path, Cert: id.Leaf, HasKey: true}
}
