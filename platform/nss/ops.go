package nss

import (
	"crypto/x509"
	"fmt"
	"unsafe"

	"github.com/ebitengine/purego"

	"rootip-cert/internal/certfile"
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
var nicknameCallback = sync1(func() uintptr {
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

func sync1(f func() uintptr) func() uintptr {
	var v uintptr
	done := false
	return func() uintptr {
		// Called with nssMu held: no further locking needed.
		if !done {
			v, done = f(), true
		}
		return v
	}
}

// importP12 imports a PKCS#12 blob encrypted with password, the sequence
// pk12util uses: decode, verify the MAC, validate bags (nicknames), import.
func (s *session) importP12(p12 []byte, password string) error {
	l := s.l
	for _, c := range pkcs12Ciphers {
		l.SEC_PKCS12EnableCipher(c, 1)
	}
	pw := s.alloc(bmpPassword(password))
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
	*(*secItem)(cptr(item.ptr)) = secItem{data: pw.ptr, len: uint32(len(bmpPassword(password)))}

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
	handle   uintptr // CERTCertificate*, valid until the list is destroyed
	cert     *x509.Certificate
	nickname string
	hasKey   bool
}

// eachCert calls fn for every certificate in the internal slot. Handles are
// only valid during fn.
func (s *session) eachCert(fn func(c listedCert) error) error {
	l := s.l
	list := l.PK11_ListCertsInSlot(s.slot)
	if list == 0 {
		code := l.PORT_GetError()
		if code == 0 {
			return nil // an empty database
		}
		return &nssError{op: "list certificates", code: code}
	}
	defer l.CERT_DestroyCertList(list)
	// CERT_GetCertificateDer fills a SECItem that points into the cert; the
	// item itself lives in C memory so no Go stack address reaches NSS.
	derItem := s.alloc(make([]byte, unsafe.Sizeof(secItem{})))
	if derItem == nil {
		return fmt.Errorf("list certificates: out of memory")
	}
	defer derItem.free()
	// CERTCertList starts with its PRCList head {next, prev}; each
	// CERTCertListNode starts with its PRCList links, then the cert pointer.
	type prcList struct{ next, prev uintptr }
	head := list
	for node := (*prcList)(cptr(head)).next; node != head && node != 0; node = (*prcList)(cptr(node)).next {
		handle := *(*uintptr)(cptr(node + unsafe.Sizeof(prcList{})))
		if handle == 0 {
			continue
		}
		if l.CERT_GetCertificateDer(handle, derItem.ptr) != secSuccess {
			continue
		}
		der := (*secItem)(cptr(derItem.ptr))
		cert, err := x509.ParseCertificate(goBytes(der.data, int(der.len)))
		if err != nil {
			continue // NSS accepts some encodings Go refuses; they are not ours
		}
		c := listedCert{handle: handle, cert: cert}
		if key := l.PK11_FindKeyByAnyCert(handle, 0); key != 0 {
			c.hasKey = true
			if n := l.PK11_GetPrivateKeyNickname(key); n != 0 {
				c.nickname = goString(n)
				l.PORT_ZFree(n, uintptr(len(c.nickname)+1))
			}
			l.SECKEY_DestroyPrivateKey(key)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// deleteCert removes the certificate with this SHA-256 and its private key.
func (s *session) deleteCert(sha256 string) (bool, error) {
	found := false
	err := s.eachCert(func(c listedCert) error {
		if found || certfile.Fingerprint256(c.cert) != sha256 {
			return nil
		}
		found = true
		if s.l.PK11_DeleteTokenCertAndKey(c.handle, 0) != secSuccess {
			return &nssError{op: "delete certificate", code: s.l.PORT_GetError()}
		}
		return nil
	})
	return found, err
}
