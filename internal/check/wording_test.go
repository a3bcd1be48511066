package check

// Tests of the rows' words a new user found unclear: which certificate a
// refusal is about, which row stopped a later one, the renewal row on a
// new certificate, and the manual's way to a new certificate once the old
// one has expired.

import (
	"context"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
)

// TestRefusalSaysWhichCertificateWasTried: a refusal names the file's
// certificate (not installed) apart from an installed one, so the row
// agrees with 「証明書のインストール」 saying none is installed.
func TestRefusalSaysWhichCertificateWasTried(t *testing.T) {
	prof := pkitest.Profile(t)
	for _, outcome := range []string{"cert-expired", "rejected", "wrong-ca"} {
		for _, tc := range []struct {
			facts  Facts
			ja, en string
			notJA  string
			notEN  string
		}{
			{Facts{"signer": "file"}, "ファイルの証明書(未インストール)", "the file's certificate (not installed)", "インストール済み", "installed certificate"},
			{Facts{"signer": "file", "file_installed": true}, "ファイルの証明書", "the file's certificate", "未インストール", "not installed"},
			{Facts{"signer": "store"}, "インストール済みの証明書", "the installed certificate", "ファイル", "file"},
		} {
			facts := Facts{"name": pkitest.Host, "issuer": "rootip-cloud.net", "not_after": "2026-11-29T00:00:00Z"}
			for k, v := range tc.facts {
				facts[k] = v
			}
			f := Finding{ID: NetMTLS, Status: Fail, Outcome: outcome, Facts: normalize(facts)}
			ja := Describe(f, i18n.New(i18n.JA), prof, ForCLI).Detail
			en := Describe(f, i18n.New(i18n.EN), prof, ForCLI).Detail
			if !strings.Contains(ja, tc.ja) || strings.Contains(ja, tc.notJA) {
				t.Errorf("%s %v ja: %q, want %q", outcome, tc.facts, ja, tc.ja)
			}
			if !strings.Contains(en, tc.en) || strings.Contains(en, tc.notEN) {
				t.Errorf("%s %v en: %q, want %q", outcome, tc.facts, en, tc.en)
			}
		}
	}
}

// TestSkippedRowNamesTheRowThatStoppedIt: a step not reached names the
// check that failed first (not just "an earlier step"), through a chain
// of skipped steps too; so does the clock row without a server date.
func TestSkippedRowNamesTheRowThatStoppedIt(t *testing.T) {
	p := pkitest.Get(t)
	addr := startServer(t, serverOpts{clientCAs: p.OtherCA.Cert})
	res := RunDefs(context.Background(), netEnv(t, addr, p.Live), netChecks, 3*time.Second)
	expect(t, res, map[string]string{NetMTLS: "wrong-ca", NetHTTP: OutcomeNotReached, ClockSkew: "no-date"})
	for _, id := range []string{NetHTTP, ClockSkew} {
		f, _ := res.Find(id)
		for lang, want := range map[i18n.Lang]string{i18n.JA: "「クライアント証明書での接続」", i18n.EN: "“Connection with the client certificate”"} {
			if got := Describe(f, i18n.New(lang), pkitest.Profile(t), ForCLI).Detail; !strings.Contains(got, want) {
				t.Errorf("%s %s: %q does not name %s", id, lang, got, want)
			}
		}
	}
	// A chain: the connection fails, the later steps name it, not the
	// step just before them.
	tcp := finding(NetTCP, "refused", nil)
	tls := notReached(NetTLS, tcp)
	mtls := notReached(NetMTLS, tls)
	if got := Describe(mtls, i18n.New(i18n.JA), pkitest.Profile(t), ForCLI).Detail; !strings.Contains(got, "「サーバーへの接続」") {
		t.Errorf("chain: %q does not name the connection row", got)
	}
}

// TestRenewalRowOnANewCertificate: in the renewal period a certificate
// valid beyond it needs no renewal, said without "renewal season" and
// "done" side by side; without a certificate the row says what it could
// not check.
func TestRenewalRowOnANewCertificate(t *testing.T) {
	prof := pkitest.Profile(t)
	f := Finding{ID: CertRenewal, Status: OK, Outcome: "current", Facts: normalize(Facts{"name": pkitest.Host,
		"not_after": "2027-12-02T00:00:00Z", "end_date": "2027-01-10T00:00:00Z", "window_open": true})}
	ja := Describe(f, i18n.New(i18n.JA), prof, ForCLI).Detail
	if !strings.Contains(ja, "2027/12/02 まで有効です。") || !strings.Contains(ja, "必要ありません") || strings.Contains(ja, "済んで") || strings.Contains(ja, "ですが") {
		t.Errorf("ja current: %q", ja)
	}
	if en := Describe(f, i18n.New(i18n.EN), prof, ForCLI).Detail; !strings.Contains(en, "needs no renewal") || strings.Contains(en, "already renewed") {
		t.Errorf("en current: %q", en)
	}
	none := Finding{ID: CertRenewal, Status: Skip, Outcome: "none", Facts: normalize(Facts{"next": "fetch"})}
	if ja := Describe(none, i18n.New(i18n.JA), prof, ForCLI).Detail; strings.Contains(ja, "状況はありません") || !strings.Contains(ja, "確認できません") {
		t.Errorf("ja none: %q", ja)
	}
}

// TestExpiredAdviceFollowsTheManual: with an expired certificate the user
// cannot log in to the download menu; the manual's way is a full-rights
// user or system administrator (the certificate is common to the
// environment), else the support office.
func TestExpiredAdviceFollowsTheManual(t *testing.T) {
	prof := pkitest.Profile(t)
	cases := []Finding{
		{ID: CertFile, Status: Fail, Outcome: "unusable", Facts: normalize(Facts{"name": pkitest.Host, "status": "expired", "expired": true})},
		{ID: CertExpiry, Status: Fail, Outcome: "expired", Facts: normalize(Facts{"name": pkitest.Host})},
		{ID: NetMTLS, Status: Fail, Outcome: "cert-expired", Facts: normalize(Facts{"name": pkitest.Host, "signer": "file"})},
		{ID: CertRenewal, Status: Fail, Outcome: "old-expired", Facts: normalize(Facts{"name": pkitest.Host})},
	}
	for _, f := range cases {
		for _, a := range []Audience{ForCLI, ForWindow} {
			ja := Describe(f, i18n.New(i18n.JA), prof, a).Fix
			if !strings.Contains(ja, "ログインできる全権ユーザかシステム管理者") || !strings.Contains(ja, prof.SupportName.In("ja")) {
				t.Errorf("%s/%s %s ja: %q", f.ID, f.Outcome, a, ja)
			}
			en := Describe(f, i18n.New(i18n.EN), prof, a).Fix
			if !strings.Contains(en, "full-rights user or system administrator who can log in") || !strings.Contains(en, prof.SupportName.In("en")) {
				t.Errorf("%s/%s %s en: %q", f.ID, f.Outcome, a, en)
			}
		}
	}
	// A file outside its dates for another reason keeps the plain advice.
	notYet := Finding{ID: CertFile, Status: Fail, Outcome: "unusable", Facts: normalize(Facts{"name": pkitest.Host, "status": "not-yet-valid"})}
	if ja := Describe(notYet, i18n.New(i18n.JA), prof, ForCLI).Fix; strings.Contains(ja, "全権ユーザかシステム管理者に") {
		t.Errorf("not-yet-valid file: %q", ja)
	}
}
