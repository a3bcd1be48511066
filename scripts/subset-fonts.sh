#!/usr/bin/env bash
# Regenerates assets/fonts/BIZUDPGothic-{Regular,Bold}.ttf: subsets of BIZ
# UDPGothic 1.05 as Debian ships it (fonts-morisawa-bizud-gothic 1.05-2),
# cut down to the characters the app needs, so the binaries are smaller and
# Fyne (go-text) parses fewer glyphs into memory for each face it loads:
#   - every character of the message catalogs (assets/translations/*.json)
#     and of the string literals in the window's code (app/*.go)
#   - ASCII, Latin-1 and Latin Extended-A (romanised names: Ō, ū)
#   - general punctuation, arrows, the check marks and warning sign
#   - Japanese punctuation, all of hiragana and katakana (with the phonetic
#     extensions), full- and half-width forms
#   - all of JIS X 0208 (levels 1 and 2 kanji, its symbols, Greek, Cyrillic,
#     box drawing) and the Windows (CP932) extensions: NEC row 13 (①, ㈱ …)
#     and the IBM extension kanji (髙, 﨑 …) common in certificate names
# Characters the font does not have are skipped. Hinting instructions are
# dropped (Fyne's rasteriser does not run them). The line gets 12 % of an em
# more room above and below (hhea, OS/2 typographic and Windows metrics):
# the font declares its line as exactly its tallest and lowest glyphs, and
# Fyne's whole-pixel baseline would cut off g/j/p/y and the top of ぎ/É
# (app's TestNoGlyphTouchesItsClipEdge).
# Needs: apt-get (to download the .deb, nothing installed) and fonttools
# (Debian's python3-fonttools). The output is byte-for-byte reproducible;
# assets/fonts_test.go checks every catalog character is in the fonts.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=fonts-morisawa-bizud-gothic
ver=1.05-2
# The upstream files, as committed before the subsets (sha256).
sum_regular=8d4fd9568ad662d9eb1bc8ca8663dcd76a6336373e3e3f32d634978db4c7388e
sum_bold=4148bfdc5da1f32b9e20b2ca25c26da409f4594b8c31da8d3f0d04628793adc4
py=/usr/bin/python3
"$py" -c 'import fontTools' 2>/dev/null || { echo "needs python3-fonttools (apt-get install python3-fonttools)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download "$pkg=$ver" >/dev/null)
dpkg-deb -x "$tmp"/${pkg}_*.deb "$tmp/root"
src=$tmp/root/usr/share/fonts/truetype/bizud-gothic

"$py" - "$tmp/unicodes.txt" assets/translations/*.json app/*.go <<'EOF'
import glob, json, re, sys
out, files = sys.argv[1], sys.argv[2:]
cps = set()
def add(lo, hi):
    cps.update(range(lo, hi + 1))
add(0x20, 0x7E); add(0xA0, 0x17F)           # ASCII, Latin-1, Latin Extended-A
add(0x2000, 0x206F)                          # general punctuation
add(0x2190, 0x21FF)                          # arrows
add(0x2713, 0x2718); add(0x26A0, 0x26A0)     # ✓ ✔ ✕ ✖ ✗ ✘, ⚠
add(0x3000, 0x30FF)                          # CJK punctuation, hiragana, katakana
add(0x31F0, 0x31FF)                          # katakana phonetic extensions
add(0xFF00, 0xFFEF)                          # full- and half-width forms
add(0xFFFD, 0xFFFD)                          # Fyne draws it for a missing glyph
def decode_all(codec, lead, trail):
    for a in lead:
        for b in trail:
            try:
                s = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            cps.update(ord(c) for c in s)
decode_all('euc_jp', range(0xA1, 0xFF), range(0xA1, 0xFF))   # JIS X 0208
decode_all('cp932', list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD)),
           [b for b in range(0x40, 0xFD) if b != 0x7F])       # + CP932 extensions
for f in files:
    text = open(f, encoding='utf-8').read()
    if f.endswith('.json'):
        for v in json.loads(text).values():
            cps.update(ord(c) for c in v)
    elif not f.endswith('_test.go'):
        cps.update(ord(c) for c in text if ord(c) > 0x7E)
cps.discard(0xFEFF)
with open(out, 'w') as w:
    w.write('\n'.join('U+%04X' % c for c in sorted(cps) if c >= 0x20) + '\n')
EOF

for face in Regular Bold; do
  in=$src/BIZUDPGothic-$face.ttf
  want=$sum_regular; [ "$face" = Bold ] && want=$sum_bold
  got=$(sha256sum "$in" | cut -d' ' -f1)
  [ "$got" = "$want" ] || { echo "$in: sha256 $got, expected $want" >&2; exit 1; }
  "$py" -m fontTools.subset "$in" --unicodes-file="$tmp/unicodes.txt" \
    --layout-features='ccmp,liga' --drop-tables+=vhea,vmtx --no-hinting --name-IDs='*' --name-languages='*' --name-legacy \
    --output-file="$tmp/$face.ttf"
  "$py" - "$tmp/$face.ttf" "assets/fonts/BIZUDPGothic-$face.ttf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1], recalcTimestamp=False)
room = int(f['head'].unitsPerEm * 0.12)
f['hhea'].ascent += room
f['hhea'].descent -= room
os2 = f['OS/2']
os2.sTypoAscender += room
os2.sTypoDescender -= room
os2.usWinAscent += room
os2.usWinDescent += room
f.save(sys.argv[2])
EOF
done
ls -l assets/fonts/*.ttf
