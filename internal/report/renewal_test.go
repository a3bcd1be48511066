package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
)

// TestRenewalLine: the helpdesk and the user read the season in plain
// sentences — what was installed and until when, in how many of the
// browsers' stores, did the server accept it, what to do next — with
// dates as the language writes them and no code of the tool's.
func TestRenewalLine(t *testing.T) {
	str := func(v any) string { s, _ := v.(string); return s }
	in, _ := sampleInput(t)
	until := time.Date(2028, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		rn     Renewal
		ja, en string
	}{
		{Renewal{Outcome: "done", Next: "cleanup-later", SuccessorUntil: until, SuccessorStores: 2, Stores: 2, Proof: "proven"},
			"・電子証明書の更新: 新しい証明書(有効期限 2028/01/10)は、ブラウザが使う証明書ストア 2 か所すべてにインストールされています。サーバーは新しい証明書での接続を受け入れました。次にすること: なし(古い証明書は期限が切れたあと削除できます。削除は任意です)。\n",
			"・Certificate renewal: The new certificate (valid until Jan 10, 2028) is installed in all 2 certificate stores the browsers use. The server accepted a connection with the new certificate. Next: Nothing (the old certificate can be removed once it has expired; optional).\n"},
		{Renewal{Outcome: "successor-partial", Next: "install-everywhere", SuccessorUntil: until, SuccessorStores: 1, Stores: 2, Proof: "untested"},
			"証明書ストア 2 か所のうち 1 か所にインストールされています。サーバーが新しい証明書を受け入れるかは、まだ確認していません。次にすること: 新しい証明書を残りのブラウザにもインストールする。\n",
			"is installed in 1 of the 2 certificate stores the browsers use. Whether the server accepts the new certificate has not been tested yet. Next: Install"},
		{Renewal{Outcome: "successor-missing", Next: "fetch", CurrentUntil: until.AddDate(-1, 0, 0), Proof: "untested"},
			"・電子証明書の更新: 新しい証明書はまだインストールされていません。いまの証明書の有効期限は 2027/01/10 です。次にすること: 新しい証明書をダウンロードする。\n",
			"No new certificate is installed yet; the current one is valid until Jan 10, 2027. Next: Download the new certificate.\n"},
		{Renewal{Outcome: "none", Next: "fetch", Proof: "untested"}, "・電子証明書の更新: root ip の証明書がインストールされていません。次にすること: 新しい証明書をダウンロードする。\n",
			"No root ip certificate is installed. Next: Download"},
		{Renewal{Outcome: "done", Next: "from-a-newer-version", SuccessorUntil: until, SuccessorStores: 1, Stores: 1, Proof: "newer"},
			"ブラウザが使う証明書ストアにインストールされています。次にすること: (不明)。\n", "installed in the certificate store the browsers use. Next: (unknown).\n"},
		{Renewal{State: "due", CurrentUntil: until, WindowOpen: true, WindowEnd: until},
			"・電子証明書の更新: 更新が必要です。インストール済みの証明書の有効期限は 2028/01/10 です。更新期間は 2028/01/10 までです。\n",
			"Renewal is needed. The installed certificate expires Jan 10, 2028. The renewal period ends Jan 10, 2028.\n"},
	} {
		line := tc.rn
		in.Renewal = &line
		rep := built(t, in)
		line.Next = "changed" // Build copies
		if rep.Renewal.Next != tc.rn.Next {
			t.Fatal("the report shares the input's renewal line")
		}
		ja := rep.Text(i18n.New(i18n.JA), in.Profile)
		if !strings.Contains(ja, tc.ja) {
			t.Errorf("ja lacks %q:\n%s", tc.ja, ja)
		}
		for _, raw := range []string{tc.rn.Outcome, tc.rn.Next, tc.rn.Proof, tc.rn.State, "renewal.", "2028-01", "2027-01"} {
			if line := RenewalText(i18n.New(i18n.JA), &tc.rn); raw != "" && strings.Contains(line, raw) {
				t.Errorf("the line shows the code %q: %s", raw, line)
			}
		}
		if en := rep.Text(i18n.New(i18n.EN), in.Profile); !strings.Contains(en, tc.en) {
			t.Errorf("en lacks %q", tc.en)
		}
		js, _ := rep.JSON()
		var doc struct {
			Renewal map[string]any `json:"renewal"`
		}
		if err := json.Unmarshal(js, &doc); err != nil || str(doc.Renewal["outcome"]) != tc.rn.Outcome || str(doc.Renewal["proof"]) != tc.rn.Proof {
			t.Errorf("json renewal = %v (%v)", doc.Renewal, err)
		}
	}
	in.Renewal = nil
	if rep := built(t, in); strings.Contains(rep.Text(i18n.New(i18n.JA), in.Profile), "電子証明書の更新:") {
		t.Error("a report without the line shows it")
	}
}
