package certfile

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
)

// A BER reader for the layers of a PKCS#12 file. NSS (pk12util, Firefox's
// backup), BouncyCastle and EJBCA write BER: indefinite lengths and strings
// cut into constructed chunks, which encoding/asn1 (DER only) refuses. Each
// layer is parsed once into a small tree, bounded in depth and node count.

// maxNesting bounds the depth of one layer's tree (real layers nest about
// eight levels); maxNodes bounds its size.
const (
	maxNesting = 32
	maxNodes   = 1 << 16
)

var errDeepNesting = errors.New("structure nested too deeply")

// node is one BER element. For primitive elements and for constructed
// strings (OCTET STRING, BMPString … cut into chunks) bytes holds the
// content; other constructed elements have kids.
type node struct {
	class, tag int
	compound   bool
	bytes      []byte
	kids       []*node
}

// is reports whether n has this universal tag.
func (n *node) is(tag int) bool { return n != nil && n.class == 0 && n.tag == tag }

// isContext reports whether n is the context-specific tag [tag].
func (n *node) isContext(tag int) bool { return n != nil && n.class == 2 && n.tag == tag }

// kid returns the i-th child or nil.
func (n *node) kid(i int) *node {
	if n == nil || i < 0 || i >= len(n.kids) {
		return nil
	}
	return n.kids[i]
}

// parseBER parses exactly one element that fills data.
func parseBER(data []byte) (*node, error) {
	p := berParser{}
	n, rest, err := p.parse(data, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d bytes after the structure", len(rest))
	}
	return n, nil
}

type berParser struct{ nodes int }

// stringTags are the universal string types whose constructed form is a
// sequence of chunks to concatenate.
func isStringTag(tag int) bool {
	switch tag {
	case asn1.TagBitString, asn1.TagOctetString, asn1.TagUTF8String, asn1.TagPrintableString,
		asn1.TagT61String, asn1.TagIA5String, asn1.TagUTCTime, asn1.TagGeneralizedTime,
		asn1.TagGeneralString, asn1.TagBMPString:
		return true
	}
	return false
}

func (p *berParser) parse(data []byte, depth int) (*node, []byte, error) {
	if depth > maxNesting {
		return nil, nil, errDeepNesting
	}
	if p.nodes++; p.nodes > maxNodes {
		return nil, nil, errors.New("too many elements")
	}
	if len(data) < 2 {
		return nil, nil, errors.New("truncated element")
	}
	b := data[0]
	n := &node{class: int(b >> 6), compound: b&0x20 != 0, tag: int(b & 0x1f)}
	i := 1
	if n.tag == 0x1f { // high tag number, base 128
		n.tag = 0
		for {
			if i >= len(data) || i > 4 {
				return nil, nil, errors.New("bad tag")
			}
			c := data[i]
			i++
			n.tag = n.tag<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(data) {
		return nil, nil, errors.New("truncated length")
	}
	l := int(data[i])
	i++
	if l == 0x80 { // indefinite length: children up to an end-of-contents
		if !n.compound {
			return nil, nil, errors.New("indefinite length on a primitive element")
		}
		rest, err := p.children(n, data[i:], depth, true)
		if err != nil {
			return nil, nil, err
		}
		return n, rest, n.finish()
	}
	if l > 0x80 {
		nb := l & 0x7f
		if nb > 4 || i+nb > len(data) {
			return nil, nil, errors.New("bad length")
		}
		l = 0
		for _, c := range data[i : i+nb] {
			l = l<<8 | int(c)
		}
		i += nb
	}
	if l < 0 || l > len(data)-i {
		return nil, nil, errors.New("length past the end")
	}
	content, rest := data[i:i+l], data[i+l:]
	if !n.compound {
		if n.class == 0 && n.tag == 0 {
			return nil, nil, errors.New("unexpected end of contents")
		}
		n.bytes = content
		return n, rest, nil
	}
	if _, err := p.children(n, content, depth, false); err != nil {
		return nil, nil, err
	}
	return n, rest, n.finish()
}

// children parses the elements inside n from data: all of data for a
// definite length, up to and past the end-of-contents for an indefinite
// one (returning what follows it).
func (p *berParser) children(n *node, data []byte, depth int, indefinite bool) ([]byte, error) {
	for {
		if indefinite && len(data) >= 2 && data[0] == 0 && data[1] == 0 {
			return data[2:], nil
		}
		if len(data) == 0 {
			if indefinite {
				return nil, errors.New("missing end of contents")
			}
			return nil, nil
		}
		k, r, err := p.parse(data, depth+1)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
		data = r
	}
}

// finish concatenates the chunks of a constructed string.
func (n *node) finish() error {
	if n.class != 0 || !isStringTag(n.tag) {
		return nil
	}
	var buf bytes.Buffer
	for _, k := range n.kids {
		if k.class != 0 || k.tag != n.tag {
			return errors.New("mixed chunks in a constructed string")
		}
		buf.Write(k.bytes)
	}
	n.bytes, n.kids, n.compound = buf.Bytes(), nil, false
	return nil
}

// der re-encodes n in DER (definite lengths, strings in one piece), for
// handing a BER-encoded private key or structure to a DER-only parser.
func (n *node) der() []byte {
	var out []byte
	return n.appendDER(out)
}

func (n *node) appendDER(out []byte) []byte {
	var content []byte
	if n.compound {
		for _, k := range n.kids {
			content = k.appendDER(content)
		}
	} else {
		content = n.bytes
	}
	b := byte(n.class<<6) | byte(n.tag)
	if n.compound {
		b |= 0x20
	}
	if n.tag >= 0x1f {
		b = byte(n.class<<6) | 0x1f
		if n.compound {
			b |= 0x20
		}
		out = append(out, b)
		var t []byte
		for v := n.tag; v > 0; v >>= 7 {
			t = append([]byte{byte(v & 0x7f)}, t...)
		}
		for i := 0; i < len(t)-1; i++ {
			t[i] |= 0x80
		}
		out = append(out, t...)
	} else {
		out = append(out, b)
	}
	return append(appendLength(out, len(content)), content...)
}

func appendLength(out []byte, l int) []byte {
	if l < 0x80 {
		return append(out, byte(l))
	}
	var lb []byte
	for v := l; v > 0; v >>= 8 {
		lb = append([]byte{byte(v)}, lb...)
	}
	return append(append(out, 0x80|byte(len(lb))), lb...)
}

// oid decodes n as an OBJECT IDENTIFIER ("" when it is not one).
func (n *node) oid() string {
	if !n.is(asn1.TagOID) {
		return ""
	}
	var id asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(n.der(), &id); err != nil {
		return ""
	}
	return id.String()
}

// integer decodes a non-negative INTEGER that fits in 62 bits; ok is false
// for anything else (negative, too long, not an INTEGER).
func (n *node) integer() (v int64, ok bool) {
	if !n.is(asn1.TagInteger) || len(n.bytes) == 0 || n.bytes[0]&0x80 != 0 {
		return 0, false
	}
	b := n.bytes
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) > 8 || (len(b) == 8 && b[0] >= 0x40) {
		return 0, false
	}
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v, true
}

// octets returns the content of an OCTET STRING.
func (n *node) octets() ([]byte, bool) {
	if !n.is(asn1.TagOctetString) {
		return nil, false
	}
	return n.bytes, true
}

// explicit returns the single element inside an [tag] EXPLICIT wrapper.
func (n *node) explicit(tag int) *node {
	if !n.isContext(tag) || !n.compound || len(n.kids) != 1 {
		return nil
	}
	return n.kids[0]
}
