package certfile

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"math/bits"
)

// Camellia (RFC 3713): a cipher pk12util offers for keys and safes
// (-c CAMELLIA-256-CBC) and OpenSSL writes with -keypbe CAMELLIA-256-CBC.

var camelliaSbox1 = [256]byte{
	112, 130, 44, 236, 179, 39, 192, 229, 228, 133, 87, 53, 234, 12, 174, 65,
	35, 239, 107, 147, 69, 25, 165, 33, 237, 14, 79, 78, 29, 101, 146, 189,
	134, 184, 175, 143, 124, 235, 31, 206, 62, 48, 220, 95, 94, 197, 11, 26,
	166, 225, 57, 202, 213, 71, 93, 61, 217, 1, 90, 214, 81, 86, 108, 77,
	139, 13, 154, 102, 251, 204, 176, 45, 116, 18, 43, 32, 240, 177, 132, 153,
	223, 76, 203, 194, 52, 126, 118, 5, 109, 183, 169, 49, 209, 23, 4, 215,
	20, 88, 58, 97, 222, 27, 17, 28, 50, 15, 156, 22, 83, 24, 242, 34,
	254, 68, 207, 178, 195, 181, 122, 145, 36, 8, 232, 168, 96, 252, 105, 80,
	170, 208, 160, 125, 161, 137, 98, 151, 84, 91, 30, 149, 224, 255, 100, 210,
	16, 196, 0, 72, 163, 247, 117, 219, 138, 3, 230, 218, 9, 63, 221, 148,
	135, 92, 131, 2, 205, 74, 144, 51, 115, 103, 246, 243, 157, 127, 191, 226,
	82, 155, 216, 38, 200, 55, 198, 59, 129, 150, 111, 75, 19, 190, 99, 46,
	233, 121, 167, 140, 159, 110, 188, 142, 41, 245, 249, 182, 47, 253, 180, 89,
	120, 152, 6, 106, 231, 70, 113, 186, 212, 37, 171, 66, 136, 162, 141, 250,
	114, 7, 185, 85, 248, 238, 172, 10, 54, 73, 42, 104, 60, 56, 241, 164,
	64, 40, 211, 123, 187, 201, 67, 193, 21, 227, 173, 244, 119, 199, 128, 158,
}

var camelliaSigma = [6]uint64{
	0xA09E667F3BCC908B, 0xB67AE8584CAA73B2, 0xC6EF372FE94F82BE,
	0x54FF53A5F1D36F1C, 0x10E527FADE682D1D, 0xB05688C2B3E6C1FD,
}

func camS1(x byte) byte { return camelliaSbox1[x] }
func camS2(x byte) byte { return bits.RotateLeft8(camelliaSbox1[x], 1) }
func camS3(x byte) byte { return bits.RotateLeft8(camelliaSbox1[x], 7) }
func camS4(x byte) byte { return camelliaSbox1[bits.RotateLeft8(x, 1)] }

func camF(in, ke uint64) uint64 {
	x := in ^ ke
	t1, t2, t3, t4 := camS1(byte(x>>56)), camS2(byte(x>>48)), camS3(byte(x>>40)), camS4(byte(x>>32))
	t5, t6, t7, t8 := camS2(byte(x>>24)), camS3(byte(x>>16)), camS4(byte(x>>8)), camS1(byte(x))
	y1 := t1 ^ t3 ^ t4 ^ t6 ^ t7 ^ t8
	y2 := t1 ^ t2 ^ t4 ^ t5 ^ t7 ^ t8
	y3 := t1 ^ t2 ^ t3 ^ t5 ^ t6 ^ t8
	y4 := t2 ^ t3 ^ t4 ^ t5 ^ t6 ^ t7
	y5 := t1 ^ t2 ^ t6 ^ t7 ^ t8
	y6 := t2 ^ t3 ^ t5 ^ t7 ^ t8
	y7 := t3 ^ t4 ^ t5 ^ t6 ^ t8
	y8 := t1 ^ t4 ^ t5 ^ t6 ^ t7
	return uint64(y1)<<56 | uint64(y2)<<48 | uint64(y3)<<40 | uint64(y4)<<32 |
		uint64(y5)<<24 | uint64(y6)<<16 | uint64(y7)<<8 | uint64(y8)
}

func camFL(x, ke uint64) uint64 {
	x1, x2 := uint32(x>>32), uint32(x)
	k1, k2 := uint32(ke>>32), uint32(ke)
	x2 ^= bits.RotateLeft32(x1&k1, 1)
	x1 ^= x2 | k2
	return uint64(x1)<<32 | uint64(x2)
}

func camFLInv(y, ke uint64) uint64 {
	y1, y2 := uint32(y>>32), uint32(y)
	k1, k2 := uint32(ke>>32), uint32(ke)
	y1 ^= y2 | k2
	y2 ^= bits.RotateLeft32(y1&k1, 1)
	return uint64(y1)<<32 | uint64(y2)
}

// u128 is a 128-bit value as two halves.
type u128 struct{ hi, lo uint64 }

// rotl rotates left by n (0 ≤ n < 128).
func (v u128) rotl(n uint) u128 {
	if n >= 64 {
		v = u128{v.lo, v.hi}
		n -= 64
	}
	if n == 0 {
		return v
	}
	return u128{v.hi<<n | v.lo>>(64-n), v.lo<<n | v.hi>>(64-n)}
}

