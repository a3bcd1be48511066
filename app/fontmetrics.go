package app

import "encoding/binary"

// fontRoom is the room added above the ascender and below the descender,
// as a fraction of the em. The embedded BIZ UDPGothic declares its line as
// exactly its tallest and lowest glyphs (ascender 1802 and descender -246
// units of 2048, with É reaching 1800 and g, j, p, y 244 below the
// baseline), and Fyne draws each text into an image of that height with
// its baseline rounded down to a whole pixel: the bottom row of every
// descender and the top of 「ぎ」 and "É" were cut off in every widget
// (TestNoGlyphTouchesItsClipEdge).
const fontRoom = 0.12

// roomyFont returns a copy of a TrueType font whose declared line (hhea
// ascender/descender, OS/2 typographic and Windows metrics) has fontRoom
// more space above and below. The glyphs are untouched; a font that cannot
// be read is returned as it is.
func roomyFont(data []byte) []byte {
	if len(data) < 12 {
		return data
	}
	out := append([]byte(nil), data...)
	be := binary.BigEndian
	tables := map[string]uint32{}
	n := int(be.Uint16(out[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(out) {
			return data
		}
		tables[string(out[rec:rec+4])] = be.Uint32(out[rec+8:])
	}
	head, hhea, os2 := tables["head"], tables["hhea"], tables["OS/2"]
	if head == 0 || hhea == 0 || int(head)+20 > len(out) || int(hhea)+8 > len(out) {
		return data
	}
	room := int(float64(be.Uint16(out[head+18:])) * fontRoom)
	grow := func(at uint32, by int) { // a signed 16-bit metric
		be.PutUint16(out[at:], uint16(int16(int(int16(be.Uint16(out[at:])))+by)))
	}
	grow(hhea+4, room)  // ascender
	grow(hhea+6, -room) // descender
	if os2 != 0 && int(os2)+78 <= len(out) {
		// sTypoAscender, sTypoDescender, usWinAscent, usWinDescent
		grow(os2+68, room)
		grow(os2+70, -room)
		be.PutUint16(out[os2+74:], be.Uint16(out[os2+74:])+uint16(room))
		be.PutUint16(out[os2+76:], be.Uint16(out[os2+76:])+uint16(room))
	}
	return out
}
