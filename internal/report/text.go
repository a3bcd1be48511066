package report

import (
	"fmt"
	"strings"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// Text is the mail body an office worker sends, in the shape of the
// manual's template (3-4): 利用者様情報 / 利用端末情報 / 利用ブラウザ情報 /
// エラー画面のキャプチャ / 実施したトラブルシューティング, then the app's own
// findings, each check's result in words with the manual's section title
// where it has advice, then the usual closing with lines for the sender's
// company, name and telephone. No check ids or timings: FileText, the
// report file attached to the mail, has them for the helpdesk.
func (r *Report) Text(msg *i18n.Catalog, p *profile.Profile) string {
	return r.render(msg, p, false)
}

// FileText is the report file attached to the mail (report.txt in the ZIP,
// the command line's text report): the mail's text with each check's id,
// outcome and measured duration, which the helpdesk reads.
func (r *Report) FileText(msg *i18n.Catalog, p *profile.Profile) string {
	return r.render(msg, p, true)
}

// render draws either text from data in msg's language; forHelpdesk adds
// the checks' ids, outcomes and timings.
func (r *Report) render(msg *i18n.Catalog, p *profile.Profile, forHelpdesk bool) string {
	var b strings.Builder
	lang := string(msg.Lang)
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	t := func(key string, data ...map[string]any) string { return msg.T(key, data...) }
	unknown := t("report.unknown")
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return unknown
		}
		return i18n.Clean(s)
	}
	line("%s", t("report.greeting", map[string]any{"Support": p.SupportName.In(lang)}))
	line("")
	line("%s", r.Intro(msg))
	line("")
	line("■ %s", t("report.section.user"))
	line("・%s: %s", t("report.user_id"), or(r.UserID))
	line("■ %s", t("report.section.device"))
	line("・OS: %s", or(r.OS.Name))
	line("・%s: %s", t("report.version"), or(strings.TrimSpace(r.OS.Version+" "+r.OS.Build)))
	line("■ %s", t("report.section.browser"))
	if len(r.Browsers) == 0 {
		line("・%s", unknown)
	}
	for _, br := range r.Browsers {
		running := ""
		if br.Running {
			running = msg.Paren(t("report.running"))
		}
		line("・%s: %s / %s: %s%s", t("report.browser_app"), or(br.Name), t("report.version"), or(br.Version), running)
	}
	line("■ %s", t("report.section.capture"))
	browserShots := 0
	for _, s := range r.Screenshots {
		key := "report.shot.browser"
		if s.Kind == ShotTool {
			key = "report.shot.tool"
		} else {
			browserShots++
		}
		line("・%s: %s%s", t(key), s.Name, msg.Paren(fmt.Sprintf("%s, %d×%d", strings.ToUpper(s.Type), s.Width, s.Height)))
	}
	if browserShots == 0 {
		// Which screenshot is missing: the browser's, whatever else
		// (this tool's window) is attached.
		line("・%s: %s", t("report.shot.browser"), t("report.no_capture"))
	}
	line("■ %s", t("report.section.steps"))
	for _, s := range r.Steps {
		line("・%s", StepLine(msg, s))
	}
	line("")
	line("■ %s", t("report.section.details"))
	line("・%s: %s", t("report.verdict"), verdictText(msg, r.wording()))
	if r.SupportCode != "" {
		line("・%s: %s", t("report.support_code"), i18n.Clean(r.SupportCode))
	}
	line("・%s: rootip-cert %s", t("report.app"), r.AppVersion)
	line("・%s: %s", t("report.generated"), msg.DateTime(r.Generated))
	line("・%s: %s", t("report.system_address"), or(r.SystemAddress))
	line("・%s: %s", t("report.proxy"), ProxyText(msg, r))
	for _, f := range r.Firefox {
		line("・%s: %s%s", check.ReaderName(msg, "firefox", f.Name), i18n.Clean(f.Location),
			msg.Paren(t(map[bool]string{true: "report.osclientcerts.on", false: "report.osclientcerts.off"}[f.OSClientCerts])))
	}
	if rn := r.Renewal; rn != nil {
		line("・%s: %s", t("report.renewal"), RenewalText(msg, rn))
	}
	line("・%s: %d", t("report.certificates"), len(r.Certificates))
	for _, c := range r.Certificates {
		key := t("list.key_missing")
		if c.HasKey {
			key = t("list.key_present")
		}
		line("  - [%s] %s / %s / %s %s / %s / %s / SHA-256 %s", c.Store, i18n.Clean(c.Location), i18n.Clean(c.Subject), t("report.until"),
			msg.Date(c.NotAfter), t("status."+c.Status), key, c.SHA256)
	}
	line("・%s: %s", t("report.checks"), t("diagnose.summary", map[string]any{"Total": len(r.Checks), "Failed": r.Failed, "Warnings": r.Warnings}))
	for _, c := range r.Checks {
		if forHelpdesk {
			text := check.Describe(c, msg, p, check.ForCLI)
			line("  %s %s [%s/%s, %s] %s", i18n.Mark(string(c.Status)), text.Title, c.ID, c.Outcome, Millis(c.Duration), text.Detail)
			continue
		}
		text := check.Describe(c, msg, p, check.ForWindow)
		line("  %s", t("report.check_line", map[string]any{"Result": resultWord(msg, string(c.Status)),
			"Title": text.Title, "Detail": text.Detail, "Manual": text.Manual}))
	}
	line("")
	line("%s", t("report.closing"))
	line("%s", t("report.signature"))
	return b.String()
}

