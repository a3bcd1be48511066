package report

import (
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
)

// TestIntroFollowsTheVerdict: the mail's first sentence says why it is
// sent as the run found it (an ok run with a row that warns is not "no
// problem found"); an all-green run never says 「ログインできないため」,
// and the count of ticked steps is the user's own.
func TestIntroFollowsTheVerdict(t *testing.T) {
	in, _ := sampleInput(t)
	for _, tc := range []struct {
		verdict  string
		warnings int
		done     []string
		ja, en   string
	}{
		{"ok", 0, nil, "自動診断では問題は見つかりませんでした", "found no problem"},
		{"ok", 1, nil, "ログイン画面の取得を確認できましたが、注意が必要な項目がありました", "but found something to look at"},
		{"problem", 1, []string{"cache"}, "自動診断で問題が見つかった", "found a problem"},
		{"incomplete", 0, nil, "確認できなかった項目がある", "could not check everything"},
		{"", 0, nil, "自動診断は実行していません", "the checks were not run"},
	} {
		in.Verdict, in.Done, in.Result.Warnings = tc.verdict, tc.done, tc.warnings
		rep := built(t, in)
		ja, en := rep.Text(i18n.New(i18n.JA), in.Profile), rep.Text(i18n.New(i18n.EN), in.Profile)
		if !strings.Contains(ja, tc.ja) || !strings.Contains(en, tc.en) {
			t.Errorf("%q: intro\n%s\n%s", tc.verdict, firstLines(ja), firstLines(en))
		}
		if strings.Contains(ja, "ログインできない") || strings.Contains(en, "cannot log in") {
			t.Errorf("%q: the mail claims the user cannot log in:\n%s", tc.verdict, firstLines(ja))
		}
		wantSteps := map[bool]string{true: "1 項目を実施しました", false: "実施した項目は、記入していません"}[len(tc.done) > 0]
		if !strings.Contains(ja, wantSteps) {
			t.Errorf("%q: the intro does not follow the ticked steps:\n%s", tc.verdict, firstLines(ja))
		}
		wantVerdict := map[string]string{"ok": "・診断結果: 問題なし\n", "problem": "・診断結果: 問題あり\n", "incomplete": "・診断結果: 確認できていない項目あり\n", "": "・診断結果: 自動診断は実行していません\n"}[tc.verdict]
		if tc.verdict == "ok" && tc.warnings > 0 {
			wantVerdict = "・診断結果: 問題なし(注意が必要な項目あり)\n"
		}
		if !strings.Contains(ja, wantVerdict) {
			t.Errorf("%q with %d warnings: the details do not read %q", tc.verdict, tc.warnings, wantVerdict)
		}
		if strings.Contains(ja, "verdict.") || strings.Contains(en, "verdict.") {
			t.Errorf("%q: a message key leaks into the mail", tc.verdict)
		}
	}
}

func firstLines(s string) string {
	lines := strings.SplitN(s, "\n", 4)
	return strings.Join(lines[:3], "\n")
}

// TestUntickedStepsStayUnticked: a step the tool verified but the user did
// not tick shows an empty box with the tool's note, never [x].
func TestUntickedStepsStayUnticked(t *testing.T) {
	in, _ := sampleInput(t)
	in.Done = nil
	in.Result.Findings = append(in.Result.Findings, check.Finding{ID: check.RestartPending, Status: check.OK, Outcome: "fine"})
	rep := built(t, in)
	text := rep.Text(i18n.New(i18n.JA), in.Profile)
	if strings.Contains(text, "実施済み\n") || strings.Contains(text, "[x]") || strings.Contains(text, "[ ]") {
		t.Errorf("a step the user did not tick reads as done, or a box is shown:\n%s", text)
	}
	if !strings.Contains(text, "・ブラウザ再起動(タブをすべて閉じて再起動): 自分では未実施(ツールの自動診断: インストールより前から起動したままのブラウザはありません)\n") {
		t.Errorf("the tool's verification is not noted apart from the user's tick:\n%s", text)
	}
	// The tool never sees a restart: it says what it saw, not 「確認済み」.
	if strings.Contains(text, "ブラウザ再起動(タブをすべて閉じて再起動): 自分では未実施(ツールの自動診断で確認済み)") {
		t.Errorf("the report claims the tool confirmed a browser restart:\n%s", text)
	}
	if !strings.Contains(text, "・PC再起動: 未実施\n") {
		t.Errorf("an unticked, unverified step:\n%s", text)
	}
	in.Done = []string{"browser-restart", "cache"}
	rep = built(t, in)
	text = rep.Text(i18n.New(i18n.JA), in.Profile)
	if !strings.Contains(text, "・ブラウザ再起動(タブをすべて閉じて再起動): 実施済み(ツールの自動診断: インストールより前から起動したままのブラウザはありません)\n") {
		t.Errorf("a ticked and verified step:\n%s", text)
	}
	if !strings.Contains(text, "・ブラウザのキャッシュを削除: 実施済み\n") {
		t.Errorf("a ticked step the tool cannot see:\n%s", text)
	}
}

