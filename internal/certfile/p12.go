package certfile

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// The layer-by-layer PKCS#12 reader (RFC 7292). It opens the file the way
// NSS's importer does — BER or DER, any number of safes, nested safe
// contents bags, every PBE algorithm pk12util imports — and checks each
// layer's iteration count before deriving that layer's key: the MAC, each
// encrypted safe, then, once a safe is decrypted, the shrouded keys it
// holds (counts no plaintext walk can see).

// MaxCertificates bounds the certificates of one file (real files hold one
// to five; the NSS import and the chain ordering stay well under a second).
const MaxCertificates = 2000

// maxKeys bounds the private keys of one file; maxBagNesting the depth of
// safe contents bags inside one another.
const (
	maxKeys       = 16
	maxBagNesting = 4
)

const (
	oidData          = "1.2.840.113549.1.7.1"
	oidSignedData    = "1.2.840.113549.1.7.2"
	oidEnvelopedData = "1.2.840.113549.1.7.3"
	oidEncryptedData = "1.2.840.113549.1.7.6"

	oidKeyBag          = "1.2.840.113549.1.12.10.1.1"
	oidShroudedKeyBag  = "1.2.840.113549.1.12.10.1.2"
	oidCertBag         = "1.2.840.113549.1.12.10.1.3"
	oidSafeContentsBag = "1.2.840.113549.1.12.10.1.6"
	oidX509Certificate = "1.2.840.113549.1.9.22.1"
	oidFriendlyName    = "1.2.840.113549.1.9.20"
	oidLocalKeyID      = "1.2.840.113549.1.9.21"
)

// bagAttrs are the attributes of a safe bag that the reader keeps.
type bagAttrs struct {
	friendlyName string
	localKeyID   []byte
}

// keyEntry is a key bag: der is the PKCS#8 PrivateKeyInfo once decrypted.
type keyEntry struct {
	der   []byte
	dec   *decryptor // nil for a plain key bag
	ct    []byte
	attrs bagAttrs
}

type certEntry struct {
	der   []byte
	attrs bagAttrs
}

// pfxContents is a file whose password is proven and whose safes are open;
// the shrouded keys are still encrypted, their parameters checked.
type pfxContents struct {
	keys   []*keyEntry
	certs  []*certEntry
	pw     passwords
	budget *budget
}

// keysCost is the declared work of decrypting every shrouded key.
func (c *pfxContents) keysCost() int64 {
	var n int64
	for _, k := range c.keys {
		if k.dec != nil {
			n += k.dec.cost(c.pw)
		}
	}
	return n
}

// openPFX parses the outer layers, checks the declared work of every layer
// it can see, proves the password with the MAC and opens every safe.
//
// Order matters: nothing is derived before every visible iteration count
// (the MAC, each encrypted safe, the shrouded keys of plain safes) has been
// checked and their sum fits the budget; nothing is decrypted before the MAC
// has proven the password; the shrouded keys inside encrypted safes are
// checked as soon as their safe is open, before their own derivation.
func openPFX(data []byte, password string) (*pfxContents, error) {
	pfx, err := parseBER(data)
	if err != nil {
		return nil, &structErr{msg: "PFX: " + err.Error()}
	}
	if !pfx.is(asn1.TagSequence) || len(pfx.kids) < 2 || len(pfx.kids) > 3 {
		return nil, malformed("not a PFX structure")
	}
	if v, ok := pfx.kids[0].integer(); !ok || v != 3 {
		return nil, malformed("PFX version is not 3")
	}
	authSafe := pfx.kids[1]
	switch authSafe.kid(0).oid() {
	case oidData:
	case oidSignedData:
		return nil, &unsupportedAlg{"integrity mode (public-key signature)", oidSignedData}
	default:
		return nil, malformed("authenticated safe of type %q", authSafe.kid(0).oid())
	}
	content, ok := authSafe.kid(1).explicit(0).octets()
	if !ok || len(authSafe.kids) != 2 {
		return nil, malformed("bad authenticated safe")
	}
	c := &pfxContents{pw: newPasswords(password), budget: newBudget()}
	if len(pfx.kids) != 3 {
		// pk12util refuses these too: nothing would prove the password.
		return nil, &unsupportedAlg{"file without a MAC", ""}
	}
	mac, err := readMAC(pfx.kids[2])
	if err != nil {
		return nil, err
	}
	// Read what the MAC protects without deriving anything; a damaged
	// layer is reported only once the MAC says the password is right.
	encrypted, protectedErr := c.readSafes(content)
	if protectedErr == nil {
		visible := mac.cost(c.pw) + c.keysCost()
		for _, s := range encrypted {
			visible += s.dec.cost(c.pw)
		}
		if visible > MaxWork {
			return nil, &boundsError{errTooMuchWork}
		}
	} else if isBounds(protectedErr) {
		return nil, protectedErr
	}
	if c.pw, err = mac.verify(c.budget, content, c.pw); err != nil {
		return nil, err
	}
	if protectedErr != nil {
		return nil, protectedErr
	}
	for _, s := range encrypted {
		plain, err := s.dec.run(c.budget, c.pw, s.ct)
		if err != nil {
			return nil, afterMAC(err, "decrypt safe")
		}
		if err := c.readSafeContents(plain, 0); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func isBounds(err error) bool {
	var be *boundsError
	var ua *unsupportedAlg
	return errors.As(err, &be) || errors.As(err, &ua)
}

// encryptedSafe is an EncryptedData safe, its algorithm checked, not yet decrypted.
type encryptedSafe struct {
	dec *decryptor
	ct  []byte
}

// readSafes reads the authenticated safe: the bags of plain safes, and the
// checked algorithm of each encrypted one.
func (c *pfxContents) readSafes(content []byte) ([]encryptedSafe, error) {
	safes, err := parseBER(content)
	if err != nil {
		return nil, &structErr{msg: "authenticated safe: " + err.Error()}
	}
	if !safes.is(asn1.TagSequence) {
		return nil, malformed("authenticated safe is not a sequence")
	}
	var out []encryptedSafe
	for _, ci := range safes.kids {
		s, err := c.readSafe(ci)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, *s)
		}
	}
	return out, nil
}

