package nss

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// PKCS#12 cipher ids from NSS's ciferfam.h (the low parts are octal there).
var pkcs12Ciphers = []int32{
	0x20000 | 0o001, 0x20000 | 0o002, // RC2-40, RC2-128
	0x20000 | 0o011, 0x20000 | 0o012, // RC4-40, RC4-128
	0x20000 | 0o021, 0x20000 | 0o022, // DES, 3DES
	0x20000 | 0o031, 0x20000 | 0o032, 0x20000 | 0o033, // AES-128/192/256
}

// nicknameCallback is the one purego callback the process needs (they are
// never freed): SEC_PKCS12NicknameCollisionCallback, called for bags without
// a friendlyName or whose name collides. Like pk12util, it derives the name
// from the certificate's subject; NSS keeps one nickname per subject, so a
// renewal certificate joins its predecessor's.
var nicknameCallback = sync.OnceValue(func() uintptr {
	return purego.NewCallback(func(oldNick, cancel, cert uintptr) uintptr {
		l := theLib
		if l == nil || cert == 0 {
			return 0
		}
		nick := l.CERT_MakeCANickname(cert)
		if nick == 0 {
			return 0
		}
		name := goString(nick)
		if oldNick != 0 {
			old := (*secItem)(cptr(oldNick))
			if string(goBytes(old.data, int(old.len))) == name {
				return 0 // the same name again would loop
			}
		}
		item := l.PORT_ZAlloc(unsafe.Sizeof(secItem{}))
		if item == 0 {
			return 0
		}
		*(*secItem)(cptr(item)) = secItem{data: nick, len: uint32(len(name))}
		return item
	})
})

// importP12 imports a PKCS#12 blob encrypted with password, the sequence
// pk12util uses: decode, verify the MAC, validate bags (nicknames), import.
func (s *session) importP12(p12 []byte, password string) error {
	l := s.l
	for _, c := range pkcs12Ciphers {
		l.SEC_PKCS12EnableCipher(c, 1)
	}
	bmp := bmpPassword(password)
	pw := s.alloc(bmp)
	data := s.alloc(p12)
	item := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if pw == nil || data == nil || item == nil {
		pw.free()
		data.free()
		item.free()
		return fmt.Errorf("import PKCS#12: out of memory")
	}
	defer pw.free()
	defer data.free()
	defer item.free()
	*(*secItem)(cptr(item.ptr)) = secItem{data: pw.ptr, len: uint32(len(bmp))}

	dcx := l.SEC_PKCS12DecoderStart(item.ptr, s.slot, 0, 0, 0, 0, 0, 0)
	if dcx == 0 {
		return &nssError{op: "start PKCS#12 decoder", code: l.PORT_GetError()}
	}
	defer l.SEC_PKCS12DecoderFinish(dcx)
	steps := []struct {
		op  string
		run func() secStatus
	}{
		{"decode PKCS#12", func() secStatus { return l.SEC_PKCS12DecoderUpdate(dcx, data.ptr, uint64(len(p12))) }},
		{"verify PKCS#12", func() secStatus { return l.SEC_PKCS12DecoderVerify(dcx) }},
		{"validate PKCS#12 bags", func() secStatus { return l.SEC_PKCS12DecoderValidateBags(dcx, nicknameCallback()) }},
		{"import PKCS#12 bags", func() secStatus { return l.SEC_PKCS12DecoderImportBags(dcx) }},
	}
	for _, st := range steps {
		if st.run() != secSuccess {
			return &nssError{op: st.op, code: l.PORT_GetError()}
		}
	}
	return nil
}

// listedCert is one certificate of the internal slot.
type listedCert struct {
	der      []byte
	cert     *x509.Certificate
	nickname string
	hasKey   bool
}

// prcList is NSPR's PRCList {next, prev}: the head of SECKEYPrivateKeyList
// and the start of each node, which then holds the key pointer.
type prcList struct{ next, prev uintptr }

