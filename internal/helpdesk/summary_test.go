package helpdesk

import (
	"testing"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
)

// TestSummaryVerdictSaysWhatToCheck: an ok run with a warning row reads
// 「問題なし(注意が必要な項目あり)」 in the helpdesk summary, as the user's
// window and mail said it, not a bare 「問題なし」.
func TestSummaryVerdictSaysWhatToCheck(t *testing.T) {
	for _, tc := range []struct {
		status check.Status
		want   string
	}{
		{check.Warn, "問題なし(注意が必要な項目あり)"},
		{check.OK, "問題なし"},
	} {
		v := &View{Diagnosis: flow.Diagnosis{Verdict: flow.VerdictOK,
			Result: check.Result{Findings: []check.Finding{{ID: check.CertMultiple, Status: tc.status}}}}}
		got := ""
		for _, f := range v.Summary(i18n.New(i18n.JA), nil) {
			if f.Key == "verdict" {
				got = f.Value
			}
		}
		if got != tc.want {
			t.Errorf("%s row: verdict %q, want %q", tc.status, got, tc.want)
		}
	}
}