// readSafe reads one ContentInfo of the authenticated safe.
func (c *pfxContents) readSafe(ci *node) (*encryptedSafe, error) {
	if !ci.is(asn1.TagSequence) || len(ci.kids) != 2 {
		return nil, malformed("bad safe")
	}
	switch ci.kid(0).oid() {
	case oidData:
		raw, ok := ci.kid(1).explicit(0).octets()
		if !ok {
			return nil, malformed("bad data safe")
		}
		return nil, c.readSafeContents(raw, 0)
	case oidEncryptedData:
		ed := ci.kid(1).explicit(0)
		// EncryptedData ::= SEQUENCE { version, EncryptedContentInfo, [1] unprotectedAttrs OPTIONAL }
		if !ed.is(asn1.TagSequence) || len(ed.kids) < 2 {
			return nil, malformed("bad encrypted safe")
		}
		eci := ed.kids[1]
		// EncryptedContentInfo ::= SEQUENCE { contentType, contentEncryptionAlgorithm, [0] IMPLICIT encryptedContent OPTIONAL }
		if !eci.is(asn1.TagSequence) || len(eci.kids) < 2 {
			return nil, malformed("bad encrypted content info")
		}
		if len(eci.kids) == 2 {
			return nil, nil // an empty safe
		}
		ct, ok := implicitOctets(eci.kids[2], 0)
		if !ok {
			return nil, malformed("bad encrypted content")
		}
		dec, err := pbeFor(eci.kids[1])
		if err != nil {
			return nil, err
		}
		return &encryptedSafe{dec: dec, ct: ct}, nil
	case oidEnvelopedData:
		return nil, &unsupportedAlg{"privacy mode (public-key encryption)", oidEnvelopedData}
	}
	return nil, malformed("safe of type %q", ci.kid(0).oid())
}

// afterMAC classifies a decryption failure once the MAC has proven the
// password: the content is damaged (bounds and algorithms keep their class).
func afterMAC(err error, op string) error {
	var be *boundsError
	var ua *unsupportedAlg
	var se *structErr
	if errors.As(err, &be) || errors.As(err, &ua) || errors.As(err, &se) {
		return err
	}
	return malformed("%s: %v", op, err)
}

// implicitOctets reads an [tag] IMPLICIT OCTET STRING, primitive or cut
// into chunks.
func implicitOctets(n *node, tag int) ([]byte, bool) {
	if !n.isContext(tag) {
		return nil, false
	}
	if !n.compound {
		return n.bytes, true
	}
	var out []byte
	for _, k := range n.kids {
		b, ok := k.octets()
		if !ok {
			return nil, false
		}
		out = append(out, b...)
	}
	return out, true
}

func (c *pfxContents) readSafeContents(raw []byte, depth int) error {
	sc, err := parseBER(raw)
	if err != nil {
		return &structErr{msg: "safe contents: " + err.Error()}
	}
	return c.readBags(sc, depth)
}