// eachNode calls fn with the payload pointer of every node of a PRCList-based list.
func eachNode(list uintptr, fn func(payload uintptr) error) error {
	for node := (*prcList)(cptr(list)).next; node != list && node != 0; node = (*prcList)(cptr(node)).next {
		if p := *(*uintptr)(cptr(node + unsafe.Sizeof(prcList{}))); p != 0 {
			if err := fn(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// certDER reads a CERTCertificate's DER through the C-memory item.
func (s *session) certDER(handle uintptr, item *cBuffer) []byte {
	if s.l.CERT_GetCertificateDer(handle, item.ptr) != secSuccess {
		return nil
	}
	der := (*secItem)(cptr(item.ptr))
	return goBytes(der.data, int(der.len))
}

// keyedCerts maps the SHA-256 of every certificate that has a private key
// in the slot to the key's nickname: one pass over the (few) keys instead
// of a key search per certificate.
func (s *session) keyedCerts(item *cBuffer) map[string]string {
	l := s.l
	out := map[string]string{}
	list := l.PK11_ListPrivKeysInSlot(s.slot, 0, 0)
	if list == 0 {
		return out
	}
	defer l.SECKEY_DestroyPrivateKeyList(list)
	_ = eachNode(list, func(key uintptr) error {
		cert := l.PK11_GetCertFromPrivateKey(key)
		if cert == 0 {
			return nil
		}
		defer l.CERT_DestroyCertificate(cert)
		der := s.certDER(cert, item)
		if der == nil {
			return nil
		}
		nick := ""
		if n := l.PK11_GetPrivateKeyNickname(key); n != 0 {
			nick = goString(n)
			l.PORT_ZFree(n, uintptr(len(nick)+1))
		}
		out[fingerprintDER(der)] = nick
		return nil
	})
	return out
}

// PKCS#11 constants (pkcs11t.h) and NSS's PK11_TypeGeneric.
const (
	ckoCertificate  = 1
	ckaLabel        = 0x03
	ckaValue        = 0x11
	pk11TypeGeneric = 0
)

// readAttr copies one raw PKCS#11 attribute of a generic object.
func (s *session) readAttr(obj uintptr, attr uint64, item *cBuffer) []byte {
	if s.l.PK11_ReadRawAttribute(pk11TypeGeneric, obj, attr, item.ptr) != secSuccess {
		return nil
	}
	it := (*secItem)(cptr(item.ptr))
	out := goBytes(it.data, int(it.len))
	s.l.SECITEM_FreeItem(item.ptr, 0)
	return out
}

// eachCert calls fn for every certificate object in the internal slot. It
// reads the raw PKCS#11 attributes (DER value and label) instead of
// building NSS certificate structures: PK11_ListCertsInSlot spends almost
// a millisecond per certificate on those.
func (s *session) eachCert(fn func(c listedCert) error) error {
	l := s.l
	item := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if item == nil {
		return fmt.Errorf("list certificates: out of memory")
	}
	defer item.free()
	keyed := s.keyedCerts(item)
	objs := l.PK11_FindGenericObjects(s.slot, ckoCertificate)
	if objs == 0 {
		return nil // no certificates (NSS sets no error for an empty slot)
	}
	defer l.PK11_DestroyGenericObjects(objs)
	for o := objs; o != 0; o = l.PK11_GetNextGenericObject(o) {
		der := s.readAttr(o, ckaValue, item)
		if der == nil {
			continue
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			continue // NSS accepts some encodings Go refuses; they are not ours
		}
		fp := fingerprintDER(der)
		nick, hasKey := keyed[fp]
		if label := string(s.readAttr(o, ckaLabel, item)); label != "" {
			nick = label
		}
		if err := fn(listedCert{der: der, cert: cert, nickname: nick, hasKey: hasKey}); err != nil {
			return err
		}
	}
	return nil
}

func fingerprintDER(der []byte) string {
	sum := sha256.Sum256(der)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// deleteCert removes the certificate with this SHA-256 and its private key.
func (s *session) deleteCert(sha256 string) (bool, error) {
	var der []byte
	err := s.eachCert(func(c listedCert) error {
		if der == nil && fingerprintDER(c.der) == sha256 {
			der = c.der
		}
		return nil
	})
	if err != nil || der == nil {
		return false, err
	}
	buf := s.alloc(der)
	item := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if buf == nil || item == nil {
		buf.free()
		item.free()
		return true, fmt.Errorf("delete certificate: out of memory")
	}
	defer buf.free()
	defer item.free()
	*(*secItem)(cptr(item.ptr)) = secItem{data: buf.ptr, len: uint32(len(der))}
	cert := s.l.PK11_FindCertFromDERCertItem(s.slot, item.ptr, 0)
	if cert == 0 {
		return true, &nssError{op: "find certificate to delete", code: s.l.PORT_GetError()}
	}
	defer s.l.CERT_DestroyCertificate(cert)
	if s.l.PK11_DeleteTokenCertAndKey(cert, 0) != secSuccess {
		return true, &nssError{op: "delete certificate", code: s.l.PORT_GetError()}
	}
	return true, nil
}
