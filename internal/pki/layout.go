package pki

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"unicode/utf16"

	"rootip-cert/internal/pkcs12kdf"
)

// Layout describes a PKCS#12 file layer by layer, for tests that need
// shapes no real encoder writes on request: an iteration count at one
// chosen layer (even one too large to ever derive: such a layer is written
// with random bytes in place of its ciphertext, which a correct reader never
// reaches), several identities, nested safe contents bags, long chains.
// Encryption is PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC); the MAC is
// HMAC-SHA256 keyed by the PKCS#12 KDF, as OpenSSL 3 writes by default.
type Layout struct {
	Password      string
	MACIterations int // 0: no MAC at all
	Safes         []Safe
}

// Safe is one entry of the authenticated safe.
type Safe struct {
	// Iterations > 0 encrypts the safe with that count; 0 leaves it plain.
	Iterations int
	// Fake writes random bytes instead of encrypting (for counts too large to derive).
	Fake bool
	Bags []Bag
}

// Bag is one safe bag: a key, a certificate or nested bags.
type Bag struct {
	Key crypto.Signer
	// KeyIterations > 0 shrouds the key with that count; 0 is a plain key bag.
	KeyIterations int
	// FakeKey writes random bytes instead of the shrouded key.
	FakeKey      bool
	Cert         *x509.Certificate
	Nested       []Bag // a safe contents bag
	FriendlyName string
	LocalKeyID   []byte
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedBag   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidContentsBag   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509Cert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA256    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidAES256CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

// der builds DER by hand: tag, length, content.
func der(tag byte, parts ...[]byte) []byte {
	var content []byte
	for _, p := range parts {
		content = append(content, p...)
	}
	out := []byte{tag}
	switch l := len(content); {
	case l < 0x80:
		out = append(out, byte(l))
	case l < 0x100:
		out = append(out, 0x81, byte(l))
	case l < 0x10000:
		out = append(out, 0x82, byte(l>>8), byte(l))
	default:
		out = append(out, 0x83, byte(l>>16), byte(l>>8), byte(l))
	}
	return append(out, content...)
}

func seq(parts ...[]byte) []byte       { return der(0x30, parts...) }
func set(parts ...[]byte) []byte       { return der(0x31, parts...) }
func octets(b []byte) []byte           { return der(0x04, b) }
func explicit0(parts ...[]byte) []byte { return der(0xa0, parts...) }

func oid(o asn1.ObjectIdentifier) []byte {
	b, _ := asn1.Marshal(o)
	return b
}

func integer(n int) []byte {
	b, _ := asn1.Marshal(n)
	return b
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// pbes2 encrypts plain (or fakes it) and returns the AlgorithmIdentifier and ciphertext.
func pbes2(password string, iterations int, fake bool, plain []byte) (alg, ct []byte, err error) {
	salt, iv := randomBytes(16), randomBytes(16)
	alg = seq(oid(oidPBES2), seq(
		seq(oid(oidPBKDF2), seq(octets(salt), integer(iterations), seq(oid(oidHMACSHA256), der(0x05)))),
		seq(oid(oidAES256CBC), octets(iv))))
	pad := 16 - len(plain)%16
	if fake {
		return alg, randomBytes(len(plain) + pad), nil
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iterations, 32)
	if err != nil {
		return nil, nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	padded := append(append([]byte{}, plain...), make([]byte, pad)...)
	for i := len(plain); i < len(padded); i++ {
		padded[i] = byte(pad)
	}
	ct = make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	return alg, ct, nil
}

func bmp(s string) []byte {
	var out []byte
	for _, c := range utf16.Encode([]rune(s)) {
		out = append(out, byte(c>>8), byte(c))
	}
	return out
}

func (l *Layout) bags(bags []Bag) ([]byte, error) {
	var out [][]byte
	for _, b := range bags {
		var attrs [][]byte
		if b.FriendlyName != "" {
			attrs = append(attrs, seq(oid(oidFriendlyName), set(der(0x1e, bmp(b.FriendlyName)))))
		}
		if b.LocalKeyID != nil {
			attrs = append(attrs, seq(oid(oidLocalKeyID), set(octets(b.LocalKeyID))))
		}
		var id asn1.ObjectIdentifier
		var value []byte
		switch {
		case b.Key != nil:
			pkcs8, err := x509.MarshalPKCS8PrivateKey(b.Key)
			if err != nil {
				return nil, err
			}
			id, value = oidKeyBag, pkcs8
			if b.KeyIterations > 0 {
				alg, ct, err := pbes2(l.Password, b.KeyIterations, b.FakeKey, pkcs8)
				if err != nil {
					return nil, err
				}
				id, value = oidShroudedBag, seq(alg, octets(ct))
			}
		case b.Cert != nil:
			id, value = oidCertBag, seq(oid(oidX509Cert), explicit0(octets(b.Cert.Raw)))
		default:
			inner, err := l.bags(b.Nested)
			if err != nil {
				return nil, err
			}
			id, value = oidContentsBag, inner
		}
		parts := [][]byte{oid(id), explicit0(value)}
		if len(attrs) > 0 {
			parts = append(parts, set(attrs...))
		}
		out = append(out, seq(parts...))
	}
	return seq(out...), nil
}

// Encode writes the file.
func (l *Layout) Encode() ([]byte, error) {
	var safes [][]byte
	for _, s := range l.Safes {
		contents, err := l.bags(s.Bags)
		if err != nil {
			return nil, fmt.Errorf("encode layout: %w", err)
		}
		if s.Iterations == 0 {
			safes = append(safes, seq(oid(oidData), explicit0(octets(contents))))
			continue
		}
		alg, ct, err := pbes2(l.Password, s.Iterations, s.Fake, contents)
		if err != nil {
			return nil, fmt.Errorf("encode layout: %w", err)
		}
		safes = append(safes, seq(oid(oidEncryptedData), explicit0(seq(integer(0),
			seq(oid(oidData), alg, der(0x80, ct))))))
	}
	authSafe := seq(safes...)
	pfx := [][]byte{integer(3), seq(oid(oidData), explicit0(octets(authSafe)))}
	if l.MACIterations > 0 {
		salt := randomBytes(16)
		var sum []byte
		if l.MACIterations <= 10_000_000 {
			key := pkcs12kdf.Derive(sha256.New, 64, 3, salt, append(bmp(l.Password), 0, 0), int64(l.MACIterations), 32)
			m := hmac.New(sha256.New, key)
			m.Write(authSafe)
			sum = m.Sum(nil)
		} else {
			sum = randomBytes(32) // a count no one should derive
		}
		pfx = append(pfx, seq(seq(seq(oid(oidSHA256), der(0x05)), octets(sum)), octets(salt), integer(l.MACIterations)))
	}
	return seq(pfx...), nil
}
