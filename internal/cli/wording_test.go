package cli

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// TestDiagnoseWordsAnOKRunWithAWarningAsTheWindowDoes: two usable
// certificates installed, every decisive check passed: the command line,
// like the window, does not print "no problem found" but says there is
// something to check, and its next step says which certificate to pick.
func TestDiagnoseWordsAnOKRunWithAWarningAsTheWindowDoes(t *testing.T) {
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := func(id, outcome string, st check.Status, facts check.Facts) check.Finding {
		return check.Finding{ID: id, Outcome: outcome, Status: st, Facts: facts}
	}
	res := check.Result{Findings: []check.Finding{
		f(check.CertInstalled, "installed", check.OK, nil), f(check.NetMTLS, "accepted", check.OK, nil), f(check.NetHTTP, "login", check.OK, nil),
		f(check.CertMultiple, "several", check.Warn, check.Facts{"count": float64(2), "name": "acme.rootip-cloud.net", "issuer": "rootip-cloud.net",
			"not_after": time.Date(2028, 1, 10, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)}),
	}}
	res.Count()
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	d := flow.Judge(res, u)
	if d.Verdict != flow.VerdictOK {
		t.Fatalf("verdict %s, want ok", d.Verdict)
	}
	var out bytes.Buffer
	r := &run{env: Env{Stdout: &out}, msg: i18n.New(i18n.JA), prof: p}
	r.printDiagnosis(d, "")
	text := out.String()
	if strings.Contains(text, "問題は見つかりませんでした") || !strings.Contains(text, r.msg.T("diagnose.verdict.ok_check")) {
		t.Errorf("an ok run with a warning is worded:\n%s", text)
	}
	if !strings.Contains(text, "次にすること: ブラウザのポップアップでは、発行先 acme.rootip-cloud.net、発行者 rootip-cloud.net、有効期限 2028/01/10 の証明書を選んでください。") {
		t.Errorf("the next step does not say which certificate to pick:\n%s", text)
	}
}
