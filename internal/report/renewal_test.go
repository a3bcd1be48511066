package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
)

// TestRenewalLine: the helpdesk reads the season in one line — is the new
// certificate in every store, and did the server accept it.
func TestRenewalLine(t *testing.T) {
	in, _ := sampleInput(t)
	until := time.Date(2028, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		rn     Renewal
		ja, en string
	}{
		{Renewal{Outcome: "done", Next: "cleanup-later", SuccessorUntil: until, SuccessorStores: 2, Stores: 2, Proof: "proven"},
			"・電子証明書の更新: 新しい証明書 2028/01/10 まで・ストア 2/2・接続 確認済み(次: なし(古い証明書は",
			"・Certificate renewal: new certificate until Jan 10, 2028, in 2/2 stores, handshake proven (next: Nothing"},
		{Renewal{Outcome: "successor-partial", Next: "install-everywhere", SuccessorUntil: until, SuccessorStores: 1, Stores: 2, Proof: "untested"},
			"ストア 1/2・接続 未確認(次: 新しい証明書を残りのブラウザにもインストールする)", "in 1/2 stores, handshake not tested"},
		{Renewal{Outcome: "successor-missing", Next: "fetch", CurrentUntil: until.AddDate(-1, 0, 0), Proof: "untested"},
			"新しい証明書なし・今の証明書 2027/01/10 まで(次: 新しい証明書をダウンロードする)", "no new certificate, the current one valid until Jan 10, 2027"},
		{Renewal{Outcome: "none", Next: "fetch", Proof: "untested"}, "root ip の証明書なし", "no root ip certificate"},
	} {
		line := tc.rn
		in.Renewal = &line
		rep := built(t, in)
		line.Next = "changed" // Build copies
		if rep.Renewal.Next != tc.rn.Next {
			t.Fatal("the report shares the input's renewal line")
		}
		if ja := rep.Text(i18n.New(i18n.JA), in.Profile); !strings.Contains(ja, tc.ja) {
			t.Errorf("ja lacks %q:\n%s", tc.ja, ja)
		}
		if en := rep.Text(i18n.New(i18n.EN), in.Profile); !strings.Contains(en, tc.en) {
			t.Errorf("en lacks %q", tc.en)
		}
		js, _ := rep.JSON()
		var doc struct {
			Renewal map[string]any `json:"renewal"`
		}
		if err := json.Unmarshal(js, &doc); err != nil || doc.Renewal["outcome"] != tc.rn.Outcome || doc.Renewal["proof"] != tc.rn.Proof {
			t.Errorf("json renewal = %v (%v)", doc.Renewal, err)
		}
	}
	in.Renewal = nil
	if rep := built(t, in); strings.Contains(rep.Text(i18n.New(i18n.JA), in.Profile), "電子証明書の更新:") {
		t.Error("a report without the line shows it")
	}
}
