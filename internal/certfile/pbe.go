package certfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"unicode/utf16"

	"rootip-cert/internal/pkcs12kdf"
)

// Password-based cryptography of PKCS#12 (RFC 7292, RFC 8018, RFC 9579):
// every algorithm that NSS's importer (pk12util, Firefox) accepts, each
// derivation charged to a work budget before it runs.

// MaxIterations bounds every key-derivation iteration count in a file. Real
// exports use 1 to 2,048 (OpenSSL, Windows, Java), 10,000 (Java 17) and
// 600,000 (NSS pk12util and Firefox, GnuTLS certtool); a damaged or hostile
// file could ask for billions and keep the decoder busy for hours.
const MaxIterations = 1_000_000

// MaxWork bounds the key-derivation work for one file, counted in hash
// compressions (iterations × output blocks, twice for HMAC, three times for
// the slower SHA-384/512 family). A file from pk12util with 600,000
// iterations at every layer costs 3 to 9 million; one unit is about 0.1 µs
// on an idle 2020s core, so the cap is about a second there and a few
// seconds on a loaded machine.
const MaxWork = 12_000_000

// errTooMuchWork is refused before the derivation that would pass a bound.
var errTooMuchWork = errors.New("key derivation work over the limit")

// budget is the derivation work left for one file.
type budget struct{ left int64 }

func newBudget() *budget { return &budget{left: MaxWork} }

// workOf is the cost of one derivation: iterations × output blocks ×
// the hash's weight, twice for HMAC-based PBKDF2.
func workOf(h hashAlg, iterations int64, blocks int, hmacCost bool) int64 {
	cost := iterations * int64(blocks) * int64(h.weight)
	if hmacCost {
		cost *= 2
	}
	return cost
}

// charge checks one derivation's iteration count and cost before it runs.
func (b *budget) charge(h hashAlg, iterations int64, blocks int, hmacCost bool) error {
	if iterations < 1 || iterations > MaxIterations {
		return fmt.Errorf("iteration count %d outside 1..%d", iterations, MaxIterations)
	}
	cost := workOf(h, iterations, blocks, hmacCost)
	if cost > b.left {
		return errTooMuchWork
	}
	b.left -= cost
	return nil
}

// unsupportedAlg is an algorithm this reader (and, in the cases the tests
// know, NSS) cannot use: classified as Unsupported.
type unsupportedAlg struct{ what, oid string }

func (e *unsupportedAlg) Error() string { return fmt.Sprintf("unsupported %s %s", e.what, e.oid) }

// boundsError is a refused iteration count or work budget: classified as Unsupported.
type boundsError struct{ err error }

func (e *boundsError) Error() string { return e.err.Error() }
func (e *boundsError) Unwrap() error { return e.err }

// structErr is structural damage in a layer: classified as Corrupt.
type structErr struct{ msg string }

func (e *structErr) Error() string { return e.msg }

func malformed(format string, args ...any) error {
	return &structErr{msg: fmt.Sprintf(format, args...)}
}

// Object identifiers.
const (
	oidPBES2  = "1.2.840.113549.1.5.13"
	oidPBKDF2 = "1.2.840.113549.1.5.12"
	oidPBMAC1 = "1.2.840.113549.1.5.14"

	oidPBEWithSHAAnd128BitRC4 = "1.2.840.113549.1.12.1.1"
	oidPBEWithSHAAnd40BitRC4  = "1.2.840.113549.1.12.1.2"
	oidPBEWithSHAAnd3KeyTDES  = "1.2.840.113549.1.12.1.3"
	oidPBEWithSHAAnd128BitRC2 = "1.2.840.113549.1.12.1.5"
	oidPBEWithSHAAnd40BitRC2  = "1.2.840.113549.1.12.1.6"
	oidAES128CBC              = "2.16.840.1.101.3.4.1.2"
	oidAES192CBC              = "2.16.840.1.101.3.4.1.22"
	oidAES256CBC              = "2.16.840.1.101.3.4.1.42"
	oidDESEDE3CBC             = "1.2.840.113549.3.7"
	oidDESCBC                 = "1.3.14.3.2.7"
	oidRC2CBC                 = "1.2.840.113549.3.2"
	oidCamellia128CBC         = "1.2.392.200011.61.1.1.1.2"
	oidCamellia192CBC         = "1.2.392.200011.61.1.1.1.3"
	oidCamellia256CBC         = "1.2.392.200011.61.1.1.1.4"
	oidHMACWithSHA1           = "1.2.840.113549.2.7"
	oidHMACWithSHA224         = "1.2.840.113549.2.8"
	oidHMACWithSHA256         = "1.2.840.113549.2.9"
	oidHMACWithSHA384         = "1.2.840.113549.2.10"
	oidHMACWithSHA512         = "1.2.840.113549.2.11"
	oidHMACWithSHA512_224     = "1.2.840.113549.2.12"
	oidHMACWithSHA512_256     = "1.2.840.113549.2.13"
	oidMD5                    = "1.2.840.113549.2.5"
	oidSHA1                   = "1.3.14.3.2.26"
	oidSHA224                 = "2.16.840.1.101.3.4.2.4"
	oidSHA256                 = "2.16.840.1.101.3.4.2.1"
	oidSHA384                 = "2.16.840.1.101.3.4.2.2"
	oidSHA512                 = "2.16.840.1.101.3.4.2.3"
	oidSHA512_224             = "2.16.840.1.101.3.4.2.5"
	oidSHA512_256             = "2.16.840.1.101.3.4.2.6"
)

