package helpdesk

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/report"
	"rootip-cert/internal/supportcode"
)

// Source is where a view comes from.
type Source string

// Sources.
const (
	FromCode   Source = "code"
	FromReport Source = "report"
)

// View is a user's checklist run as the helpdesk sees it: from a support
// code (outcomes only) or from a report (everything the report says).
type View struct {
	Source Source
	// Code is the support code, grouped ("" when a report has none);
	// CodeFormat its format version (0 when it could not be read).
	Code       string
	CodeFormat int
	// Diagnosis is the run: findings (with facts and durations from a
	// report; without from a code), the verdict the user saw, the next
	// step. Render its findings with Describe, never check.Describe.
	Diagnosis flow.Diagnosis
	// Unknown are checks a newer version ran that this one does not
	// know; they are shown as data (id, status, outcome) only.
	Unknown  []check.Finding
	OSFamily supportcode.OSFamily
	Browsers []string // the browser set (supportcode.Browser* ids)
	Renewal  supportcode.Renewal
	// Report is the opened report (nil for a code), File its file name,
	// Kind "zip" or "json", Screenshots its images (with their bytes when
	// read from a ZIP).
	Report      *report.Report
	File        string
	Kind        string
	Screenshots []Screenshot
}

// Screenshot is an attached image: what the report says of it and, from
// a ZIP, its bytes (verified to be that image).
type Screenshot struct {
	report.Screenshot
	Data []byte `json:"-"`
}

// Item is one row of the checklist a helpdesk screen shows.
type Item struct {
	Finding check.Finding
	Text    check.Text
	Guide   Guidance
	// Known is false for a check of a newer version (Text and Guide empty).
	Known bool
}

// Checklist is every check of the view, rendered in msg's language: the
// known ones in catalog order, then those of a newer version.
func (v *View) Checklist(msg *i18n.Catalog, p *profile.Profile, a check.Audience) []Item {
	var out []Item
	for _, f := range v.Diagnosis.Result.Findings {
		t := Describe(f, msg, p, a)
		g := GuideFor(f.ID, v.OSFamily, msg, p)
		if t.Manual != "" && v.OSFamily != supportcode.OSUnknown {
			// The user's OS's section, not the one of the PC reading it.
			t.Manual = check.ManualText(msg, p, g.Topic)
		}
		t.Title, t.Detail, t.Fix, t.Manual = oneLine(t.Title), oneLine(t.Detail), oneLine(t.Fix), oneLine(t.Manual)
		out = append(out, Item{Finding: f, Text: t, Guide: g, Known: true})
	}
	for _, f := range v.Unknown {
		out = append(out, Item{Finding: f})
	}
	return out
}

// NextFix is the fix of the next step in msg's language ("" when none).
func (v *View) NextFix(msg *i18n.Catalog, p *profile.Profile, a check.Audience) string {
	if !v.Diagnosis.HasNext {
		return ""
	}
	return oneLine(Describe(v.Diagnosis.Next, msg, p, a).Fix)
}

