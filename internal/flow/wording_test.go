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

// TestUnusableFileIsReplacedNotInstalled: a certificate file that is
// expired (or cannot be read) is refused by the install, so "install it"
// is a loop; the next step, in the command line and in the window alike,
// is to download a new certificate, what the file's row says: on the
// command line without importing this file, in the window with no command
// and then the checklist's own install button for the downloaded file.
func TestUnusableFileIsReplacedNotInstalled(t *testing.T) {
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	expired := finding(check.CertFile, "unusable")
	expired.Facts = check.Facts{"name": pkitest.Host, "status": "expired",
		"not_after": time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)}
	corrupt := finding(check.CertFile, "bad-file")
	corrupt.Facts = check.Facts{"file": "クライアント証明書.p12", "code": "corrupt"}
	for name, file := range map[string]check.Finding{"expired": expired, "corrupt": corrupt} {
		for _, installed := range []string{"missing", "partly"} {
			t.Run(name+"/"+installed, func(t *testing.T) {
				res := run(file, finding(check.CertInstalled, installed), finding(check.NetMTLS, "cert-expired"),
					finding(check.NetHTTP, check.OutcomeNotReached))
				d := Judge(res, u)
				if !d.HasNext || d.Next.ID != check.CertFile {
					t.Fatalf("next = %v %s, want %s", d.HasNext, d.Next.ID, check.CertFile)
				}
				for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
					msg := i18n.New(lang)
					for _, a := range []check.Audience{check.ForCLI, check.ForWindow} {
						fix := check.Describe(d.Next, msg, p, a).Fix
						if !strings.Contains(fix, p.DownloadMenu.In(string(lang))) {
							t.Errorf("%s %s: the next step %q does not say where to download", lang, a, fix)
						}
						for _, bad := range []string{"rootip-cert", "import"} {
							if strings.Contains(fix, bad) {
								t.Errorf("%s %s: the next step %q says %q", lang, a, fix, bad)
							}
						}
						button := msg.T("gui.check.reinstall")
						if a == check.ForWindow && strings.Index(fix, button) < strings.Index(fix, p.DownloadMenu.In(string(lang))) {
							t.Errorf("%s window: the next step %q does not name the %q button after the download", lang, fix, button)
						}
					}
				}
			})
		}
	}
}
