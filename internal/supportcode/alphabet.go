package supportcode

import (
	"strings"
	"unicode"
)

// Alphabet is every character a code uses, in value order.
const Alphabet = "23456789ABCDEFGHJKMPRSTUVWXYZ"

// base is the alphabet's size, a prime (the check character relies on it).
const base = 29

// The alphabet has exactly base characters (a compile-time check).
var (
	_ [base - len(Alphabet)]struct{}
	_ [len(Alphabet) - base]struct{}
)

// maxLength keeps the position weights 1…n distinct and non-zero mod 29.
const maxLength = base - 1

var value = func() [128]int8 {
	var v [128]int8
	for i := range v {
		v[i] = -1
	}
	for i, c := range Alphabet {
		v[c] = int8(i)
	}
	return v
}()

// separator reports whether r may stand between groups: hyphens and dashes
// of every kind (a Japanese IME types 「ー」 or 「－」 for "-"), spaces, dots.
func separator(r rune) bool {
	switch r {
	case '-', '_', '.', '/', 'ー', '‐', '‑', '‒', '–', '—', '―', '−', '･', '・':
		return true
	}
	return unicode.IsSpace(r)
}

// narrow maps a full-width ASCII character (ＡＢ１２) to its ASCII form.
func narrow(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	if r == 0x3000 { // ideographic space
		return ' '
	}
	return r
}

// parse reads a typed code into its values.
func parse(s string) ([]int, error) {
	var out []int
	pos := 0
	for _, raw := range s {
		r := narrow(raw)
		if separator(r) {
			continue
		}
		pos++
		up := unicode.ToUpper(r)
		if up >= 128 || value[up] < 0 {
			return nil, &CharError{Pos: pos, Char: raw}
		}
		out = append(out, int(value[up]))
	}
	return out, nil
}

// sum is the weighted sum Σ i·dᵢ mod 29 over the values.
func sum(vals []int) int {
	s := 0
	for i, v := range vals {
		s = (s + (i+1)*v) % base
	}
	return s
}

// checkValue is the check character's value that makes the sum of
// data + check 0 mod 29.
func checkValue(data []int) int {
	n := len(data) + 1
	s := sum(data)
	// n·c ≡ −s (mod 29): c = −s · n⁻¹.
	return ((base - s) % base) * inverse(n) % base
}

// inverse is n⁻¹ mod 29 (Fermat: n^(29−2)).
func inverse(n int) int {
	r, b := 1, n%base
	for e := base - 2; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * b % base
		}
		b = b * b % base
	}
	return r
}

// Format groups a code's characters for reading: XXXX-XXXX-XXXX; a last
// group of one character joins the one before (XXXX-XXXX-XXXXX).
func Format(chars string) string {
	var groups []string
	for len(chars) > 0 {
		n := 4
		if len(chars) < 4 || len(chars) == 5 {
			n = len(chars)
		}
		groups = append(groups, chars[:n])
		chars = chars[n:]
	}
	return strings.Join(groups, "-")
}

// Normalize returns a typed code in its canonical form (upper case,
// grouped), or the reason it is not made of code characters.
func Normalize(s string) (string, error) {
	vals, err := parse(s)
	if err != nil {
		return "", err
	}
	return Format(spell(vals)), nil
}

func spell(vals []int) string {
	b := make([]byte, len(vals))
	for i, v := range vals {
		b[i] = Alphabet[v]
	}
	return string(b)
}
