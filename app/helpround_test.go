package app

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// rowTexts are the text blocks of each checklist row, in order: the
// title, the text, and what a screen adds below.
func rowTexts(rows *fyne.Container) [][]string {
	var out [][]string
	for _, row := range rows.Objects {
		var texts []string
		var walk func(fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *textBlock:
				texts = append(texts, x.Text)
			case *fyne.Container:
				for _, c := range x.Objects {
					walk(c)
				}
			}
		}
		walk(row)
		out = append(out, texts)
	}
	return out
}

var timing = regexp.MustCompile(` (<?[0-9.]+ms)$`)

// TestSupportCodeRoundTripShowsTheUsersLines: the support code the user's
// checklist shows, typed in on the helpdesk's window, gives the same rows
// with the same titles, ids and outcomes — the renewal row among them, in
// the same state — rendered by the same function; where a text needs a
// fact the code does not hold (a name, a date) its facts-free variant
// stands. No row says 「マニュアル マニュアル」.
func TestSupportCodeRoundTripShowsTheUsersLines(t *testing.T) {
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	m.Put(pkitest.Entry(p.Current, "nss", "/ff", true))
	for _, tc := range []struct{ name, address, renewal string }{
		// The user's address names another environment: the renewal row
		// says "none"; a state computed apart said "due".
		{"other environment", "https://other.rootip-cloud.net/", "none"},
		{"this environment", "https://" + pkitest.Host + "/", "successor-missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user := newTestUI(t, i18n.JA, m)
			user.helpdesk.SetChecked(true)
			user.address = tc.address
			user.showChecklist(true)
			user.loop.settle(t, "the user's checklist", func() bool { return user.diag != nil && !user.list.running && user.list.code != "" })
			if f, _ := user.diag.Result.Find(check.CertRenewal); f.Outcome != tc.renewal {
				t.Fatalf("the user's renewal row is %s, want %s", f.Outcome, tc.renewal)
			}
			userRows := rowTexts(user.list.rows)

			desk := newTestUI(t, i18n.JA, untouchable{store.NewMemory(store.KindNSS, "/desk"), t})
			v, err := helpdesk.OpenCode(user.list.code)
			if err != nil {
				t.Fatal(err)
			}
			desk.showView(v)
			deskRows := rowTexts(desk.help.items)
			if len(deskRows) != len(userRows) {
				t.Fatalf("%d rows on the helpdesk's side, %d on the user's", len(deskRows), len(userRows))
			}
			for i, want := range userRows {
				got := deskRows[i]
				f := user.diag.Result.Findings[i]
				if title := timing.ReplaceAllString(want[0], ""); got[0] != title {
					t.Errorf("row %d: helpdesk %q, user %q", i, got[0], title)
				}
				if !helpdesk.NeedsFacts(user.msg.T(detailKey(user, f))) && !needsFactsFix(user, f) && got[1] != want[1] {
					t.Errorf("row %d (%s): helpdesk text\n%q\nuser text\n%q", i, f.ID, got[1], want[1])
				}
				for _, s := range append(got, want...) {
					if strings.Contains(s, "マニュアル マニュアル") || strings.Contains(s, "マニュアル (マニュアル") || strings.Contains(s, "<no value>") {
						t.Errorf("row %d: %q", i, s)
					}
				}
			}
			// The summary's renewal line is the renewal row's text.
			renewalRow := ""
			for i, f := range user.diag.Result.Findings {
				if f.ID == check.CertRenewal {
					renewalRow = strings.SplitN(deskRows[i][1], "\n", 2)[0]
				}
			}
			if summary := labels(desk.help.summary); renewalRow == "" || !strings.Contains(summary, "電子証明書の更新: "+renewalRow) {
				t.Errorf("summary renewal line is not the row %q:\n%s", renewalRow, summary)
			}
		})
	}
}

// needsFactsFix: the row's fix names a fact (its facts-free variant is shown).
// detailKey is the key check.Describe renders a finding's detail from: the
// check's own, else the outcome's shared one (check.common.not-reached).
func detailKey(u *testUI, f check.Finding) string {
	key := "check." + f.ID + "." + f.Outcome
	if !u.msg.Has(key) {
		key = "check.common." + f.Outcome
	}
	return key
}

func needsFactsFix(u *testUI, f check.Finding) bool {
	key := detailKey(u, f) + ".fix"
	return helpdesk.NeedsFacts(u.msg.T(key+".window")) || helpdesk.NeedsFacts(u.msg.T(key))
}
