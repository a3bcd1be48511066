package helpdesk

import (
	"strings"
	"testing"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/supportcode"
)

// TestChecklistFollowsTheUsersOS: the install row of a code from Windows,
// a Mac or Linux names that OS's manual section — in the row's text and in
// the guidance — and reads aloud that OS's steps, whatever OS the helpdesk
// reads it on; only Windows' names the Windows wizard.
func TestChecklistFollowsTheUsersOS(t *testing.T) {
	msg := i18n.New(i18n.JA)
	prof := pkitest.Profile(t)
	for _, tc := range []struct {
		os             supportcode.OSFamily
		section, steps string
	}{
		{supportcode.OSWindows, "クライアント証明書のインストール(Windows)", "② [現在のユーザ]"},
		{supportcode.OSMac, "電子証明書設定(Mac)", "[常に許可]"},
		{supportcode.OSLinux, "電子証明書設定(Firefox)", "Linux の手順がない"},
	} {
		code, err := supportcode.Encode(supportcode.Run{Verdict: "problem", OS: tc.os,
			Findings: []check.Finding{{ID: check.CertInstalled, Status: check.Fail, Outcome: "missing"}}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := OpenCode(code)
		if err != nil {
			t.Fatal(err)
		}
		var it *Item
		items := v.Checklist(msg, prof, check.ForCLI)
		for i := range items {
			if items[i].Finding.ID == check.CertInstalled {
				it = &items[i]
			}
		}
		if it == nil {
			t.Fatalf("%s: no install row", tc.os)
		}
		if !strings.Contains(it.Text.Manual, tc.section) || !strings.Contains(it.Guide.Manual, tc.section) {
			t.Errorf("%s: manual %q / %q, want %q", tc.os, it.Text.Manual, it.Guide.Manual, tc.section)
		}
		if !strings.Contains(it.Guide.Explain, tc.steps) {
			t.Errorf("%s: read-aloud text lacks %q: %s", tc.os, tc.steps, it.Guide.Explain)
		}
		if tc.os != supportcode.OSWindows && (strings.Contains(it.Guide.Explain, "[現在のユーザ]") || strings.Contains(it.Guide.Manual, "p5-11")) {
			t.Errorf("%s: Windows' steps: %s %s", tc.os, it.Guide.Manual, it.Guide.Explain)
		}
	}
}