// hashAlg is a hash with its block size (v in RFC 7292 appendix B) and
// its relative cost per compression (measured: the SHA-512 family is about
// three times SHA-256 with SHA extensions).
type hashAlg struct {
	name   string
	new    func() hash.Hash
	size   int
	block  int
	weight int
}

var digests = map[string]hashAlg{
	oidMD5:        {"MD5", md5.New, 16, 64, 1},
	oidSHA1:       {"SHA-1", sha1.New, 20, 64, 1},
	oidSHA224:     {"SHA-224", sha256.New224, 28, 64, 1},
	oidSHA256:     {"SHA-256", sha256.New, 32, 64, 1},
	oidSHA384:     {"SHA-384", sha512.New384, 48, 128, 3},
	oidSHA512:     {"SHA-512", sha512.New, 64, 128, 3},
	oidSHA512_224: {"SHA-512/224", sha512.New512_224, 28, 128, 3},
	oidSHA512_256: {"SHA-512/256", sha512.New512_256, 32, 128, 3},
}

var hmacs = map[string]hashAlg{
	oidHMACWithSHA1:       digests[oidSHA1],
	oidHMACWithSHA224:     digests[oidSHA224],
	oidHMACWithSHA256:     digests[oidSHA256],
	oidHMACWithSHA384:     digests[oidSHA384],
	oidHMACWithSHA512:     digests[oidSHA512],
	oidHMACWithSHA512_224: digests[oidSHA512_224],
	oidHMACWithSHA512_256: digests[oidSHA512_256],
}

// passwords holds the encodings of the user's password that PKCS#12 uses:
// BMP (UTF-16 big-endian, surrogate pairs for characters outside the BMP,
// as OpenSSL and NSS write them) with its two-byte terminator for the
// PKCS#12 KDF, and UTF-8 for PBKDF2 (PBES2, PBMAC1).
type passwords struct {
	bmp  [][]byte // candidates, the proven one first once the MAC is checked
	utf8 []byte
}

func newPasswords(pw string) passwords {
	u := utf16.Encode([]rune(pw))
	b := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	b = append(b, 0, 0)
	p := passwords{bmp: [][]byte{b}, utf8: []byte(pw)}
	if pw == "" {
		// An empty password is the terminator alone (OpenSSL, Windows) or
		// nothing at all (some Java and older OpenSSL files).
		p.bmp = append(p.bmp, nil)
	}
	return p
}

// pkcs12KDF is the key derivation of RFC 7292 appendix B.2 with h.
func pkcs12KDF(h hashAlg, id byte, salt, password []byte, iterations int64, size int) []byte {
	return pkcs12kdf.Derive(h.new, h.block, id, salt, password, iterations, size)
}

func blocksOf(size, hashSize int) int { return (size + hashSize - 1) / hashSize }

// pbeParams reads PBEParameter ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }.
func pbeParams(n *node) (salt []byte, iter int64, err error) {
	if !n.is(asn1.TagSequence) || len(n.kids) != 2 {
		return nil, 0, malformed("bad PBE parameters")
	}
	salt, ok := n.kids[0].octets()
	if !ok {
		return nil, 0, malformed("bad PBE salt")
	}
	iter, ok = n.kids[1].integer()
	if !ok {
		return nil, 0, &boundsError{fmt.Errorf("iteration count outside 1..%d", MaxIterations)}
	}
	return salt, iter, nil
}

// pbkdf2Params reads PBKDF2-params; keyLen is 0 when absent.
type kdfParams struct {
	salt   []byte
	iter   int64
	keyLen int
	prf    hashAlg
}

