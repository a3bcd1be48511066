package textwrap

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"rootip-cert/internal/i18n"
)

// em measures like a Japanese font: full width for CJK, half for the rest.
func em(s string) float32 {
	var w float32
	for _, r := range s {
		if r >= 0x2e80 {
			w++
		} else {
			w += 0.5
		}
	}
	return w
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float32
		want  []string
	}{
		// Phrases stay whole where a line can hold them: no break inside
		// ダウンロード or between で and す.
		{"システムからダウンロードしてください。", 7, []string{"システムから", "ダウンロード", "してください。"}},
		{"更新期間は「12月初旬〜1月10日」です。", 7, []string{"更新期間は", "「12月初旬〜", "1月10日」", "です。"}},
		{"証明書をインストールしました。", 8, []string{"証明書を", "インストール", "しました。"}},
		{"証明書ファイルを選んでください", 9, []string{"証明書ファイルを", "選んでください"}},
		// A path after a space starts its own line rather than dragging
		// the kana before it along (「削除さ｜れま｜す): /tmp/…」 before).
		{"デモを終了すると削除されます): /tmp/rootip-cert-demo-1234/rootip-report.zip", 30, []string{"デモを終了すると削除されます):", "/tmp/rootip-cert-demo-1234/rootip-report.zip"}},
		// A katakana word wider than the line breaks inside as a last resort.
		{"クライアントサーティフィケート", 6, []string{"クライアント", "サーティフィ", "ケート"}},
		{"https://acme.rootip-cloud.net を開いてください", 15, []string{"https://acme.rootip-cloud.net", "を開いてください"}},
		{"https://acme.rootip-cloud.net", 8, []string{"https://acme.", "rootip-cloud.net"}},                                    // wider than a line: cut after a dot
		{"/tmp/rootip-report-20261202-145259-unknown.zip", 14, []string{"/tmp/rootip-report-20261202-", "145259-unknown.zip"}}, // not inside a number
		{"✓ インストールしました", 3, []string{"✓ イン", "ストー", "ルし", "ました"}},
		{"root ipクラウド", 20, []string{"root ipクラウド"}},
		{"一行目\n二行目", 20, []string{"一行目", "二行目"}},
		// A piece cut because it is wider than the line leaves no space to
		// start the next line with (its trailing space fits nowhere).
		{"証明書 {{.name}}({{.not_after}} まで)は", 12, []string{"証明書", "{{.name}}({{.not_after}}", "まで)は"}},
	} {
		got := Lines(tc.text, tc.width, em)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Lines(%q, %v) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestEveryCatalogStringBreaksLegally wraps every message of both catalogs
// at three widths. Each break must be an opportunity (or a cut inside a
// token too wide for any line), and every opportunity obeys the rules: no
// line starts with closing punctuation or a small kana, none ends with an
// opening bracket, none breaks a URL, a word or a number.
func TestEveryCatalogStringBreaksLegally(t *testing.T) {
	checked := 0
	err := i18n.Each(func(lang i18n.Lang, k, s string) {
		for _, para := range strings.Split(s, "\n") {
			checked += checkBreaks(t, fmt.Sprintf("%s %q", lang, k), para)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("only %d wraps checked", checked)
	}
}

// checkBreaks checks the opportunities of one paragraph of message name
// and its wraps at three widths; it returns how many wraps it checked.
func checkBreaks(t *testing.T, name, para string) int {
	t.Helper()
	text := []rune(para)
	ok := Opportunities(text)
	for i := 1; i < len(text); i++ {
		if !ok[i] {
			continue
		}
		if strings.ContainsRune(noStart, text[i]) || strings.ContainsRune(noEnd, text[i-1]) || token(text[i-1]) && token(text[i]) {
			t.Errorf("%s: an illegal opportunity before %q in %q", name, string(text[i:]), para)
		}
	}
	widths := []float32{12, 24, 40}
	for _, width := range widths {
		pos := 0
		for _, line := range Lines(para, width, em) {
			for !strings.HasPrefix(line, " ") && pos < len(text) && text[pos] == ' ' {
				pos++ // (a line shows no space it broke at; one that fits whole keeps its own)
			}
			// (A template's {{if}} is no text: it never reaches a line.)
			if pos > 0 && pos < len(text) && !ok[pos] && !tooWide(text, pos, width) && !strings.Contains(para, "{{if") {
				t.Errorf("%s at %v: break at %d (%q) is no opportunity", name, width, pos, line)
			}
			// What the reader sees: no line begins with closing
			// punctuation or a small kana, none ends with an opening
			// bracket (unless a too-wide token was cut; a template
			// placeholder is no text the reader sees).
			if r := []rune(line); len(r) > 0 && pos > 0 && !tooWide(text, pos, width) && !strings.Contains(para, "{{") {
				if strings.ContainsRune(noStart, r[0]) {
					t.Errorf("%s at %v: line %q starts with %q", name, width, line, r[0])
				}
				if end := pos + len(r); end < len(text) && strings.ContainsRune(noEnd, r[len(r)-1]) && !tooWide(text, end, width) {
					t.Errorf("%s at %v: line %q ends with %q", name, width, line, r[len(r)-1])
				}
			}
			pos += len([]rune(line))
			if em(line) > width {
				t.Errorf("%s at %v: line %q too wide", name, width, line)
			}
		}
	}
	return len(widths)
}

// tooWide: pos lies inside a token wider than a whole line (a cut there is
// the last resort).
func tooWide(text []rune, pos int, width float32) bool {
	if !token(text[pos-1]) || !token(text[pos]) {
		return false
	}
	lo, hi := pos, pos
	for lo > 0 && token(text[lo-1]) {
		lo--
	}
	for hi < len(text) && token(text[hi]) {
		hi++
	}
	return em(string(text[lo:hi])) > width
}

// TestNoStrandedKana: no catalog message, wrapped at three widths, leaves
// the last kana of a word alone at the start of a line (「送信しま｜す。」,
// 「で｜す」): a reader takes those for a broken word. Found by a tryout;
// the breaker now prefers phrase boundaries.
func TestNoStrandedKana(t *testing.T) {
	stranded := 0
	err := i18n.Each(func(lang i18n.Lang, k, s string) {
		if lang != i18n.JA {
			return
		}
		for _, para := range strings.Split(s, "\n") {
			for _, width := range []float32{12, 24, 40} {
				lines := Lines(para, width, em)
				for i := 1; i < len(lines); i++ {
					prev, next := []rune(lines[i-1]), []rune(lines[i])
					if len(prev) == 0 || len(next) == 0 || !unicode.Is(unicode.Hiragana, prev[len(prev)-1]) {
						continue
					}
					run := 0
					for run < len(next) && unicode.Is(unicode.Hiragana, next[run]) {
						run++
					}
					if run > 0 && run <= 2 && (run == len(next) || strings.ContainsRune("。、）」", next[run])) {
						stranded++
						t.Errorf("%s at %v: %q | %q", k, width, lines[i-1], lines[i])
					}
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
