package nss

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"unsafe"

	"rootip-cert/internal/certfile"
)

// Importing an identity object by object, with the key the file reader has
// already decrypted and proven. NSS's PKCS#12 decoder (importP12, what
// pk12util runs) writes the same objects in ten SQLite transactions (forty
// fdatasync calls here): it sets the key's attributes one by one and
// re-links the certificate. This writes five: the public key, the private
// key, its CKA_SUBJECT, the certificate, each missing issuer certificate. certutil -L/-K, the nicknames and the key's attributes are
// those pk12util gives (the tests compare them).

const (
	pk11TypePrivKey = 1
	ckaSubject      = 0x101
	// kuAll is NSS's KU_ALL: the key may do what its type allows, as
	// pk12util imports it.
	kuAll = 0xff
)

// importIdentity writes id's private key, then its certificate, then the
// issuer certificates that before does not hold, each in its own
// transaction (the order pk12util writes them). The certificate's nickname
// is the one pk12util gives the same file (see nicknameFor).
func (s *session) importIdentity(id *certfile.Identity, before *objects) error {
	pub := publicValue(id.Leaf.PublicKey)
	if pub == nil {
		return fmt.Errorf("import: unsupported key type %T", id.Leaf.PublicKey)
	}
	leaf, err := s.tempCert(id.Leaf.Raw)
	if err != nil {
		return err
	}
	defer s.l.CERT_DestroyCertificate(leaf)
	nick, err := s.nicknameFor(id.Leaf, id.FriendlyName, leaf, before)
	if err != nil {
		return err
	}
	// A key already there (the same file again, a renewal sharing the key)
	// is left as it is, as pk12util leaves it.
	if !before.keyIDs()[hex.EncodeToString(keyIDOf(id.Leaf.PublicKey))] {
		if err := s.importPublicKey(leaf); err != nil {
			return err
		}
		if err := s.importKey(id, nick, pub); err != nil {
			return err
		}
	}
	if before.certByFP(fingerprintDER(id.Leaf.Raw)) == nil {
		if err := s.importCert(leaf, nick); err != nil {
			return err
		}
	}
	for _, c := range id.Chain {
		if before.certByFP(fingerprintDER(c.Raw)) != nil {
			continue
		}
		ca, err := s.tempCert(c.Raw)
		if err != nil {
			return err
		}
		name, err := s.nicknameFor(c, "", ca, before)
		if err == nil {
			err = s.importCert(ca, name)
		}
		s.l.CERT_DestroyCertificate(ca)
		if err != nil {
			return err
		}
	}
	return nil
}

// importKey writes the private key (PKCS#8, in NSS memory only for the
// call, zeroed after), labelled nick, with CKA_ID derived from the public
// value as NSS derives the certificate's, then the certificate's subject on
// it as pk12util leaves it.
func (s *session) importKey(id *certfile.Identity, nick string, pub []byte) error {
	der, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		return fmt.Errorf("import: encode the private key: %w", err)
	}
	defer clear(der)
	keyOut := s.alloc(make([]byte, unsafe.Sizeof(uintptr(0))))
	if keyOut == nil {
		return fmt.Errorf("import private key: out of memory")
	}
	defer keyOut.free()
	err = s.withItem(der, func(derItem uintptr) error {
		return s.withItem([]byte(nick), func(nickItem uintptr) error {
			return s.withItem(pub, func(pubItem uintptr) error {
				if s.l.PK11_ImportDERPrivateKeyInfoAndReturnKey(s.slot, derItem, nickItem, pubItem, 1, 1, kuAll, keyOut.ptr, 0) != secSuccess {
					return &nssError{op: "import private key", code: s.l.PORT_GetError()}
				}
				return nil
			})
		})
	})
	if err != nil {
		return err
	}
	key := *(*uintptr)(cptr(keyOut.ptr))
	if key == 0 {
		return nil
	}
	defer s.l.SECKEY_DestroyPrivateKey(key)
	return s.withItem(id.Leaf.RawSubject, func(item uintptr) error {
		if s.l.PK11_WriteRawAttribute(pk11TypePrivKey, key, ckaSubject, item) != secSuccess {
			return &nssError{op: "import private key: subject", code: s.l.PORT_GetError()}
		}
		return nil
	})
}

// importPublicKey writes the certificate's public key as a token object in
// cert9.db, as pk12util does: NSS reads it, without the primary password,
// to mark the certificate as one with a key (certutil -L's "u,u,u", the
// browser's "Your Certificates" before login).
func (s *session) importPublicKey(cert uintptr) error {
	pub := s.l.CERT_ExtractPublicKey(cert)
	if pub == 0 {
		return &nssError{op: "import public key", code: s.l.PORT_GetError()}
	}
	defer s.l.SECKEY_DestroyPublicKey(pub)
	if s.l.PK11_ImportPublicKey(s.slot, pub, 1) == 0 {
		return &nssError{op: "import public key", code: s.l.PORT_GetError()}
	}
	return nil
}

// importCert writes one certificate into the slot under nick.
func (s *session) importCert(cert uintptr, nick string) error {
	if s.l.PK11_ImportCert(s.slot, cert, 0, nick, 0) != secSuccess {
		return &nssError{op: "import certificate", code: s.l.PORT_GetError()}
	}
	return nil
}

// tempCert is NSS's certificate structure for der (CERT_DestroyCertificate it).
func (s *session) tempCert(der []byte) (uintptr, error) {
	var cert uintptr
	err := s.withItem(der, func(item uintptr) error {
		cert = s.l.CERT_NewTempCertificate(s.l.CERT_GetDefaultCertDB(), item, 0, 0, 1)
		if cert == 0 {
			return &nssError{op: "decode certificate", code: s.l.PORT_GetError()}
		}
		return nil
	})
	return cert, err
}

// nicknameFor is the nickname pk12util gives c: the nickname of a
// certificate of the same subject already there (NSS keeps one per
// subject: a renewal joins its predecessor's), else the file's
// friendlyName unless another subject has it, else a name NSS derives from
// the subject (unique in the database).
func (s *session) nicknameFor(c *x509.Certificate, friendly string, cert uintptr, before *objects) (string, error) {
	taken := false
	for _, o := range before.certs {
		if o.cert != nil && o.label != "" && bytes.Equal(o.cert.RawSubject, c.RawSubject) {
			return o.label, nil
		}
		taken = taken || (friendly != "" && o.label == friendly)
	}
	if friendly != "" && !taken {
		return friendly, nil
	}
	p := s.l.CERT_MakeCANickname(cert)
	if p == 0 {
		return "", &nssError{op: "name certificate", code: s.l.PORT_GetError()}
	}
	name := goString(p)
	s.l.PORT_ZFree(p, uintptr(len(name)+1))
	return name, nil
}

// publicValue is what NSS derives a key's CKA_ID from: the RSA modulus, the
// uncompressed EC point (keyIDOf hashes the same bytes).
func publicValue(pub any) []byte {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return k.N.Bytes()
	case *ecdsa.PublicKey:
		b, err := k.Bytes()
		if err != nil {
			return nil
		}
		return b
	}
	return nil
}