func readPBKDF2(alg *node) (kdfParams, error) {
	var p kdfParams
	if alg.kid(0).oid() != oidPBKDF2 {
		return p, &unsupportedAlg{"key derivation", alg.kid(0).oid()}
	}
	params := alg.kid(1)
	if !params.is(asn1.TagSequence) || len(params.kids) < 2 {
		return p, malformed("bad PBKDF2 parameters")
	}
	salt, ok := params.kids[0].octets()
	if !ok {
		return p, &unsupportedAlg{"PBKDF2 salt source", ""}
	}
	p.salt = salt
	if p.iter, ok = params.kids[1].integer(); !ok {
		return p, &boundsError{fmt.Errorf("iteration count outside 1..%d", MaxIterations)}
	}
	p.prf = hmacs[oidHMACWithSHA1]
	for _, k := range params.kids[2:] {
		switch {
		case k.is(asn1.TagInteger):
			l, ok := k.integer()
			if !ok || l < 1 || l > 64 {
				return p, malformed("bad PBKDF2 key length")
			}
			p.keyLen = int(l)
		case k.is(asn1.TagSequence):
			h, found := hmacs[k.kid(0).oid()]
			if !found {
				return p, &unsupportedAlg{"PBKDF2 pseudo-random function", k.kid(0).oid()}
			}
			p.prf = h
		default:
			return p, malformed("bad PBKDF2 parameters")
		}
	}
	return p, nil
}

func (p kdfParams) derive(b *budget, password []byte, size int) ([]byte, error) {
	if err := b.charge(p.prf, p.iter, blocksOf(size, p.prf.size), true); err != nil {
		return nil, &boundsError{err}
	}
	key, err := pbkdf2.Key(p.prf.new, string(password), p.salt, int(p.iter), size)
	if err != nil {
		return nil, fmt.Errorf("PBKDF2: %w", err)
	}
	return key, nil
}

// decryptor is a checked PBE algorithm, ready to derive and decrypt.
type decryptor struct {
	// run derives the key (trying each password encoding) and decrypts.
	run func(b *budget, pw passwords, ciphertext []byte) ([]byte, error)
	// cost is the work run will charge at most.
	cost func(pw passwords) int64
}

// pbeFor reads a PBE AlgorithmIdentifier and checks its iteration count,
// before anything is derived.
func pbeFor(alg *node) (*decryptor, error) {
	if !alg.is(asn1.TagSequence) || len(alg.kids) < 1 {
		return nil, malformed("bad encryption algorithm")
	}
	id := alg.kid(0).oid()
	switch id {
	case oidPBEWithSHAAnd3KeyTDES, oidPBEWithSHAAnd128BitRC2, oidPBEWithSHAAnd40BitRC2,
		oidPBEWithSHAAnd128BitRC4, oidPBEWithSHAAnd40BitRC4:
		salt, iter, err := pbeParams(alg.kid(1))
		if err != nil {
			return nil, err
		}
		if iter < 1 || iter > MaxIterations {
			return nil, &boundsError{fmt.Errorf("iteration count %d outside 1..%d", iter, MaxIterations)}
		}
		return pkcs12PBE(id, salt, iter), nil
	case oidPBES2:
		return pbes2For(alg.kid(1))
	}
	return nil, &unsupportedAlg{"encryption", id}
}

// pkcs12PBESizes are the key and IV lengths of the PKCS#12 PBE ciphers (no IV for RC4).
var pkcs12PBESizes = map[string][2]int{
	oidPBEWithSHAAnd3KeyTDES:  {24, 8},
	oidPBEWithSHAAnd128BitRC2: {16, 8},
	oidPBEWithSHAAnd40BitRC2:  {5, 8},
	oidPBEWithSHAAnd128BitRC4: {16, 0},
	oidPBEWithSHAAnd40BitRC4:  {5, 0},
}

func pkcs12PBE(id string, salt []byte, iter int64) *decryptor {
	sha := digests[oidSHA1]
	keyLen, ivLen := pkcs12PBESizes[id][0], pkcs12PBESizes[id][1]
	blocks := blocksOf(keyLen, sha.size) + blocksOf(ivLen, sha.size)
	return &decryptor{cost: func(pw passwords) int64 { return workOf(sha, iter, blocks, false) * int64(len(pw.bmp)) },
		run: func(b *budget, pw passwords, ct []byte) ([]byte, error) {
			var lastErr error
			for _, p := range pw.bmp {
				if err := b.charge(sha, iter, blocks, false); err != nil {
					return nil, &boundsError{err}
				}
				key := pkcs12KDF(sha, 1, salt, p, iter, keyLen)
				if ivLen == 0 {
					c, err := rc4.NewCipher(key)
					if err != nil {
						return nil, err
					}
					out := make([]byte, len(ct))
					c.XORKeyStream(out, ct)
					return out, nil
				}
				iv := pkcs12KDF(sha, 2, salt, p, iter, ivLen)
				var block cipher.Block
				var err error
				if id == oidPBEWithSHAAnd3KeyTDES {
					block, err = des.NewTripleDESCipher(key)
				} else {
					block, err = newRC2(key, keyLen*8)
				}
				if err != nil {
					return nil, err
				}
				out, err := cbcDecrypt(block, iv, ct)
				if err == nil {
					return out, nil
				}
				lastErr = err
			}
			return nil, lastErr
		}}
}

