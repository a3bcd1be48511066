package nss

import (
	"fmt"
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

// importNickname is the nickname the running import gives its certificate
// (the file's friendlyName), read by the callback. Guarded by nssMu: one
// session, so one import, at a time.
var importNickname string

// nicknameCallback is the one purego callback the process needs (they are
// never freed): SEC_PKCS12NicknameCollisionCallback. NSS calls it for a
// certificate with a key whose bag has no friendlyName (oldNick NULL; the
// re-encoded blob never has one) and again, with the name tried, while that
// name belongs to another subject. The first answer is the file's
// friendlyName, so the nickname is what pk12util gives for the original
// file; after that, like pk12util, a name derived from the subject. NSS
// keeps one nickname per subject: a renewal joins its predecessor's name
// without asking.
var nicknameCallback = sync.OnceValue(func() uintptr {
	return purego.NewCallback(func(oldNick, cancel, cert uintptr) uintptr {
		l := theLib
		if l == nil || cert == 0 {
			return 0
		}
		var old string
		if oldNick != 0 {
			it := (*secItem)(cptr(oldNick))
			old = string(goBytes(it.data, int(it.len)))
		}
		var name string
		var data uintptr
		if oldNick == 0 && importNickname != "" {
			name = importNickname
			if data = l.PORT_ZAlloc(uintptr(len(name) + 1)); data == 0 {
				return 0
			}
			copy(unsafe.Slice((*byte)(cptr(data)), len(name)), name)
		} else {
			if data = l.CERT_MakeCANickname(cert); data == 0 {
				return 0
			}
			name = goString(data)
		}
		if oldNick != 0 && name == old {
			l.PORT_ZFree(data, uintptr(len(name)+1))
			return 0 // the same name again would loop
		}
		item := l.PORT_ZAlloc(unsafe.Sizeof(secItem{}))
		if item == 0 {
			l.PORT_ZFree(data, uintptr(len(name)+1))
			return 0
		}
		*(*secItem)(cptr(item)) = secItem{data: data, len: uint32(len(name))}
		return item
	})
})

// importP12 imports a PKCS#12 blob encrypted with password, the sequence
// pk12util uses: decode, verify the MAC, validate bags (nicknames), import.
// Import writes through importIdentity instead (direct.go: the same objects
// in fewer transactions); this stays for the tests that feed the original
// files to NSS's own decoder.
// nickname, when set, names a certificate whose bag has no friendlyName.
// NSS writes the key first, then the certificate, then the chain, each in
// its own transaction.
func (s *session) importP12(p12 []byte, password, nickname string) error {
	l := s.l
	if err := l.pkcs12(); err != nil {
		return fmt.Errorf("import PKCS#12: %w", err)
	}
	importNickname = nickname
	defer func() { importNickname = "" }()
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
