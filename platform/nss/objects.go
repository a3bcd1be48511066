package nss

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"strings"
	"unsafe"
)

// PKCS#11 constants (pkcs11t.h) and NSS's PK11ObjectType.
const (
	ckoCertificate  = 1
	ckoPrivateKey   = 3
	ckaLabel        = 0x03
	ckaValue        = 0x11
	ckaKeyType      = 0x100
	ckaID           = 0x102
	ckaModulus      = 0x120
	ckaECParams     = 0x180
	ckkRSA          = 0
	ckkEC           = 3
	pk11TypeGeneric = 0
)

// certObj is one certificate object of the internal slot.
type certObj struct {
	der   []byte
	cert  *x509.Certificate // nil when Go cannot parse it
	fp    string            // SHA-256 of der, upper-case hex
	label string            // CKA_LABEL: the nickname
	id    []byte            // CKA_ID: the ID of the key it goes with
}

// keyObj is one private key object of the internal slot.
type keyObj struct {
	id       []byte // CKA_ID: NSS's SHA-1 of the public key
	label    string
	keyType  uint64
	bits     int    // RSA modulus size
	ecParams []byte // DER curve OID
}

// objects is what the slot holds, read from the token itself (raw PKCS#11
// attributes, not NSS's certificate cache).
type objects struct {
	certs []certObj
	keys  []keyObj
}

// keyIDs returns the set of private key IDs (hex).
func (o *objects) keyIDs() map[string]bool {
	out := map[string]bool{}
	for _, k := range o.keys {
		out[hex.EncodeToString(k.id)] = true
	}
	return out
}

// certByFP finds a certificate by its SHA-256.
func (o *objects) certByFP(fp string) *certObj {
	for i := range o.certs {
		if o.certs[i].fp == fp {
			return &o.certs[i]
		}
	}
	return nil
}

// keyIDsOf are the IDs under which a certificate's key can be: the
// certificate's CKA_ID (how NSS links them) and the ID NSS derives from the
// public key (for a certificate imported without one).
func (c *certObj) keyIDsOf() []string {
	var out []string
	if len(c.id) > 0 {
		out = append(out, hex.EncodeToString(c.id))
	}
	if c.cert != nil {
		if id := keyIDOf(c.cert.PublicKey); id != nil && !bytes.Equal(id, c.id) {
			out = append(out, hex.EncodeToString(id))
		}
	}
	return out
}

// hasKey reports whether a private key in the slot belongs to the
// certificate. Several certificates can share one key (a renewal that kept
// it): each of them has it.
func (o *objects) hasKey(c *certObj, ids map[string]bool) bool {
	for _, id := range c.keyIDsOf() {
		if ids[id] {
			return true
		}
	}
	return false
}

// orphans are the keys no certificate uses.
func (o *objects) orphans() []keyObj {
	used := map[string]bool{}
	for i := range o.certs {
		for _, id := range o.certs[i].keyIDsOf() {
			used[id] = true
		}
	}
	var out []keyObj
	for _, k := range o.keys {
		if !used[hex.EncodeToString(k.id)] {
			out = append(out, k)
		}
	}
	return out
}

// keyIDOf is the CKA_ID NSS gives the key of pub: the SHA-1 of the RSA
// modulus or of the uncompressed EC point (PK11_MakeIDFromPubKey). nil for
// other key types.
func keyIDOf(pub crypto.PublicKey) []byte {
	var v []byte
	switch k := pub.(type) {
	case *rsa.PublicKey:
		v = k.N.Bytes()
	case *ecdsa.PublicKey:
		b, err := k.Bytes()
		if err != nil {
			return nil
		}
		v = b
	default:
		return nil
	}
	sum := sha1.Sum(v)
	return sum[:]
}

// readAttr copies one raw PKCS#11 attribute of an object. NSS allocates the
// value; it is freed here. ok is false when the object has no such
// attribute.
func (s *session) readAttr(typ int32, obj uintptr, attr uint64, item *cBuffer) ([]byte, bool) {
	*(*secItem)(cptr(item.ptr)) = secItem{}
	if s.l.PK11_ReadRawAttribute(typ, obj, attr, item.ptr) != secSuccess {
		return nil, false
	}
	it := (*secItem)(cptr(item.ptr))
	out := goBytes(it.data, int(it.len))
	s.l.SECITEM_FreeItem(item.ptr, 0)
	return out, true
}