// pbes2For reads PBES2-params: PBKDF2 and a CBC cipher.
func pbes2For(params *node) (*decryptor, error) {
	if !params.is(asn1.TagSequence) || len(params.kids) != 2 {
		return nil, malformed("bad PBES2 parameters")
	}
	kdf, err := readPBKDF2(params.kids[0])
	if err != nil {
		return nil, err
	}
	if kdf.iter < 1 || kdf.iter > MaxIterations {
		return nil, &boundsError{fmt.Errorf("iteration count %d outside 1..%d", kdf.iter, MaxIterations)}
	}
	scheme := params.kids[1]
	encID := scheme.kid(0).oid()
	var keyLen int
	var newBlock func(key []byte) (cipher.Block, error)
	ivNode := scheme.kid(1)
	switch encID {
	case oidAES128CBC, oidAES192CBC, oidAES256CBC:
		keyLen = map[string]int{oidAES128CBC: 16, oidAES192CBC: 24, oidAES256CBC: 32}[encID]
		newBlock = aes.NewCipher
	case oidCamellia128CBC, oidCamellia192CBC, oidCamellia256CBC:
		keyLen = map[string]int{oidCamellia128CBC: 16, oidCamellia192CBC: 24, oidCamellia256CBC: 32}[encID]
		newBlock = newCamellia
	case oidDESEDE3CBC:
		keyLen, newBlock = 24, des.NewTripleDESCipher
	case oidDESCBC:
		keyLen, newBlock = 8, des.NewCipher
	case oidRC2CBC:
		// RC2-CBC-Parameter ::= SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
		bits := 32
		if ivNode.is(asn1.TagSequence) {
			if len(ivNode.kids) == 2 {
				v, ok := ivNode.kids[0].integer()
				if !ok {
					return nil, malformed("bad RC2 parameters")
				}
				bits = rc2EffectiveBits(v)
				ivNode = ivNode.kids[1]
			} else if len(ivNode.kids) == 1 {
				ivNode = ivNode.kids[0]
			}
		}
		keyLen = kdf.keyLen
		if keyLen == 0 {
			keyLen = 16
		}
		newBlock = func(key []byte) (cipher.Block, error) { return newRC2(key, bits) }
	default:
		return nil, &unsupportedAlg{"encryption", encID}
	}
	if kdf.keyLen != 0 && kdf.keyLen != keyLen {
		return nil, malformed("PBKDF2 key length %d does not fit the cipher", kdf.keyLen)
	}
	iv, ok := ivNode.octets()
	if !ok {
		return nil, malformed("bad cipher IV")
	}
	return &decryptor{cost: func(passwords) int64 { return workOf(kdf.prf, kdf.iter, blocksOf(keyLen, kdf.prf.size), true) },
		run: func(b *budget, pw passwords, ct []byte) ([]byte, error) {
			key, err := kdf.derive(b, pw.utf8, keyLen)
			if err != nil {
				return nil, err
			}
			block, err := newBlock(key)
			if err != nil {
				return nil, err
			}
			if len(iv) != block.BlockSize() {
				return nil, malformed("IV of %d bytes for a %d-byte block", len(iv), block.BlockSize())
			}
			return cbcDecrypt(block, iv, ct)
		}}, nil
}

// rc2EffectiveBits maps rc2ParameterVersion (RFC 8018 B.2.3).
func rc2EffectiveBits(v int64) int {
	switch v {
	case 160:
		return 40
	case 120:
		return 64
	case 58:
		return 128
	}
	if v >= 256 && v <= 1024 {
		return int(v)
	}
	return 32
}

var errBadPadding = errors.New("decryption failed (bad padding)")

func cbcDecrypt(block cipher.Block, iv, ct []byte) ([]byte, error) {
	bs := block.BlockSize()
	if len(ct) == 0 || len(ct)%bs != 0 {
		return nil, errBadPadding
	}
	out := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ct)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > bs {
		return nil, errBadPadding
	}
	for _, c := range out[len(out)-pad:] {
		if int(c) != pad {
			return nil, errBadPadding
		}
	}
	return out[:len(out)-pad], nil
}

