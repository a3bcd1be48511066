package app

import (
	"strings"
	"testing"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
	"rootip-cert/internal/supportcode"
)

// TestSupportCodeOfAnotherOSShowsThatOSsSteps: a support code from a Linux
// or Mac PC, with the certificate missing (so the install row's fix, its
// manual section and the text to read aloud show), gives the steps and
// the manual's section for that OS, never Windows' import wizard, its
// manual pages or its certificate manager.
func TestSupportCodeOfAnotherOSShowsThatOSsSteps(t *testing.T) {
	user := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb"))
	user.showChecklist(true)
	user.loop.settle(t, "the user's checklist", func() bool { return user.diag != nil && !user.list.running })
	if f, ok := user.diag.Result.Find(check.CertInstalled); !ok || f.Status != check.Fail {
		t.Fatalf("the run has no failing install row: %+v", f)
	}
	windows := []string{"ダブルクリックします。② [現在のユーザ]", "(Windows)", "p5-11", "[ユーザー証明書の管理]", "Windows の[設定]"}
	for _, tc := range []struct {
		os   supportcode.OSFamily
		want []string
	}{
		{supportcode.OSLinux, []string{"OS: Linux", "「補足」3-2 電子証明書設定(Firefox)", "マニュアルには Linux の手順がないため", "Firefox の[証明書を表示]"}},
		{supportcode.OSMac, []string{"OS: macOS", "「補足」3-1 電子証明書設定(Mac)", "[常に許可]", "[キーチェーンアクセス]"}},
	} {
		t.Run(string(tc.os), func(t *testing.T) {
			code, err := supportcode.Encode(supportcode.Run{Verdict: string(user.diag.Verdict), Findings: user.diag.Result.Findings, OS: tc.os})
			if err != nil {
				t.Fatal(err)
			}
			v, err := helpdesk.OpenCode(code)
			if err != nil {
				t.Fatal(err)
			}
			desk := newTestUI(t, i18n.JA, untouchable{store.NewMemory(store.KindNSS, "/desk"), t})
			desk.showView(v)
			text := labels(desk.help.root)
			for _, w := range windows {
				if strings.Contains(text, w) {
					t.Errorf("a %s code shows Windows' %q:\n%s", tc.os, w, text)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("a %s code lacks %q:\n%s", tc.os, w, text)
				}
			}
		})
	}
}