// Field is one labelled value of a view's summary.
type Field struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// Summary is what is known of the run and the machine, in msg's language:
// for a code the code, verdict, OS family, browsers and renewal state; for
// a report also the tool version that made it, when, its language, the
// user, the system address, the OS version, the browsers' versions, the
// proxy and the Firefox profiles.
func (v *View) Summary(msg *i18n.Catalog, p *profile.Profile) []Field {
	var out []Field
	add := func(key, label, value string) {
		out = append(out, Field{Key: key, Label: oneLine(label), Value: oneLine(value)})
	}
	rep := v.Report
	if rep != nil {
		add("made_by", msg.T("helpdesk.field.made_by"), msg.T("helpdesk.made_by", map[string]any{"Version": oneLine(rep.AppVersion), "Format": rep.Format}))
		add("generated", msg.T("report.generated"), msg.DateTime(rep.Generated))
		add("report_lang", msg.T("helpdesk.field.report_lang"), rep.Lang)
		add("user_id", msg.T("report.user_id"), or(msg, rep.UserID))
		add("system_address", msg.T("report.system_address"), or(msg, rep.SystemAddress))
		add("masked", msg.T("helpdesk.field.masked"), yesNo(msg, rep.Masked))
	}
	if v.Code != "" {
		code := v.Code
		if v.CodeFormat > 0 {
			code += msg.Paren(msg.T("helpdesk.field.format") + " " + fmt.Sprint(v.CodeFormat))
		}
		add("support_code", msg.T("report.support_code"), code)
	}
	add("verdict", msg.T("report.verdict"), msg.T("verdict."+v.Diagnosis.Wording()))
	osText := msg.T("os.family." + string(v.OSFamily))
	if rep != nil && rep.OS.Name != "" {
		osText = strings.TrimSpace(rep.OS.Name + " " + rep.OS.Version)
		if rep.OS.Build != "" {
			osText += msg.Paren(rep.OS.Build)
		}
	}
	add("os", msg.T("helpdesk.field.os"), osText)
	add("browsers", msg.T("helpdesk.field.browsers"), browsersText(msg, v))
	if rep != nil {
		add("proxy", msg.T("report.proxy"), report.ProxyText(msg, rep))
		for _, f := range rep.Firefox {
			on := map[bool]string{true: "report.osclientcerts.on", false: "report.osclientcerts.off"}[f.OSClientCerts]
			add("firefox_profile", check.ReaderName(msg, "firefox", f.Name), f.Location+msg.Paren(msg.T(on)))
		}
	}
	switch {
	case rep != nil && rep.Renewal != nil:
		add("renewal", msg.T("report.renewal"), report.RenewalText(msg, rep.Renewal))
	case rep == nil:
		add("renewal", msg.T("report.renewal"), v.renewalText(msg, p))
	}
	return out
}

// renewalText is a code's renewal line: the cert.renewal row the user saw,
// in the same words (Describe) as the checklist; a version 1 code, which
// holds only the state, says the state.
func (v *View) renewalText(msg *i18n.Catalog, p *profile.Profile) string {
	if f, ok := v.Diagnosis.Result.Find(check.CertRenewal); ok {
		return oneLine(Describe(f, msg, p, check.ForCLI).Detail)
	}
	return report.RenewalText(msg, &report.Renewal{State: string(v.Renewal)})
}

func browsersText(msg *i18n.Catalog, v *View) string {
	var parts []string
	if v.Report != nil && len(v.Report.Browsers) > 0 {
		for _, b := range v.Report.Browsers {
			s := strings.TrimSpace(b.Name + " " + b.Version)
			if b.Running {
				s += msg.Paren(msg.T("helpdesk.running"))
			}
			parts = append(parts, s)
		}
	} else {
		for _, b := range v.Browsers {
			parts = append(parts, msg.T("browser."+b))
		}
	}
	if len(parts) == 0 {
		return msg.T("helpdesk.none")
	}
	return msg.List(parts)
}

func or(msg *i18n.Catalog, s string) string {
	if strings.TrimSpace(s) == "" {
		return msg.T("report.unknown")
	}
	return s
}

func yesNo(msg *i18n.Catalog, b bool) string {
	if b {
		return msg.T("helpdesk.yes")
	}
	return msg.T("helpdesk.no")
}

// OpenCode reads a support code (as typed: any case, full-width, with or
// without hyphens) into a view. Its error wraps the supportcode errors
// (CharError, LengthError, ErrBadChecksum, VersionError, ErrInvalid);
// CodeMessage says it in words.
func OpenCode(code string) (*View, error) {
	run, err := supportcode.Decode(code)
	if err != nil {
		return nil, err
	}
	canonical, _ := supportcode.Normalize(code)
	v := &View{Source: FromCode, Code: canonical, CodeFormat: run.Version, OSFamily: run.OS, Browsers: run.Browsers, Renewal: run.Renewal}
	var res check.Result
	for _, f := range run.Findings {
		if _, ok := check.Lookup(f.ID); ok {
			res.Findings = append(res.Findings, f)
		} else {
			v.Unknown = append(v.Unknown, f)
		}
	}
	// The code holds the checks in its layout's order (a check added in a
	// later format comes last); the user's checklist shows the catalog's.
	order := map[string]int{}
	for i, id := range check.IDs() {
		order[id] = i
	}
	slices.SortStableFunc(res.Findings, func(a, b check.Finding) int { return order[a.ID] - order[b.ID] })
	res.Count()
	v.Diagnosis = judgeAs(res, run.Verdict, nil)
	return v, nil
}