func (c *pfxContents) readBags(sc *node, depth int) error {
	if depth > maxBagNesting {
		return &structErr{msg: "safe contents: " + errDeepNesting.Error()}
	}
	if !sc.is(asn1.TagSequence) {
		return malformed("safe contents is not a sequence")
	}
	for _, bag := range sc.kids {
		// SafeBag ::= SEQUENCE { bagId, [0] EXPLICIT bagValue, bagAttributes SET OPTIONAL }
		if !bag.is(asn1.TagSequence) || len(bag.kids) < 2 || len(bag.kids) > 3 {
			return malformed("bad safe bag")
		}
		value := bag.kid(1).explicit(0)
		if value == nil {
			return malformed("bad safe bag value")
		}
		attrs, err := readAttrs(bag.kid(2))
		if err != nil {
			return err
		}
		switch bag.kid(0).oid() {
		case oidKeyBag:
			if err := c.addKey(&keyEntry{der: value.der(), attrs: attrs}); err != nil {
				return err
			}
		case oidShroudedKeyBag:
			// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
			if !value.is(asn1.TagSequence) || len(value.kids) != 2 {
				return malformed("bad shrouded key bag")
			}
			ct, ok := value.kids[1].octets()
			if !ok {
				return malformed("bad shrouded key")
			}
			dec, err := pbeFor(value.kids[0])
			if err != nil {
				return err
			}
			if err := c.addKey(&keyEntry{dec: dec, ct: ct, attrs: attrs}); err != nil {
				return err
			}
		case oidCertBag:
			// CertBag ::= SEQUENCE { certId, [0] EXPLICIT certValue }
			if !value.is(asn1.TagSequence) || len(value.kids) != 2 {
				return malformed("bad certificate bag")
			}
			if value.kids[0].oid() != oidX509Certificate {
				continue // SDSI certificates: nobody uses them
			}
			der, ok := value.kids[1].explicit(0).octets()
			if !ok {
				return malformed("bad certificate value")
			}
			if len(c.certs) >= MaxCertificates {
				return &boundsError{fmt.Errorf("more than %d certificates", MaxCertificates)}
			}
			c.certs = append(c.certs, &certEntry{der: der, attrs: attrs})
		case oidSafeContentsBag:
			if err := c.readBags(value, depth+1); err != nil {
				return err
			}
		}
		// CRL and secret bags carry nothing the stores import.
	}
	return nil
}

func (c *pfxContents) addKey(k *keyEntry) error {
	if len(c.keys) >= maxKeys {
		return &boundsError{fmt.Errorf("more than %d private keys", maxKeys)}
	}
	c.keys = append(c.keys, k)
	return nil
}

// readAttrs reads the friendlyName and localKeyId of a bag's attribute set.
func readAttrs(set *node) (bagAttrs, error) {
	var a bagAttrs
	if set == nil {
		return a, nil
	}
	if !set.is(asn1.TagSet) {
		return a, malformed("bad bag attributes")
	}
	for _, attr := range set.kids {
		if !attr.is(asn1.TagSequence) || len(attr.kids) != 2 || !attr.kids[1].is(asn1.TagSet) {
			return a, malformed("bad bag attribute")
		}
		v := attr.kids[1].kid(0)
		switch attr.kids[0].oid() {
		case oidFriendlyName:
			if v.is(asn1.TagBMPString) && len(v.bytes)%2 == 0 {
				u := make([]uint16, len(v.bytes)/2)
				for i := range u {
					u[i] = uint16(v.bytes[2*i])<<8 | uint16(v.bytes[2*i+1])
				}
				a.friendlyName = repairLatin1(string(utf16.Decode(u)))
			} else if v.is(asn1.TagUTF8String) {
				a.friendlyName = string(v.bytes)
			}
		case oidLocalKeyID:
			if b, ok := v.octets(); ok {
				a.localKeyID = b
			}
		}
	}
	return a, nil
}

// repairLatin1 undoes an encoder's mistake: GnuTLS certtool writes the
// UTF-8 bytes of a name one per BMP character, so 「名前」 arrives as
// "å\u0090\u008d…". A name made only of characters below U+0100 whose
// bytes are valid UTF-8 with at least one multi-byte sequence is decoded
// as that UTF-8.
func repairLatin1(s string) string {
	b := make([]byte, 0, len(s))
	high := false
	for _, r := range s {
		if r > 0xff {
			return s
		}
		high = high || r >= 0x80
		b = append(b, byte(r))
	}
	if !high || !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// decryptKeys decrypts every shrouded key with the proven password.
func (c *pfxContents) decryptKeys() error {
	for _, k := range c.keys {
		if k.dec == nil {
			continue
		}
		plain, err := k.dec.run(c.budget, c.pw, k.ct)
		if err != nil {
			return afterMAC(err, "decrypt private key")
		}
		n, err := parseBER(plain)
		if err != nil {
			return &structErr{msg: "decrypted private key: " + err.Error()}
		}
		k.der, k.dec = n.der(), nil
	}
	return nil
}
