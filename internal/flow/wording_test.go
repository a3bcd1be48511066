package flow

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/profile"
)

// TestOKWithAWarningSaysWhatToCheck: a run whose decisive checks passed
// but where a row warns (two usable certificates installed) keeps the
// verdict ok (the JSON, the exit code) but is not worded "no problem
// found", and its next step says which certificate to pick, not only what
// to do after a wrong pick. Optional advice alone (expired certificates
// that may be deleted) still words the run as one to check, with no next
// step.
func TestOKWithAWarningSaysWhatToCheck(t *testing.T) {
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	proven := []check.Finding{finding(check.CertInstalled, "installed"), finding(check.NetMTLS, "accepted"), finding(check.NetHTTP, "login")}
	several := finding(check.CertMultiple, "several")
	several.Facts = check.Facts{"count": float64(2), "name": pkitest.Host, "issuer": "rootip-cloud.net",
		"not_after": time.Date(2028, 1, 10, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)}
	for _, tc := range []struct {
		name    string
		res     check.Result
		wording string
		next    string
	}{
		{"everything proven", run(proven...), "ok", ""},
		{"two certificates", run(append(proven, several)...), WordingOKToCheck, check.CertMultiple},
		{"an expired one left", run(append(proven, finding(check.CertStale, "stale"))...), WordingOKToCheck, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Judge(tc.res, u)
			if d.Verdict != VerdictOK || d.Wording() != tc.wording {
				t.Errorf("verdict %s worded %q, want ok worded %q", d.Verdict, d.Wording(), tc.wording)
			}
			if (tc.next == "") == d.HasNext || d.HasNext && d.Next.ID != tc.next {
				t.Errorf("next = %v %s, want %q", d.HasNext, d.Next.ID, tc.next)
			}
		})
	}
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	d := Judge(run(append(proven, several)...), u)
	for lang, want := range map[i18n.Lang][]string{
		i18n.JA: {"2028/01/10", "の証明書を選んでください"},
		i18n.EN: {"Jan 10, 2028", "choose the certificate"},
	} {
		msg := i18n.New(lang)
		for _, a := range []check.Audience{check.ForCLI, check.ForWindow} {
			fix := check.Describe(d.Next, msg, p, a).Fix
			for _, w := range want {
				if !strings.Contains(fix, w) {
					t.Errorf("%s %s: the next step %q does not say %q", lang, a, fix, w)
				}
			}
		}
		if v := msg.T("diagnose.verdict." + d.Wording()); strings.Contains(v, msg.T("diagnose.verdict.ok")) {
			t.Errorf("%s: an ok run with a warning reads %q", lang, v)
		}
	}
}
