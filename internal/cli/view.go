package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/report"
)

func init() {
	register(command{name: "view", flags: []string{"json"}, run: runView})
}

// cliAudience: the helpdesk reads fixes as the user's command line says
// them (the user may be at the window; the agent names what to do).
const cliAudience = check.ForCLI

// helpdeskCheckJSON is one check as the helpdesk sees it: the data, its
// words, the manual's section and page and the text to read aloud.
type helpdeskCheckJSON struct {
	check.Finding
	check.Text
	Known bool              `json:"known"`
	Guide helpdesk.Guidance `json:"guide"`
}

func (r *run) helpdeskChecks(v *helpdesk.View) []helpdeskCheckJSON {
	out := []helpdeskCheckJSON{}
	for _, it := range v.Checklist(r.msg, r.prof, cliAudience) {
		out = append(out, helpdeskCheckJSON{Finding: it.Finding, Text: it.Text, Known: it.Known, Guide: it.Guide})
	}
	return out
}

// viewStep is a troubleshooting step of the report, with its words.
type viewStep struct {
	report.Step
	Title string `json:"title"`
}

// viewJSON is the `view --json` document: the report's data as it was
// written (ids, statuses, outcomes, facts, durations), the words in the
// helpdesk's language, and the guidance per check.
type viewJSON struct {
	File          string               `json:"file"`
	Kind          string               `json:"kind"`
	ToolVersion   string               `json:"tool_version"`
	ReportFormat  int                  `json:"report_format"`
	Generated     time.Time            `json:"generated"`
	ReportLang    string               `json:"report_lang"`
	UserID        string               `json:"user_id"`
	SystemAddress string               `json:"system_address"`
	Masked        bool                 `json:"masked"`
	SupportCode   string               `json:"support_code"`
	Verdict       string               `json:"verdict"`
	Outcomes      map[string]string    `json:"outcomes"`
	Missing       []string             `json:"missing"`
	Next          string               `json:"next,omitempty"`
	NextFix       string               `json:"next_fix,omitempty"`
	Failed        int                  `json:"failed"`
	Warnings      int                  `json:"warnings"`
	Checks        []helpdeskCheckJSON  `json:"checks"`
	OS            machine.OSInfo       `json:"os"`
	OSFamily      string               `json:"os_family"`
	Browsers      []machine.Browser    `json:"browsers"`
	Firefox       []report.FirefoxProf `json:"firefox_profiles"`
	Proxy         report.Proxy         `json:"proxy"`
	Renewal       *report.Renewal      `json:"renewal,omitempty"`
	Certificates  []report.Certificate `json:"certificates"`
	Steps         []viewStep           `json:"steps"`
	Screenshots   []report.Screenshot  `json:"screenshots"`
	Summary       []helpdesk.Field     `json:"summary"`
}

// runView renders a user's report (the ZIP or its report.json) in the
// helpdesk's language. It reads the one file and nothing else: no store,
// no network, no check. A file that is not a report exits 4.
func runView(r *run) int {
	if len(r.opts.Args) != 1 {
		return r.usageArgs(1, "view REPORT.zip|report.json")
	}
	path := r.opts.Args[0]
	v, err := helpdesk.ReadReport(path)
	if err != nil {
		message := helpdesk.OpenMessage(r.msg, path, err)
		if r.opts.JSON {
			r.writeJSON(refusedJSON{Input: helpdesk.Line(path), Error: errorJSON{Code: openErrorCode(err), Message: message}})
		}
		fmt.Fprintln(r.env.Stderr, message)
		return ExitUnreadable
	}
	if r.opts.JSON {
		r.writeJSON(r.viewDoc(path, v))
	} else {
		r.printView(v)
	}
	return ExitOK
}

func openErrorCode(err error) string {
	var oe *helpdesk.OpenError
	if errors.As(err, &oe) {
		return oe.Reason
	}
	return helpdesk.ReasonUnreadable
}

func (r *run) viewDoc(path string, v *helpdesk.View) viewJSON {
	rep, d := v.Report, v.Diagnosis
	doc := viewJSON{File: path, Kind: v.Kind, ToolVersion: rep.AppVersion, ReportFormat: rep.Format, Generated: rep.Generated,
		ReportLang: rep.Lang, UserID: rep.UserID, SystemAddress: rep.SystemAddress, Masked: rep.Masked, SupportCode: v.Code,
		Verdict: string(d.Verdict), Outcomes: map[string]string{}, Missing: append([]string{}, d.Missing...),
		NextFix: v.NextFix(r.msg, r.prof, cliAudience), Failed: d.Result.Failed, Warnings: d.Result.Warnings,
		Checks: r.helpdeskChecks(v), OS: rep.OS, OSFamily: string(v.OSFamily), Browsers: append([]machine.Browser{}, rep.Browsers...),
		Firefox: append([]report.FirefoxProf{}, rep.Firefox...), Proxy: rep.Proxy, Renewal: rep.Renewal,
		Certificates: append([]report.Certificate{}, rep.Certificates...), Steps: []viewStep{}, Screenshots: []report.Screenshot{},
		Summary: v.Summary(r.msg, r.prof)}
	if d.HasNext {
		doc.Next = d.Next.ID
	}
	for _, f := range d.Result.Findings {
		if f.Status != check.OK {
			doc.Outcomes[f.ID] = f.Outcome
		}
	}
	for _, s := range rep.Steps {
		doc.Steps = append(doc.Steps, viewStep{Step: s, Title: r.msg.T("report.step." + s.ID)})
	}
	for _, s := range v.Screenshots {
		doc.Screenshots = append(doc.Screenshots, s.Screenshot)
	}
	return doc
}