// TestTimingsAreTheMeasuredDurations: a check that took microseconds is
// not reported as 0ms.
func TestTimingsAreTheMeasuredDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		40 * time.Microsecond: "0.04ms", 3 * time.Microsecond: "<0.01ms", 1500 * time.Microsecond: "1.50ms",
		120 * time.Millisecond: "120ms", 0: "0.00ms",
	} {
		if got := Millis(d); got != want {
			t.Errorf("Millis(%v) = %q, want %q", d, got, want)
		}
	}
	in, _ := sampleInput(t)
	in.Result.Findings[0].Duration = 40 * time.Microsecond
	rep := built(t, in)
	if text := rep.FileText(i18n.New(i18n.EN), in.Profile); !strings.Contains(text, "[cert.installed/installed, 0.04ms]") {
		t.Errorf("the report file does not show the measured duration:\n%s", text)
	}
}

// TestMailBodyListsResultsInWords: the mail an office worker sends names
// each check's result in words, with the manual's section title where it
// has advice, and carries no check id or timing; the report file attached
// to it (report.txt in the ZIP) keeps both for the helpdesk.
func TestMailBodyListsResultsInWords(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		msg := i18n.New(lang)
		mail, file := rep.Text(msg, in.Profile), rep.FileText(msg, in.Profile)
		for _, c := range rep.Checks {
			if strings.Contains(mail, c.ID) || strings.Contains(mail, Millis(c.Duration)) {
				t.Errorf("%s: the mail shows %s's id or timing:\n%s", lang, c.ID, mail)
			}
			if !strings.Contains(file, "["+c.ID+"/"+c.Outcome+", "+Millis(c.Duration)+"]") {
				t.Errorf("%s: the report file lacks %s's id and timing:\n%s", lang, c.ID, file)
			}
		}
	}
	mail := rep.Text(i18n.New(i18n.JA), in.Profile)
	for _, want := range []string{"・ログイン画面: 問題あり。", "・証明書のインストール: 問題なし。", "(マニュアル 「アクセスできない場合」3-1"} {
		if !strings.Contains(mail, want) {
			t.Errorf("the mail lacks %q:\n%s", want, mail)
		}
	}
	entries, _ := zipped(t, rep, in)
	got, ok := entries["report.txt"]
	if !ok {
		t.Fatal("the ZIP has no report.txt")
	}
	if string(got) != rep.FileText(i18n.New(i18n.JA), in.Profile) {
		t.Errorf("report.txt in the ZIP is not the report file:\n%s", got)
	}
}

// TestCaptureSectionSaysWhichScreenshotIsMissing: with only this tool's
// own window attached, the section does not go on to say that nothing is
// attached (「ツールでの添付なし」 right after 「このツールの画面(参考): …」);
// it says that the browser's error screen is not.
func TestCaptureSectionSaysWhichScreenshotIsMissing(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	if err := rep.AddScreenshotData("screenshot-1.png", ShotTool, pngBytes(t, 4, 3)); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[i18n.Lang][]string{
		i18n.JA: {"・このツールの画面(参考): screenshot-1.png(PNG, 4×3)", "・ブラウザのエラー画面: このレポートには添付されていません"},
		i18n.EN: {"・this tool's window (for reference): screenshot-1.png (PNG, 4×3)", "・browser error screen: not attached to this report"},
	} {
		text := rep.Text(i18n.New(lang), in.Profile)
		if !strings.Contains(text, strings.Join(want, "\n")) {
			t.Errorf("%s: the capture section does not read\n%s\nbut:\n%s", lang, strings.Join(want, "\n"), text)
		}
	}
}

// TestJapaneseMailSetsBracketsClose: the brackets the report adds around
// its own notes (a running browser, a screenshot's size, a Firefox
// profile's store) are set close as the catalog's are, 「118.0(起動中)」,
// never with the English space 「118.0 (起動中)」.
func TestJapaneseMailSetsBracketsClose(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	if err := rep.AddScreenshotData("screenshot-1.png", ShotTool, pngBytes(t, 4, 3)); err != nil {
		t.Fatal(err)
	}
	text := rep.Text(i18n.New(i18n.JA), in.Profile)
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, " (") || strings.Contains(l, ") ") {
			t.Errorf("an English-spaced bracket: %q", l)
		}
	}
	if !strings.Contains(text, "(起動中)") || !strings.Contains(text, "(PNG, 4×3)") {
		t.Errorf("the sample lacks the notes this test reads:\n%s", text)
	}
}
