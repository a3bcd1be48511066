package helpdesk

import (
	"strings"
	"testing"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/supportcode"
)

// TestReadAloudExpiredAdviceFollowsTheManual: the agent's read-aloud text
// for the file and expiry checks, on every OS, says who downloads a new
// certificate once the old one has expired (the user can no longer log
// in to the download menu): a full-rights user or system administrator,
// else the support office — the same as the checks' own fix.
func TestReadAloudExpiredAdviceFollowsTheManual(t *testing.T) {
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := map[i18n.Lang]string{i18n.JA: "ログインできる全権ユーザかシステム管理者", i18n.EN: "full-rights user or system administrator who can log in"}
	for lang, phrase := range want {
		msg := i18n.New(lang)
		for _, id := range []string{check.CertFile, check.CertExpiry} {
			for _, os := range []supportcode.OSFamily{supportcode.OSWindows, supportcode.OSLinux, supportcode.OSMac} {
				if g := GuideFor(id, os, msg, p); !strings.Contains(g.Explain, phrase) {
					t.Errorf("%s %s %v: the read-aloud text lacks %q: %s", lang, id, os, phrase, g.Explain)
				}
			}
		}
	}
}
