package i18n

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode"
)

// Japanese sets a bracketed note close to its phrase, 「名前解決(DNS)」「PC再起動(実施済み)」,
// as nearly 400 of the catalog's brackets do; the English spacing
// 「名前解決 (DNS)」 leaves a gap a Japanese reader sees as a break.
//
// codeLike are the spans a Japanese message keeps as they are: template
// actions ({{if eq (print .x) "y"}} is Go, not text) and the (y/N) answer
// of a command-line prompt, which names the keys to type after a space as
// every such prompt does. Everything else in brackets is read, not typed:
// notes in the usage lines, file filters of the file dialog, and quotes of
// the manual's headings (the manual itself writes 「電子証明書設定 (Mac)」
// and 「(削除は本来不要)」 both ways) follow the catalog. A bracket beside
// command-line syntax keeps its space too (see syntax).
var codeLike = regexp.MustCompile(`\{\{.*?\}\}|\(y/N\)`)

// spacedParens returns each English-spaced bracket of s's Japanese text
// (a space before 「(」 or after 「)」) with a little context, or nothing
// when s has no Japanese in it.
func spacedParens(s string) []string {
	if !hasJapanese(s) {
		return nil
	}
	r := []rune(codeLike.ReplaceAllString(s, "·"))
	var hits []string
	for i, c := range r {
		spaced := c == '(' && i > 0 && r[i-1] == ' ' && !syntax(wordBefore(r, i-1)) ||
			c == ')' && i+1 < len(r) && r[i+1] == ' ' && !syntax(wordAfter(r, i+2))
		if spaced {
			lo, hi := max(0, i-8), min(len(r), i+9)
			hits = append(hits, string(r[lo:hi]))
		}
	}
	return hits
}

// syntax is a command line's own word beside a spaced bracket: a flag
// (「ファイル(- は標準入力) --store」) or an optional argument
// (「rootip-cert [証明書ファイル.p12]   (引数なしで画面が開きます)」), which
// keep the space that sets them apart as code.
func syntax(word string) bool {
	return strings.HasPrefix(word, "-") || strings.HasSuffix(word, "]")
}

func wordBefore(r []rune, end int) string {
	for end > 0 && r[end-1] == ' ' {
		end--
	}
	start := end
	for start > 0 && r[start-1] != ' ' {
		start--
	}
	return string(r[start:end])
}

func wordAfter(r []rune, start int) string {
	for start < len(r) && r[start] == ' ' {
		start++
	}
	end := start
	for end < len(r) && r[end] != ' ' {
		end++
	}
	return string(r[start:end])
}

func hasJapanese(s string) bool {
	for _, c := range s {
		if unicode.In(c, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// TestJapaneseSetsBracketsClose: every Japanese message, and every
// Japanese text of the vendor profile (section titles the window quotes),
// writes 「名前解決(DNS)」, never 「名前解決 (DNS)」.
func TestJapaneseSetsBracketsClose(t *testing.T) {
	checked := 0
	err := Each(func(l Lang, key, text string) {
		if l != JA {
			return
		}
		checked++
		for _, h := range spacedParens(text) {
			t.Errorf("ja %s spaces a bracket the English way: …%s…", key, h)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("only %d Japanese messages checked", checked)
	}
	_, here, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "assets", "profile.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	profileTexts := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if s, ok := e.(string); ok && k == "ja" {
					profileTexts++
					for _, h := range spacedParens(s) {
						t.Errorf("profile.json %s.ja spaces a bracket the English way: …%s…", path, h)
					}
					continue
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("", doc)
	if profileTexts < 10 {
		t.Fatalf("only %d Japanese profile texts checked", profileTexts)
	}
}

func TestSpacedParens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		hits int
	}{
		{"名前解決 (DNS)", 1},
		{"identd (利用者の確認) に接続", 2},
		{"名前解決(DNS)", 0},
		{"Name resolution (DNS) is done", 0},
		{"削除しますか? (y/N)", 0},
		{"{{if ne (print .scheme) \"socks4\"}}解決します{{end}}", 0},
		{"確認{{if .x}} (URL){{end}}", 1},
		{"ファイル(- は標準入力) --store", 0},
		{"rootip-cert [証明書ファイル.p12]   (引数なしで画面が開きます)", 0},
		{"rootip-cert コマンド --help (または help コマンド)", 0},
	} {
		if got := spacedParens(tc.in); len(got) != tc.hits {
			t.Errorf("%q: %d hits %q, want %d", tc.in, len(got), got, tc.hits)
		}
	}
	if New(JA).Paren("x") != "(x)" || New(EN).Paren("x") != " (x)" {
		t.Error("Paren writes the wrong brackets")
	}
}