// ckAttribute mirrors PKCS#11's CK_ATTRIBUTE {type; pValue; ulValueLen}
// (CK_ULONGs: 32 bits on Windows, 64 elsewhere; same padding as C).
type ckAttribute struct {
	typ      ckULong
	value    uintptr
	valueLen ckULong
}

// attrReader reads several raw attributes of an object in one token call
// (PK11_ReadRawAttributes: one database query instead of one per
// attribute, each taking SQLite's file lock). Values live in one arena
// until free; without the batch call in this NSS it reads one by one.
type attrReader struct {
	s        *session
	arena    uintptr
	template *cBuffer
	item     *cBuffer // for the one-by-one reads
	n        int
}

func (s *session) newAttrReader(n int) (*attrReader, error) {
	r := &attrReader{s: s, n: n, item: s.alloc(make([]byte, unsafe.Sizeof(secItem{})))}
	if r.item == nil {
		return nil, fmt.Errorf("read NSS database: out of memory")
	}
	if s.l.PK11_ReadRawAttributes != nil {
		r.template = s.alloc(make([]byte, n*int(unsafe.Sizeof(ckAttribute{}))))
		r.arena = s.l.PORT_NewArena(64 << 10)
		if r.template == nil || r.arena == 0 {
			r.free()
			return nil, fmt.Errorf("read NSS database: out of memory")
		}
	}
	return r, nil
}

func (r *attrReader) free() {
	if r.arena != 0 {
		r.s.l.PORT_FreeArena(r.arena, 0) // public data: certificates, IDs, labels
		r.arena = 0
	}
	r.template.free()
	r.item.free()
}

// read returns the values of the attributes of obj, nil for one the object
// does not have or that is empty. An object lacking one of them fails the batch call (the
// token answers CKR_ATTRIBUTE_TYPE_INVALID for the whole template): it is
// then read one attribute at a time.
func (r *attrReader) read(obj uintptr, attrs ...uint64) [][]byte {
	out := make([][]byte, len(attrs))
	if r.arena != 0 && len(attrs) <= r.n {
		t := unsafe.Slice((*ckAttribute)(cptr(r.template.ptr)), len(attrs))
		for i, a := range attrs {
			t[i] = ckAttribute{typ: ckULong(a)}
		}
		if r.s.l.PK11_ReadRawAttributes(r.arena, pk11TypeGeneric, obj, r.template.ptr, uint32(len(attrs))) == secSuccess {
			for i := range t {
				if t[i].value != 0 && t[i].valueLen != ^ckULong(0) {
					out[i] = goBytes(t[i].value, int(t[i].valueLen)) // nil when empty, as readAttr
				}
			}
			return out
		}
	}
	for i, a := range attrs {
		out[i], _ = r.s.readAttr(pk11TypeGeneric, obj, a, r.item)
	}
	return out
}

// eachObject calls fn for every object of the class in the internal slot.
// A search that fails is an error, never an empty result: NSS sets no error
// for an empty slot, so the error is cleared first and read after.
func (s *session) eachObject(class uint64, fn func(obj uintptr)) error {
	l := s.l
	l.PORT_SetError(0)
	objs := l.PK11_FindGenericObjects(s.slot, class)
	if objs == 0 {
		if code := l.PORT_GetError(); code != 0 {
			return &nssError{op: "read NSS database", code: code}
		}
		return nil
	}
	defer l.PK11_DestroyGenericObjects(objs)
	for o := objs; o != 0; o = l.PK11_GetNextGenericObject(o) {
		fn(o)
	}
	return nil
}

