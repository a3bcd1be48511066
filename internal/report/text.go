package report

import (
	"fmt"
	"strings"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// Text renders the mail body in the shape of the manual's template (3-4):
// 利用者様情報 / 利用端末情報 / 利用ブラウザ情報 / エラー画面のキャプチャ /
// 実施したトラブルシューティング, then the app's own findings.
func (r *Report) Text(msg *i18n.Catalog, p *profile.Profile) string {
	var b strings.Builder
	lang := string(msg.Lang)
	line := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	t := func(key string, data ...map[string]any) string { return msg.T(key, data...) }
	unknown := t("report.unknown")
	or := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return unknown
		}
		return s
	}
	line("%s", t("report.greeting", map[string]any{"Support": p.SupportName.In(lang)}))
	line("")
	line("%s", t("report.intro"))
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
			running = " (" + t("report.running") + ")"
		}
		line("・%s: %s / %s: %s%s", t("report.browser_app"), br.Name, t("report.version"), or(br.Version), running)
	}
	line("■ %s", t("report.section.capture"))
	if len(r.Screenshots) == 0 {
		line("・%s", t("report.no_capture"))
	}
	for _, s := range r.Screenshots {
		line("・%s (%s, %d×%d)", s.Name, strings.ToUpper(s.Type), s.Width, s.Height)
	}
	line("■ %s", t("report.section.steps"))
	for _, s := range r.Steps {
		mark := "[ ]"
		note := ""
		switch {
		case s.Verified:
			mark, note = "[x]", " ("+t("report.verified")+")"
		case s.Done:
			mark = "[x]"
		}
		line("・%s %s%s", mark, t("report.step."+s.ID), note)
	}
	line("")
	line("■ %s", t("report.section.details"))
	line("・%s: rootip-cert %s", t("report.app"), r.AppVersion)
	line("・%s: %s", t("report.generated"), r.Generated.Format("2006-01-02 15:04:05 -0700"))
	line("・%s: %s", t("report.system_address"), or(r.SystemAddress))
	line("・%s: %s", t("report.proxy"), or(r.Proxy))
	for _, f := range r.Firefox {
		line("・%s: %s (%s)", f.Name, f.Location, t(map[bool]string{true: "report.osclientcerts.on", false: "report.osclientcerts.off"}[f.OSClientCerts]))
	}
	line("・%s: %d", t("report.certificates"), len(r.Certificates))
	for _, c := range r.Certificates {
		key := t("list.key_missing")
		if c.HasKey {
			key = t("list.key_present")
		}
		line("  - [%s] %s / %s / %s %s / %s / %s / SHA-256 %s", c.Store, c.Location, c.Subject, t("report.until"),
			c.NotAfter.Format("2006-01-02"), t("status."+c.Status), key, c.SHA256)
	}
	line("・%s: %s", t("report.checks"), t("diagnose.summary", map[string]any{"Total": len(r.Checks), "Failed": r.Failed, "Warnings": r.Warnings}))
	marks := map[string]string{"ok": "✓", "warn": "!", "fail": "✗", "skip": "-"}
	for _, c := range r.Checks {
		line("  %s %s [%s, %dms] %s", marks[string(c.Status)], c.Title, c.ID, c.Duration.Milliseconds(), c.Detail)
	}
	return b.String()
}
