package assets

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"
)

// TestFontsCoverEveryMessage: the embedded faces are subsets
// (scripts/subset-fonts.sh); every character of every catalog message and of
// every string literal in the window's code must be in both, or the window
// would draw it as tofu (or in whatever system font Fyne falls back on).
// A new catalog word outside the subset fails here: rerun the script.
//
// notInBIZUD are the only exceptions: BIZ UDPGothic 1.05 itself has no
// glyph for them, so Fyne draws them from its fallbacks (⚠ from its bundled
// emoji font, ✗ from a system font: DejaVu Sans on Debian), as it did before
// the subsets.
var notInBIZUD = map[rune]bool{'✗': true, '⚠': true}

func TestFontsCoverEveryMessage(t *testing.T) {
	need := map[rune]string{} // rune → where it was first seen
	add := func(s, where string) {
		for _, r := range s {
			if _, ok := need[r]; !ok && unicode.IsGraphic(r) && r != '\u3000' && !unicode.IsSpace(r) {
				need[r] = where
			}
		}
	}
	names, err := fs.Glob(Translations, "translations/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no catalogs: %v", err)
	}
	for _, name := range names {
		data, err := Translations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]string
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatalf("reading %s: %v", name, err)
		}
		for k, v := range msgs {
			add(v, name+" "+k)
		}
	}
	if len(need) < 500 {
		t.Fatalf("only %d distinct characters in the catalogs: not read?", len(need))
	}
	windowLiterals(t, add)

	for _, f := range []struct {
		name string
		data []byte
	}{{"BIZUDPGothic-Regular", FontRegular}, {"BIZUDPGothic-Bold", FontBold}} {
		face, err := font.ParseTTF(bytes.NewReader(f.data))
		if err != nil {
			t.Fatalf("parsing %s: %v", f.name, err)
		}
		missing := 0
		for r, where := range need {
			if _, ok := face.NominalGlyph(r); !ok && !notInBIZUD[r] {
				missing++
				if missing <= 20 {
					t.Errorf("%s has no glyph for %q (U+%04X, in %s): run scripts/subset-fonts.sh", f.name, r, r, where)
				}
			}
		}
		if missing > 20 {
			t.Errorf("%s: %d characters missing in all", f.name, missing)
		}
	}
}

// windowLiterals passes every string literal of the window's code (app/,
// not its tests) to add: its symbols (✓ ⚠ …) are not all in the catalogs.
func windowLiterals(t *testing.T, add func(s, where string)) {
	t.Helper()
	files, err := filepath.Glob("../app/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no window code in ../app: %v", err)
	}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || (lit.Kind != token.STRING && lit.Kind != token.CHAR) {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			add(s, fset.Position(lit.Pos()).String())
			return true
		})
	}
}

// TestFontsAreTheSubsets: the faces are the script's subsets, not the
// upstream files (4.6 MB each), which would undo the binaries' size and the
// window's memory (BENCHMARKS.md).
func TestFontsAreTheSubsets(t *testing.T) {
	for name, data := range map[string][]byte{"Regular": FontRegular, "Bold": FontBold} {
		face, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("parsing %s: %v", name, err)
		}
		if _, ok := face.NominalGlyph('髙'); !ok {
			t.Errorf("%s lacks 髙 (CP932 extension kanji, common in names)", name)
		}
		if _, ok := face.NominalGlyph('亜'); !ok {
			t.Errorf("%s lacks 亜 (JIS level 1)", name)
		}
		if len(data) > 3<<20 {
			t.Errorf("%s is %d bytes: not the subset", name, len(data))
		}
	}
}
