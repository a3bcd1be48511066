package report

import (
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
)

// TestIntroFollowsTheVerdict: the mail's first sentence says why it is
// sent as the run found it; an all-green run never says 「ログインできないため」,
// and the count of ticked steps is the user's own.
func TestIntroFollowsTheVerdict(t *testing.T) {
	in, _ := sampleInput(t)
	for _, tc := range []struct {
		verdict string
		done    []string
		ja, en  string
	}{
		{"ok", nil, "自動診断では問題は見つかりませんでした", "found no problem"},
		{"problem", []string{"cache"}, "自動診断で問題が見つかった", "found a problem"},
		{"incomplete", nil, "確認できなかった項目がある", "could not check everything"},
		{"", nil, "自動診断は実行していません", "the checks were not run"},
	} {
		in.Verdict, in.Done = tc.verdict, tc.done
		rep, err := Build(in)
		if err != nil {
			t.Fatal(err)
		}
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
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	text := rep.Text(i18n.New(i18n.JA), in.Profile)
	if strings.Contains(text, "[x]") {
		t.Errorf("a step the user did not tick is ticked:\n%s", text)
	}
	if !strings.Contains(text, "・[ ] ブラウザ再起動(タブをすべて閉じて再起動) (ツールで確認済み)") {
		t.Errorf("the tool's verification is not noted:\n%s", text)
	}
	in.Done = []string{"browser-restart"}
	rep, _ = Build(in)
	if text := rep.Text(i18n.New(i18n.JA), in.Profile); !strings.Contains(text, "・[x] ブラウザ再起動(タブをすべて閉じて再起動) (ツールで確認済み)") {
		t.Errorf("a ticked and verified step:\n%s", text)
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
	rep, _ := Build(in)
	if text := rep.Text(i18n.New(i18n.EN), in.Profile); !strings.Contains(text, "[cert.installed/installed, 0.04ms]") {
		t.Errorf("the report does not show the measured duration:\n%s", text)
	}
}
