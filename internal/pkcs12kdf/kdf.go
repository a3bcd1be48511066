// Package pkcs12kdf is the key derivation of PKCS#12 (RFC 7292 appendix
// B.2): the MAC key of every PKCS#12 file and the keys of the legacy
// pbeWithSHAAnd... ciphers. The reader (internal/certfile) and the test
// encoder (internal/pki) share it.
package pkcs12kdf

import "hash"

// Derive returns size bytes of key material for purpose id (1 key, 2 IV,
// 3 MAC key) from salt and password, the password already in the form the
// file uses (BMPString bytes, normally with its two-byte terminator).
// newHash and blockSize are the digest and its input block size in bytes
// (64 for SHA-1 and SHA-256, 128 for SHA-384 and SHA-512).
func Derive(newHash func() hash.Hash, blockSize int, id byte, salt, password []byte, iterations int64, size int) []byte {
	v := blockSize
	fill := func(s []byte) []byte {
		if len(s) == 0 {
			return nil
		}
		out := make([]byte, v*((len(s)+v-1)/v))
		for i := range out {
			out[i] = s[i%len(s)]
		}
		return out
	}
	D := make([]byte, v)
	for i := range D {
		D[i] = id
	}
	I := append(fill(salt), fill(password)...)
	var out []byte
	hh := newHash()
	for len(out) < size {
		hh.Reset()
		hh.Write(D)
		hh.Write(I)
		A := hh.Sum(nil)
		for j := int64(1); j < iterations; j++ {
			hh.Reset()
			hh.Write(A)
			A = hh.Sum(A[:0])
		}
		out = append(out, A...)
		if len(out) >= size {
			break
		}
		B := make([]byte, v)
		for i := range B {
			B[i] = A[i%len(A)]
		}
		for j := 0; j < len(I); j += v {
			carry := 1
			for k := v - 1; k >= 0; k-- {
				s := int(I[j+k]) + int(B[k]) + carry
				I[j+k] = byte(s)
				carry = s >> 8
			}
		}
	}
	return out[:size]
}