// errMACMismatch: the MAC does not verify with any encoding of the password.
var errMACMismatch = errors.New("MAC does not match: wrong password")

// macParams is a file's MacData, read and checked, not yet computed.
type macParams struct {
	want, salt []byte
	iter       int64
	h          hashAlg
	pbmac1     *kdfParams // RFC 9579: PBKDF2 then HMAC with h
}

// readMAC reads MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET
// STRING, iterations INTEGER DEFAULT 1 } and checks its iteration count.
func readMAC(macData *node) (*macParams, error) {
	if !macData.is(asn1.TagSequence) || len(macData.kids) < 2 || len(macData.kids) > 3 {
		return nil, malformed("bad MAC data")
	}
	digestInfo := macData.kids[0]
	if !digestInfo.is(asn1.TagSequence) || len(digestInfo.kids) != 2 || !digestInfo.kids[0].is(asn1.TagSequence) {
		return nil, malformed("bad MAC digest")
	}
	m := &macParams{iter: 1}
	var ok bool
	if m.want, ok = digestInfo.kids[1].octets(); !ok {
		return nil, malformed("bad MAC value")
	}
	if m.salt, ok = macData.kids[1].octets(); !ok {
		return nil, malformed("bad MAC salt")
	}
	if len(macData.kids) == 3 {
		if m.iter, ok = macData.kids[2].integer(); !ok {
			return nil, &boundsError{fmt.Errorf("MAC iteration count outside 1..%d", MaxIterations)}
		}
	}
	alg := digestInfo.kids[0]
	algID := alg.kid(0).oid()
	if algID == oidPBMAC1 {
		params := alg.kid(1)
		if !params.is(asn1.TagSequence) || len(params.kids) != 2 {
			return nil, malformed("bad PBMAC1 parameters")
		}
		kdf, err := readPBKDF2(params.kids[0])
		if err != nil {
			return nil, err
		}
		h, found := hmacs[params.kids[1].kid(0).oid()]
		if !found {
			return nil, &unsupportedAlg{"PBMAC1 MAC", params.kids[1].kid(0).oid()}
		}
		if kdf.iter < 1 || kdf.iter > MaxIterations {
			return nil, &boundsError{fmt.Errorf("MAC iteration count %d outside 1..%d", kdf.iter, MaxIterations)}
		}
		// A short key would let anyone forge the MAC (RFC 9579 requires the length).
		if kdf.keyLen != h.size {
			return nil, malformed("PBMAC1 key length %d for a %d-byte HMAC", kdf.keyLen, h.size)
		}
		m.h, m.pbmac1 = h, &kdf
		return m, nil
	}
	h, found := digests[algID]
	if !found {
		return nil, &unsupportedAlg{"MAC digest", algID}
	}
	if m.iter < 1 || m.iter > MaxIterations {
		return nil, &boundsError{fmt.Errorf("MAC iteration count %d outside 1..%d", m.iter, MaxIterations)}
	}
	m.h = h
	return m, nil
}

// cost is the work verify charges at most.
func (m *macParams) cost(pw passwords) int64 {
	if m.pbmac1 != nil {
		return workOf(m.pbmac1.prf, m.pbmac1.iter, blocksOf(m.pbmac1.keyLen, m.pbmac1.prf.size), true)
	}
	return workOf(m.h, m.iter, 1, false) * int64(len(pw.bmp))
}

// verify computes the MAC over the authenticated safe's content and
// returns pw with the proven BMP encoding alone.
func (m *macParams) verify(b *budget, content []byte, pw passwords) (passwords, error) {
	if m.pbmac1 != nil {
		key, err := m.pbmac1.derive(b, pw.utf8, m.pbmac1.keyLen)
		if err != nil {
			return pw, err
		}
		mac := hmac.New(m.h.new, key)
		mac.Write(content)
		if subtle.ConstantTimeCompare(mac.Sum(nil), m.want) != 1 {
			return pw, errMACMismatch
		}
		return pw, nil
	}
	for _, p := range pw.bmp {
		if err := b.charge(m.h, m.iter, 1, false); err != nil {
			return pw, &boundsError{err}
		}
		key := pkcs12KDF(m.h, 3, m.salt, p, m.iter, m.h.size)
		mac := hmac.New(m.h.new, key)
		mac.Write(content)
		if subtle.ConstantTimeCompare(mac.Sum(nil), m.want) == 1 {
			pw.bmp = [][]byte{p}
			return pw, nil
		}
	}
	return pw, errMACMismatch
}