// printView prints a view (from a report or a code): the summary, every
// check with its id, outcome and time, the manual's section and page, and
// for what is not ok the fix and the text to read aloud; then the verdict
// and the next step; for a report its certificates, steps and screenshots.
func (r *run) printView(v *helpdesk.View) {
	w := r.env.Stdout
	line := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	t := func(key string, data ...map[string]any) string { return r.msg.T(key, data...) }
	for _, f := range v.Summary(r.msg, r.prof) {
		line("%s: %s", f.Label, f.Value)
	}
	if v.Source == helpdesk.FromCode {
		line("%s", t("helpdesk.code_note"))
	}
	line("")
	line("■ %s", t("view.section.checks"))
	for _, it := range v.Checklist(r.msg, r.prof, cliAudience) {
		f := it.Finding
		tag := f.ID + "/" + f.Outcome
		if v.Source == helpdesk.FromReport {
			tag += ", " + report.Millis(f.Duration)
		}
		if !it.Known {
			line("%s %s [%s] — %s", i18n.Mark(string(f.Status)), f.ID, tag, t("helpdesk.unknown_check"))
			continue
		}
		line("%s %s [%s] — %s", i18n.Mark(string(f.Status)), it.Text.Title, tag, it.Text.Detail)
		if it.Text.Fix != "" {
			line("    → %s", it.Text.Fix)
		}
		if it.Guide.Manual != "" {
			line("    %s", it.Guide.Manual)
		}
		// The agent reads aloud what needs doing: failures, warnings, what
		// kept the run incomplete, and the next step.
		attention := f.Status == check.Fail || f.Status == check.Warn || check.IsIncomplete(f) || v.Diagnosis.HasNext && v.Diagnosis.Next.ID == f.ID
		if attention && it.Guide.Explain != "" {
			line("    %s: %s", t("helpdesk.explain"), it.Guide.Explain)
		}
	}
	line("")
	d := v.Diagnosis
	line("%s", t("diagnose.summary", map[string]any{"Total": len(d.Result.Findings), "Failed": d.Result.Failed, "Warnings": d.Result.Warnings}))
	line("%s", t("diagnose.verdict."+d.Wording()))
	if fix := v.NextFix(r.msg, r.prof, cliAudience); fix != "" {
		line("%s", t("diagnose.next", map[string]any{"Fix": fix}))
	}
	if v.Report != nil {
		r.printReportParts(v)
	}
}

func (r *run) printReportParts(v *helpdesk.View) {
	w := r.env.Stdout
	line := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	t := func(key string) string { return r.msg.T(key) }
	rep := v.Report
	line("")
	line("■ %s%s", t("view.section.certificates"), r.msg.Paren(fmt.Sprint(len(rep.Certificates))))
	for _, c := range rep.Certificates {
		key := t("list.key_missing")
		if c.HasKey {
			key = t("list.key_present")
		}
		status := "status." + c.Status
		if !r.msg.Has(status) {
			status = "report.unknown"
		}
		line("  - [%s] %s / %s / %s %s / %s / %s / SHA-256 %s", helpdesk.Line(c.Store), helpdesk.Line(c.Location), helpdesk.Line(c.Subject),
			t("report.until"), r.msg.Date(c.NotAfter), t(status), key, helpdesk.Line(c.SHA256))
	}
	line("■ %s", t("report.section.steps"))
	for _, s := range rep.Steps {
		s.ID = helpdesk.Line(s.ID)
		line("  %s", report.StepLine(r.msg, s))
	}
	line("■ %s", t("view.section.screenshots"))
	if len(v.Screenshots) == 0 {
		line("  %s", t("view.no_screenshots"))
	}
	for _, s := range v.Screenshots {
		kind := "report.shot.browser"
		if s.Kind == report.ShotTool {
			kind = "report.shot.tool"
		}
		line("  - %s: %s %d×%d, %s, %s", helpdesk.Line(s.Name), strings.ToUpper(helpdesk.Line(s.Type)), s.Width, s.Height,
			helpdesk.SizeText(int64(s.Size)), t(kind))
	}
}
