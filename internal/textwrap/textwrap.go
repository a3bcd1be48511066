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
			// After a space a path may start the next line: UAX #14 keeps
			// "/" (and "~") with what precedes it even across a space
			// (LB13), which glued 「…削除されます): /tmp/…」 into one
			// piece too wide for its line.
			ok[i] = text[i-1] == ' ' && (text[i] == '/' || text[i] == '~') && i > 1 && text[i-2] != ' '
			if !ok[i] {
				continue
			}
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
	var lines []string
	for start := 0; start < len(text); {
		for start < len(text) && text[start] == ' ' {
			start++ // a line never starts with the space it broke at
		}
		if start == len(text) {
			break
		}
		span := func(end int) string { return strings.TrimRight(string(text[start:end]), " ") }
		if measure(span(len(text))) <= width {
			lines = append(lines, span(len(text)))
			break
		}
		fits := start + fit(text[start:], width, func(s string) float32 { return measure(strings.TrimRight(s, " ")) })
		end := chooseBreak(text, ok, start, fits, func(end int) float32 { return measure(span(end)) }, width)
		lines = append(lines, span(end))
		start = end
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// Break kinds, best first: a phrase boundary (after punctuation or a
// space, before an opening bracket, where a word of kanji, katakana or
// Latin begins after kana: 「証明書を｜インストール」, after a katakana
// word: 「ダウンロード｜して」); a plain break (between kanji, or from kanji
// to its kana: 「連絡｜してください」); a break between two hiragana
// (「くださ｜い」, which reads as a broken word); last a break inside a
// katakana word (「インス｜トール」), taken only when nothing else fits.
const (
	breakInWord = iota
	breakKana
	breakPlain
	breakPhrase
)

// phraseFill: a line ends at a phrase boundary when that leaves it at
// least this full; otherwise the latest plain break fills it better.
const phraseFill = 0.6

// phraseSlack: a phrase boundary at most this many runes before the
// latest plain break is taken even below phraseFill.
const phraseSlack = 3

// plainFill: a plain break that leaves the line less full than this is no
// better than a break between two hiragana.
const plainFill = 0.35

// chooseBreak picks where the line that starts at start ends: fits is the
// furthest rune that fits in width. The latest phrase boundary that keeps
// the line phraseFill full, else the latest break of the best kind there
// is, else fits itself (a cut inside a token wider than the whole line).
func chooseBreak(text []rune, ok []bool, start, fits int, widthTo func(int) float32, width float32) int {
	latest := [breakPhrase]int{-1, -1, -1} // the latest break of each lesser kind
	for i := fits; i > start; i-- {
		if i == len(text) {
			return i
		}
		if !ok[i] {
			continue
		}
		k := kind(text, i)
		if k >= breakPlain {
			switch fill := widthTo(i) / width; {
			case k == breakPhrase && fill >= phraseFill,
				k == breakPhrase && fill >= plainFill && latest[breakPlain] > 0 && latest[breakPlain]-i <= phraseSlack:
				return i // (a plain break a few runes later is no reason to split a word: 「。下書｜き」)
			case fill < plainFill:
				k = breakKana // a line this short reads no better
			default:
				k = breakPlain // too early for a phrase: as good as a plain break
			}
		}
		if k == breakKana && strands(text, i) {
			k = breakInWord
		}
		if latest[k] < 0 {
			latest[k] = i
		}
	}
	for k := breakPlain; k >= breakInWord; k-- {
		if latest[k] > 0 {
			return latest[k]
		}
	}
	// A token wider than the whole line is cut: after a '/', '-', '_' or
	// '.' in its second half when it has one (「…/rootip-report-｜20261202…」),
	// never inside a number where that can be helped.
	for i := fits; i > start+(fits-start)/2; i-- {
		if strings.ContainsRune("/-_.", text[i-1]) {
			return i
		}
	}
	return fits
}

// strands: a line starting at i would begin with the last one or two
// hiragana of a word and its punctuation (「す。」, 「ん」), which reads as
// a broken word.
func strands(text []rune, i int) bool {
	n := 0
	for i+n < len(text) && unicode.Is(unicode.Hiragana, text[i+n]) {
		n++
	}
	return n > 0 && n <= 2 && (i+n == len(text) || strings.ContainsRune(noStart, text[i+n]) && !isKana(text[i+n]) || text[i+n] == ' ')
}

// kind is the kind of the break opportunity before text[i].
func kind(text []rune, i int) int {
	a, b := text[i-1], text[i]
	switch {
	case a == ' ' || strings.ContainsRune(noStart, a) && !isKana(a) || strings.ContainsRune(noEnd, b):
		return breakPhrase
	case isKatakana(a) && isKatakana(b):
		return breakInWord
	case unicode.Is(unicode.Hiragana, a) && unicode.Is(unicode.Hiragana, b):
		return breakKana
	case unicode.Is(unicode.Hiragana, a) && !unicode.Is(unicode.Hiragana, b),
		isKatakana(a) && unicode.Is(unicode.Hiragana, b):
		return breakPhrase // a word ends in kana: ブラウザで｜確認, ダウンロード｜して
	case a < 0x2e80 != (b < 0x2e80):
		return breakPhrase // between Latin or digits and Japanese
	}
	return breakPlain
}

// isKatakana: a katakana letter or the long-vowel mark ー.
func isKatakana(r rune) bool { return unicode.Is(unicode.Katakana, r) || r == 'ー' }

// isKana: hiragana or katakana (the small kana and ー in noStart are
// letters, not punctuation).
func isKana(r rune) bool { return unicode.Is(unicode.Hiragana, r) || isKatakana(r) }

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
