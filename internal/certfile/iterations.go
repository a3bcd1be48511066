package certfile

import (
	"encoding/asn1"
	"fmt"
)

// MaxIterations bounds every key-derivation iteration count in a file. Real
// exports use 2,000 (Windows, OpenSSL) to 600,000; a damaged or hostile file
// could ask for billions and keep the decoder busy for hours. At the cap a
// file decodes in about a second.
const MaxIterations = 1_000_000

// maxDepth bounds the DER walk (real files nest about 12 levels).
const maxDepth = 32

// checkIterations walks the DER tree looking for the one shape every PKCS#12
// iteration count has — the salt (an OCTET STRING, or in PBKDF2-params any
// primitive value) followed by an INTEGER inside a SEQUENCE (PBEParameter,
// PBKDF2-params, MacData) — and refuses any count over MaxIterations. An
// INTEGER after an INTEGER (RSA moduli, signatures) or after a constructed
// value (certificate serials) is not a count. OCTET STRINGs that hold DER
// are walked too.
func checkIterations(der []byte) error {
	return walkIterations(der, 0)
}

func walkIterations(der []byte, depth int) error {
	if depth > maxDepth {
		return nil
	}
	rest := der
	prevSalt := false
	for len(rest) > 0 {
		var v asn1.RawValue
		r, err := asn1.Unmarshal(rest, &v)
		if err != nil {
			return nil // malformed DER: the decoder reports it
		}
		rest = r
		switch {
		case v.Class == asn1.ClassUniversal && v.Tag == asn1.TagInteger && prevSalt:
			if n := len(v.Bytes); n > 8 || (n > 0 && v.Bytes[0]&0x80 == 0 && intValue(v.Bytes) > MaxIterations) {
				return fmt.Errorf("iteration count over %d", MaxIterations)
			}
		case v.IsCompound:
			if err := walkIterations(v.Bytes, depth+1); err != nil {
				return err
			}
		case v.Class == asn1.ClassUniversal && v.Tag == asn1.TagOctetString && len(v.Bytes) > 0 && v.Bytes[0] == 0x30:
			if err := walkIterations(v.Bytes, depth+1); err != nil {
				return err
			}
		}
		prevSalt = !v.IsCompound && !(v.Class == asn1.ClassUniversal && v.Tag == asn1.TagInteger)
	}
	return nil
}

func intValue(b []byte) int64 {
	var n int64
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	return n
}