// placeholderURL stands for a system address the run had but the view
// does not know (a code holds none): the verdict and next step are judged
// as the user's run was.
var placeholderURL = &url.URL{Scheme: "https", Host: "system-address.invalid", Path: "/"}

// judgeAs judges a read-back run with the verdict the user saw.
func judgeAs(res check.Result, verdict string, u *url.URL) flow.Diagnosis {
	judgeURL := u
	if judgeURL == nil && !hadNoURL(res) {
		judgeURL = placeholderURL
	}
	d := flow.Judge(res, judgeURL)
	d.URL = u
	switch flow.Verdict(verdict) {
	case flow.VerdictOK, flow.VerdictProblem, flow.VerdictIncomplete:
		d.Verdict = flow.Verdict(verdict)
	}
	return d
}

// hadNoURL reports whether the run had no system address (its address
// checks say so).
func hadNoURL(res check.Result) bool {
	for _, f := range res.Findings {
		if f.Outcome == check.OutcomeNoURL {
			return true
		}
	}
	return false
}

// Code is the support code of a run made by this flow: the verdict and
// outcomes (the cert.renewal row among them: the renewal the helpdesk
// reads is the row the user saw), this machine's OS family and browsers.
func Code(ctx context.Context, fl *flow.Flow, d flow.Diagnosis) (string, error) {
	osInfo, browsers := fl.Machine()
	return supportcode.Encode(supportcode.Run{Verdict: string(d.Verdict), Findings: d.Result.Findings,
		OS: osFamily(osInfo), Browsers: supportcode.BrowsersOf(browserNames(browsers))})
}

func osFamily(o machine.OSInfo) supportcode.OSFamily {
	if f := supportcode.FamilyOf(o.Name); f != supportcode.OSUnknown {
		return f
	}
	return supportcode.FamilyOf(runtime.GOOS) // the tool runs on the user's PC
}

func browserNames(bs []machine.Browser) []string {
	names := make([]string, len(bs))
	for i, b := range bs {
		names[i] = b.Name
	}
	return names
}

// Renewal is the renewal state for a report made by this flow from the run
// d (nil when no store could be listed): computed from the run's address
// and handshake, its state the one the run's cert.renewal row means.
func Renewal(ctx context.Context, fl *flow.Flow, d flow.Diagnosis) *report.Renewal {
	if _, err := fl.Stores(); err != nil {
		return nil
	}
	r := fl.Renewal(ctx, flow.RenewalRequest{Diagnosis: &d})
	state := supportcode.RenewalOf(true, r.HasCurrent, r.Open, r.Due)
	if f, ok := d.Result.Find(check.CertRenewal); ok {
		state = supportcode.RenewalOfOutcome(f.Outcome)
	}
	out := &report.Renewal{State: string(state), WindowOpen: r.Open}
	if r.Open {
		out.WindowEnd = r.WindowEnd
	}
	if r.HasCurrent {
		out.CurrentUntil = r.Current.Cert.NotAfter.UTC()
	}
	return out
}

// Stamp adds the run's support code and the renewal state to a report
// made from that run by this flow. A run that cannot be encoded (a saved
// run of a newer version) keeps an empty code; the error says why.
func Stamp(ctx context.Context, fl *flow.Flow, d flow.Diagnosis, rep *report.Report) error {
	if state := Renewal(ctx, fl, d); state != nil {
		if rep.Renewal == nil {
			rep.Renewal = state
		} else { // the flow's renewal line stays; the code's state joins it
			rep.Renewal.State, rep.Renewal.WindowOpen, rep.Renewal.WindowEnd = state.State, state.WindowOpen, state.WindowEnd
			if rep.Renewal.CurrentUntil.IsZero() {
				rep.Renewal.CurrentUntil = state.CurrentUntil
			}
		}
	}
	code, err := Code(ctx, fl, d)
	rep.SupportCode = code
	return err
}
