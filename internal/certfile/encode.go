package certfile

import (
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"unicode/utf16"
)

// The one form every store's importer accepts (the Windows PFX importer,
// macOS `security import`, NSS): DER, certificates in a 3DES-encrypted safe,
// the key in a 3DES shrouded key bag, a SHA-1 MAC — the layout of
// go-pkcs12's LegacyDES, written here because go-pkcs12 cannot write a
// friendlyName. The identity's friendly name goes on the key bag and the
// leaf's bag: the macOS importer labels the private key with it, Windows
// sets the certificate's friendly name, NSS takes it as the nickname.

const (
	reencodeIterations = 2048
	reencodeSaltLen    = 8
)

var (
	asnData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	asnEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	asnShroudedBag   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	asnCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	asnX509Cert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	asnFriendlyName  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	asnLocalKeyID    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	asnPBE3DES       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	asnSHA1          = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
)

// tlv builds one DER element from its tag and content parts.
func tlv(tag byte, parts ...[]byte) []byte {
	var content []byte
	for _, p := range parts {
		content = append(content, p...)
	}
	return append(appendLength([]byte{tag}, len(content)), content...)
}

func mustMarshal(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic(err) // only fixed, valid values are marshalled here
	}
	return b
}

func bmpBytes(s string) []byte {
	var out []byte
	for _, c := range utf16.Encode([]rune(s)) {
		out = append(out, byte(c>>8), byte(c))
	}
	return out
}

// encodeLegacy writes id as described above, with password.
func encodeLegacy(id *Identity, password string) ([]byte, error) {
	pw := newPasswords(password).bmp[0]
	pkcs8, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		return nil, err
	}
	fp := sha1.Sum(id.Leaf.Raw)
	attrs := [][]byte{}
	if id.FriendlyName != "" {
		attrs = append(attrs, tlv(0x30, mustMarshal(asnFriendlyName), tlv(0x31, tlv(0x1e, bmpBytes(id.FriendlyName)))))
	}
	attrs = append(attrs, tlv(0x30, mustMarshal(asnLocalKeyID), tlv(0x31, tlv(0x04, fp[:]))))
	attrSet := tlv(0x31, attrs...)

	var certBags [][]byte
	for i, c := range append([]*x509.Certificate{id.Leaf}, id.Chain...) {
		bag := [][]byte{mustMarshal(asnCertBag), tlv(0xa0, tlv(0x30, mustMarshal(asnX509Cert), tlv(0xa0, tlv(0x04, c.Raw))))}
		if i == 0 {
			bag = append(bag, attrSet)
		}
		certBags = append(certBags, tlv(0x30, bag...))
	}
	certAlg, certCT, err := encrypt3DES(pw, tlv(0x30, certBags...))
	if err != nil {
		return nil, err
	}
	keyAlg, keyCT, err := encrypt3DES(pw, pkcs8)
	if err != nil {
		return nil, err
	}
	keyBag := tlv(0x30, mustMarshal(asnShroudedBag), tlv(0xa0, tlv(0x30, keyAlg, tlv(0x04, keyCT))), attrSet)
	authSafe := tlv(0x30,
		tlv(0x30, mustMarshal(asnEncryptedData), tlv(0xa0, tlv(0x30, mustMarshal(0),
			tlv(0x30, mustMarshal(asnData), certAlg, tlv(0x80, certCT))))),
		tlv(0x30, mustMarshal(asnData), tlv(0xa0, tlv(0x04, tlv(0x30, keyBag)))))

	salt := make([]byte, reencodeSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	sha := digests[oidSHA1]
	mac := hmac.New(sha.new, pkcs12KDF(sha, 3, salt, pw, 1, sha.size))
	mac.Write(authSafe)
	macData := tlv(0x30, tlv(0x30, tlv(0x30, mustMarshal(asnSHA1), tlv(0x05)), tlv(0x04, mac.Sum(nil))), tlv(0x04, salt), mustMarshal(1))
	return tlv(0x30, mustMarshal(3), tlv(0x30, mustMarshal(asnData), tlv(0xa0, tlv(0x04, authSafe))), macData), nil
}

// encrypt3DES encrypts with pbeWithSHAAnd3-KeyTripleDES-CBC and returns
// the AlgorithmIdentifier and the ciphertext.
func encrypt3DES(pw, plain []byte) (alg, ct []byte, err error) {
	salt := make([]byte, reencodeSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, err
	}
	sha := digests[oidSHA1]
	key := pkcs12KDF(sha, 1, salt, pw, reencodeIterations, 24)
	iv := pkcs12KDF(sha, 2, salt, pw, reencodeIterations, 8)
	block, err := des.NewTripleDESCipher(key)
	if err != nil {
		return nil, nil, fmt.Errorf("3DES: %w", err)
	}
	pad := 8 - len(plain)%8
	padded := append(append([]byte{}, plain...), make([]byte, pad)...)
	for i := len(plain); i < len(padded); i++ {
		padded[i] = byte(pad)
	}
	ct = make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, padded)
	alg = tlv(0x30, mustMarshal(asnPBE3DES), tlv(0x30, tlv(0x04, salt), mustMarshal(reencodeIterations)))
	return alg, ct, nil
}
