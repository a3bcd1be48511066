// Package textwrap breaks text into lines the way a Japanese reader
// expects: the Unicode line-breaking algorithm (UAX #14, from the go-text
// segmenter Fyne already uses) gives the break opportunities — between any
// two CJK characters, never inside a Latin word — and the Japanese kinsoku
// rules it leaves to the caller are added: no line starts with closing
// punctuation or a small kana (、。」』）ゃゅょっー…), none ends with an
// opening bracket (「『（), and no break falls inside a URL, a file name or a
// number. A line fills before it breaks. It knows no widgets: the window
// gives it a measuring function.
package textwrap

import (
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
)

// noStart may not begin a line (行頭禁則).
const noStart = "、。，．,.・：；？！!?)]}）〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～…‥%％"

// noEnd may not end a line (行末禁則).
const noEnd = "([{（〔〈《「『【〘〖〝‘“｟«"

// Opportunities reports, for each rune index i in 0..len(text), whether a
// line may start at i (index 0 and len are never breaks; '\n' is kept as
// a mandatory break by Lines).
func Opportunities(text []rune) []bool {
	ok := make([]bool, len(text)+1)
	if len(text) == 0 {
		return ok
	}
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.LineIterator()
	for it.Next() {
		l := it.Line()
		if end := l.Offset + len(l.Text); end < len(text) {
			ok[end] = true
		}
	}
	for i := 1; i < len(text); i++ {
		if !ok[i] {
			continue
		}
		switch {
		case strings.ContainsRune(noStart, text[i]), strings.ContainsRune(noEnd, text[i-1]):
			ok[i] = false
		case token(text[i-1]) && token(text[i]):
			ok[i] = false // inside a URL, a file name, a number or a word
		case unicode.IsDigit(text[i-1]) && text[i] >= 0x2e80:
			ok[i] = false // a number stays with its counter: 10日, 3件
		case i <= 2 && leadingMark(text):
			ok[i] = false // "✓ 〜", "→ 〜": the mark stays with its text
		}
	}
	// A line may start after a space only at the next visible rune.
	return ok
}

// token runes make up URLs, file names, e-mail addresses and numbers.
func token(r rune) bool {
	return r < 0x80 && r > ' ' || r == '＠'
}

// leadingMark: the text starts with a one-rune mark and a space.
func leadingMark(text []rune) bool {
	return len(text) > 2 && !unicode.IsLetter(text[0]) && !unicode.IsDigit(text[0]) && text[1] == ' '
}

// Lines splits text into lines at most width wide (as measure says),
// breaking only at opportunities, keeping every '\n'. A piece wider than
// the whole line (a very long URL) is cut by characters as a last resort.
func Lines(text string, width float32, measure func(string) float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapParagraph([]rune(para), width, measure)...)
	}
	return out
}

func wrapParagraph(text []rune, width float32, measure func(string) float32) []string {
	if len(text) == 0 {
		return []string{""}
	}
	if width <= 0 || measure(string(text)) <= width {
		return []string{string(text)}
	}
	ok := Opportunities(text)
	var pieces [][]rune // text between consecutive opportunities
	start := 0
	for i := 1; i <= len(text); i++ {
		if i == len(text) || ok[i] {
			pieces = append(pieces, text[start:i])
			start = i
		}
	}
	var lines []string
	var line []rune
	flush := func() {
		if s := strings.TrimRight(string(line), " "); s != "" || len(lines) == 0 {
			lines = append(lines, s)
		}
		line = nil
	}
	for _, p := range pieces {
		candidate := append(append([]rune{}, line...), p...)
		if measure(strings.TrimRight(string(candidate), " ")) <= width {
			line = candidate
			continue
		}
		if len(line) > 0 {
			flush()
		}
		p = []rune(strings.TrimLeft(string(p), " "))
		// A piece wider than the line (its trailing space does not count:
		// it never shows at a line's end) is cut by characters, and what
		// is left of it starts the next line without a leading space.
		for measure(strings.TrimRight(string(p), " ")) > width && len(p) > 1 {
			n := fit(p, width, measure)
			lines = append(lines, string(p[:n]))
			p = []rune(strings.TrimLeft(string(p[n:]), " "))
		}
		line = p
	}
	if len(line) > 0 {
		flush()
	}
	return lines
}

// fit is how many runes of p fit in width (at least one).
func fit(p []rune, width float32, measure func(string) float32) int {
	lo, hi := 1, len(p)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if measure(string(p[:mid])) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}