type camelliaCipher struct {
	kw     [4]uint64
	k      []uint64 // 18 or 24 round keys
	ke     []uint64 // 4 or 6 FL keys
	rounds int
}

func newCamellia(key []byte) (cipher.Block, error) {
	var kl, kr u128
	switch len(key) {
	case 16:
		kl = u128{binary.BigEndian.Uint64(key), binary.BigEndian.Uint64(key[8:])}
	case 24:
		kl = u128{binary.BigEndian.Uint64(key), binary.BigEndian.Uint64(key[8:])}
		h := binary.BigEndian.Uint64(key[16:])
		kr = u128{h, ^h}
	case 32:
		kl = u128{binary.BigEndian.Uint64(key), binary.BigEndian.Uint64(key[8:])}
		kr = u128{binary.BigEndian.Uint64(key[16:]), binary.BigEndian.Uint64(key[24:])}
	default:
		return nil, errors.New("camellia: bad key size")
	}
	d1, d2 := kl.hi^kr.hi, kl.lo^kr.lo
	d2 ^= camF(d1, camelliaSigma[0])
	d1 ^= camF(d2, camelliaSigma[1])
	d1 ^= kl.hi
	d2 ^= kl.lo
	d2 ^= camF(d1, camelliaSigma[2])
	d1 ^= camF(d2, camelliaSigma[3])
	ka := u128{d1, d2}
	c := &camelliaCipher{}
	if len(key) == 16 {
		c.rounds = 18
		r := func(v u128, n uint) u128 { return v.rotl(n) }
		c.kw = [4]uint64{kl.hi, kl.lo, r(ka, 111).hi, r(ka, 111).lo}
		c.k = []uint64{
			ka.hi, ka.lo, r(kl, 15).hi, r(kl, 15).lo, r(ka, 15).hi, r(ka, 15).lo,
			r(kl, 45).hi, r(kl, 45).lo, r(ka, 45).hi, r(kl, 60).lo, r(ka, 60).hi, r(ka, 60).lo,
			r(kl, 94).hi, r(kl, 94).lo, r(ka, 94).hi, r(ka, 94).lo, r(kl, 111).hi, r(kl, 111).lo,
		}
		c.ke = []uint64{r(ka, 30).hi, r(ka, 30).lo, r(kl, 77).hi, r(kl, 77).lo}
		return c, nil
	}
	d1, d2 = ka.hi^kr.hi, ka.lo^kr.lo
	d2 ^= camF(d1, camelliaSigma[4])
	d1 ^= camF(d2, camelliaSigma[5])
	kb := u128{d1, d2}
	c.rounds = 24
	r := func(v u128, n uint) u128 { return v.rotl(n) }
	c.kw = [4]uint64{kl.hi, kl.lo, r(kb, 111).hi, r(kb, 111).lo}
	c.k = []uint64{
		kb.hi, kb.lo, r(kr, 15).hi, r(kr, 15).lo, r(ka, 15).hi, r(ka, 15).lo,
		r(kb, 30).hi, r(kb, 30).lo, r(kl, 45).hi, r(kl, 45).lo, r(ka, 45).hi, r(ka, 45).lo,
		r(kr, 60).hi, r(kr, 60).lo, r(kb, 60).hi, r(kb, 60).lo, r(kl, 77).hi, r(kl, 77).lo,
		r(kr, 94).hi, r(kr, 94).lo, r(ka, 94).hi, r(ka, 94).lo, r(kl, 111).hi, r(kl, 111).lo,
	}
	c.ke = []uint64{r(kr, 30).hi, r(kr, 30).lo, r(kl, 60).hi, r(kl, 60).lo, r(ka, 77).hi, r(ka, 77).lo}
	return c, nil
}

func (c *camelliaCipher) BlockSize() int { return 16 }

// crypt runs the Feistel network with the given key order.
func (c *camelliaCipher) crypt(dst, src []byte, kw [4]uint64, k, ke []uint64) {
	d1 := binary.BigEndian.Uint64(src) ^ kw[0]
	d2 := binary.BigEndian.Uint64(src[8:]) ^ kw[1]
	for i := 0; i < c.rounds; i += 2 {
		if i > 0 && i%6 == 0 {
			d1 = camFL(d1, ke[i/3-2])
			d2 = camFLInv(d2, ke[i/3-1])
		}
		d2 ^= camF(d1, k[i])
		d1 ^= camF(d2, k[i+1])
	}
	d2 ^= kw[2]
	d1 ^= kw[3]
	binary.BigEndian.PutUint64(dst, d2)
	binary.BigEndian.PutUint64(dst[8:], d1)
}

func (c *camelliaCipher) Encrypt(dst, src []byte) { c.crypt(dst, src, c.kw, c.k, c.ke) }

func (c *camelliaCipher) Decrypt(dst, src []byte) {
	k := make([]uint64, len(c.k))
	for i := range k {
		k[i] = c.k[len(c.k)-1-i]
	}
	ke := make([]uint64, len(c.ke))
	for i := range ke {
		ke[i] = c.ke[len(c.ke)-1-i]
	}
	c.crypt(dst, src, [4]uint64{c.kw[2], c.kw[3], c.kw[0], c.kw[1]}, k, ke)
}