// objects reads every certificate and private key of the slot. It reads
// raw attributes instead of building NSS certificate structures:
// PK11_ListCertsInSlot spends almost a millisecond per certificate on those.
func (s *session) objects() (*objects, error) {
	item := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if item == nil {
		return nil, fmt.Errorf("read NSS database: out of memory")
	}
	defer item.free()
	out := &objects{}
	attrs, err := s.newAttrReader(3)
	if err != nil {
		return nil, err
	}
	defer attrs.free()
	err = s.eachObject(ckoCertificate, func(o uintptr) {
		v := attrs.read(o, ckaValue, ckaLabel, ckaID)
		der, label, id := v[0], v[1], v[2]
		if len(der) == 0 {
			return
		}
		c := certObj{der: der, fp: fingerprintDER(der), label: string(label), id: id}
		c.cert, _ = x509.ParseCertificate(der) // NSS accepts some encodings Go refuses
		out.certs = append(out.certs, c)
	})
	if err != nil {
		return nil, err
	}
	err = s.eachObject(ckoPrivateKey, func(o uintptr) {
		id, ok := s.readAttr(pk11TypeGeneric, o, ckaID, item)
		if !ok {
			return
		}
		k := keyObj{id: id}
		label, _ := s.readAttr(pk11TypeGeneric, o, ckaLabel, item)
		k.label = string(label)
		if kt, ok := s.readAttr(pk11TypeGeneric, o, ckaKeyType, item); ok {
			k.keyType = nativeULong(kt)
		}
		switch k.keyType {
		case ckkRSA:
			if m, ok := s.readAttr(pk11TypeGeneric, o, ckaModulus, item); ok {
				k.bits = len(bytes.TrimLeft(m, "\x00")) * 8
			}
		case ckkEC:
			k.ecParams, _ = s.readAttr(pk11TypeGeneric, o, ckaECParams, item)
		}
		out.keys = append(out.keys, k)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// nativeULong decodes a CK_ULONG attribute (host byte order, 4 or 8 bytes;
// every platform NSS runs on here is little-endian).
func nativeULong(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

var curveNames = map[string]string{
	"1.2.840.10045.3.1.7": "P-256",
	"1.3.132.0.34":        "P-384",
	"1.3.132.0.35":        "P-521",
}

// description is the key's type as certfile.KeyTypeOf writes it.
func (k keyObj) description() string {
	switch k.keyType {
	case ckkRSA:
		if k.bits > 0 {
			return fmt.Sprintf("RSA %d", k.bits)
		}
		return "RSA"
	case ckkEC:
		var oid asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(k.ecParams, &oid); err == nil {
			if n, ok := curveNames[oid.String()]; ok {
				return "ECDSA " + n
			}
		}
		return "ECDSA"
	}
	return ""
}

func fingerprintDER(der []byte) string {
	sum := sha256.Sum256(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// withItem runs fn with a C-memory SECItem holding data.
func (s *session) withItem(data []byte, fn func(item uintptr) error) error {
	buf := s.alloc(data)
	item := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if buf == nil || item == nil {
		buf.free()
		item.free()
		return fmt.Errorf("NSS: out of memory")
	}
	defer buf.free()
	defer item.free()
	*(*secItem)(cptr(item.ptr)) = secItem{data: buf.ptr, len: uint32(len(data))}
	return fn(item.ptr)
}

// findCert returns NSS's certificate for der (CERT_DestroyCertificate it).
func (s *session) findCert(der []byte) (uintptr, error) {
	var cert uintptr
	err := s.withItem(der, func(item uintptr) error {
		cert = s.l.PK11_FindCertFromDERCertItem(s.slot, item, 0)
		if cert == 0 {
			return &nssError{op: "find certificate", code: s.l.PORT_GetError()}
		}
		return nil
	})
	return cert, err
}

// deleteCert removes one certificate object (SEC_DeletePermCertificate:
// the token object and NSS's cache entry; its key is left alone).
func (s *session) deleteCert(der []byte) error {
	cert, err := s.findCert(der)
	if err != nil {
		return err
	}
	defer s.l.CERT_DestroyCertificate(cert)
	if s.l.SEC_DeletePermCertificate(cert) != secSuccess {
		return &nssError{op: "delete certificate", code: s.l.PORT_GetError()}
	}
	return nil
}

// deleteKey removes the private key with this CKA_ID, whether or not a
// certificate still names it (the caller decided).
func (s *session) deleteKey(id []byte) error {
	return s.withItem(id, func(item uintptr) error {
		key := s.l.PK11_FindKeyByKeyID(s.slot, item, 0)
		if key == 0 {
			return &nssError{op: "find private key", code: s.l.PORT_GetError()}
		}
		// PK11_DeleteTokenPrivateKey also frees the key structure.
		if s.l.PK11_DeleteTokenPrivateKey(key, 1) != secSuccess {
			return &nssError{op: "delete private key", code: s.l.PORT_GetError()}
		}
		return nil
	})
}