// StepLine is one of the manual's troubleshooting steps in words: its
// name and whether the user did it, apart from what the tool's checks saw.
func StepLine(msg *i18n.Catalog, s Step) string {
	name := "report.step." + s.ID
	if !msg.Has(name) {
		return i18n.Clean(s.ID) + ": " + StepState(msg, s)
	}
	return msg.T(name) + ": " + StepState(msg, s)
}

// StepState is what the user ticked and, in brackets, what the tool's
// checks saw (VerifiedNote): 「実施済み(ツールの自動診断で確認済み)」.
func StepState(msg *i18n.Catalog, s Step) string {
	return msg.T(s.StateKey(), map[string]any{"Note": VerifiedNote(msg, s.ID)})
}

// VerifiedNote is what the tool's checks saw of a step they show done, in
// the same words on the report screen's box and in the report: the step's
// own words where the plain 「確認済み」 would claim more (a browser
// restart is not seen, only that no browser still runs from before the
// install).
func VerifiedNote(msg *i18n.Catalog, step string) string {
	if key := "report.verified." + step; msg.Has(key) {
		return msg.T(key)
	}
	return msg.T("report.verified")
}

// resultWord is a check's status in words (問題あり, 注意, ...).
func resultWord(msg *i18n.Catalog, status string) string {
	if key := "report.result." + status; msg.Has(key) {
		return msg.T(key)
	}
	return msg.T("report.unknown")
}

// Intro is the mail's opening: why it is sent, from the verdict the run
// reached (a run with no problem found never says 「ログインできないため」),
// and how many of the manual's steps the user ticked.
func (r *Report) Intro(msg *i18n.Catalog) string {
	key := "report.intro." + r.wording()
	if r.Verdict == "" || !msg.Has(key) {
		key = "report.intro.none"
	}
	done := 0
	for _, s := range r.Steps {
		if s.Done {
			done++
		}
	}
	steps := msg.T("report.intro.no_steps")
	if done > 0 {
		steps = msg.T("report.intro.steps", map[string]any{"Count": done})
	}
	return msg.T(key) + steps
}

// wording is the verdict as the mail words it, by the rule of
// flow.Diagnosis.Wording (the window's and the command line's): an ok run
// with a row that warns is not "no problem found".
func (r *Report) wording() string {
	if r.Verdict == "ok" && r.Warnings > 0 {
		return "ok_check"
	}
	return r.Verdict
}

// verdictText names the verdict ("not run" for a report without a run).
func verdictText(msg *i18n.Catalog, verdict string) string {
	if key := "verdict." + verdict; verdict != "" && msg.Has(key) {
		return msg.T(key)
	}
	return msg.T("report.verdict.none")
}

// Millis is a check's measured duration for the report and the helpdesk:
// whole milliseconds from 10 ms, else to a hundredth of a millisecond, so
// a local check that took 40 µs reads 0.04ms, not 0ms.
func Millis(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d > 0 && d < 10*time.Microsecond:
		return "<0.01ms"
	}
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

// Subject is the mail's subject: the verdict and the support code, which
// the helpdesk triages by, and the user ID.
func (r *Report) Subject(msg *i18n.Catalog) string {
	key := "report.subject." + r.wording()
	if !msg.Has(key) {
		key = "report.subject.problem"
	}
	return msg.T("report.mail_subject", map[string]any{"Verdict": msg.T(key), "Code": i18n.Clean(r.SupportCode), "User": i18n.Clean(r.UserID)})
}

// RenewalText is the renewal season in plain sentences: what was
// installed (the new certificate and its end date, or the current one's),
// in how many of the browsers' stores, whether the server accepted it, and
// the next step. Codes the catalogue has no words for are never shown.
func RenewalText(msg *i18n.Catalog, rn *Renewal) string {
	if rn.Outcome == "" { // only the support code's state is known
		key := "renewal.state." + rn.State
		if !msg.Has(key) {
			key = "renewal.state.unknown"
		}
		data := map[string]any{}
		if !rn.CurrentUntil.IsZero() {
			data["NotAfter"] = msg.Date(rn.CurrentUntil)
		}
		if rn.WindowOpen && !rn.WindowEnd.IsZero() {
			data["End"] = msg.Date(rn.WindowEnd)
		}
		return msg.T(key, data)
	}
	data := map[string]any{"Next": known(msg, "renewal.next."+rn.Next)}
	if rn.SuccessorUntil.IsZero() {
		if !rn.CurrentUntil.IsZero() {
			data["Current"] = msg.Date(rn.CurrentUntil)
			return msg.T("report.renewal.no_successor", data)
		}
		return msg.T("report.renewal.nothing", data)
	}
	data["Until"], data["In"], data["Of"] = msg.Date(rn.SuccessorUntil), rn.SuccessorStores, rn.Stores
	if key := "report.renewal.proof." + rn.Proof; msg.Has(key) {
		data["Proof"] = msg.T(key) // an unknown proof is left unsaid
	}
	return msg.T("report.renewal.line", data)
}

// known is key's message, or 「(不明)」 when the catalogue has none (a code
// from a newer version): never the key itself.
func known(msg *i18n.Catalog, key string) string {
	if msg.Has(key) {
		return msg.T(key)
	}
	return msg.T("report.unknown")
}
