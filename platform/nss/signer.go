package nss

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/tls"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"rootip-cert/internal/store"
)

// PKCS#11 mechanisms and MGFs (pkcs11t.h), NSS's KeyType (keythi.h).
const (
	ckmRSAPKCSPSS = 0x0d
	ckmSHA1       = 0x220
	ckmSHA256     = 0x250
	ckmSHA384     = 0x260
	ckmSHA512     = 0x270
	ckgMGF1SHA1   = 1
	ckgMGF1SHA256 = 2
	ckgMGF1SHA384 = 3
	ckgMGF1SHA512 = 4
	nssRSAKey     = 1
	nssECKey      = 6
)

// Signer implements store.SignerProvider: a crypto.Signer whose key stays
// in the NSS database (signing goes through PKCS#11), the TLS signature
// schemes it can make, and the release function.
//
// NSS is process-global and its session lives on the calling goroutine's
// locked OS thread: the signer keeps the database open until release, so
// call release on the goroutine that called Signer, do the TLS handshake in
// between (on that goroutine or another), and call no other method of any
// nss.Store in between (they wait for the same session; on this goroutine
// that would never return). Sign is safe for concurrent use.
//
// RSA signs with PKCS#1 v1.5 (the DigestInfo is built here) and, when the
// NSS library and token can (PK11_SignWithMechanism, CKM_RSA_PKCS_PSS),
// RSA-PSS; without PSS the schemes leave it out, and TLS 1.3 then needs a
// cap at TLS 1.2 (the caller's choice). ECDSA's raw r||s is returned DER.
func (s *Store) Signer(sha256 string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	if !s.exists() {
		return nil, nil, nil, store.ErrNotFound
	}
	sha256 = strings.ToUpper(sha256)
	if sig, schemes, release, ok, err := s.keptSigner(sha256); ok {
		return sig, schemes, release, err
	}
	a, err := s.open(context.Background(), false) // the waits are bounded
	if err != nil {
		return nil, nil, nil, err
	}
	// The session is the signer's from here; this tool's own lock is only
	// needed while opening (the signer reads, and holds nssMu anyway).
	a.lock.release()
	fail := func(err error) (crypto.Signer, []tls.SignatureScheme, func(), error) {
		a.closeSession()
		return nil, nil, nil, err
	}
	objs, err := a.sess.objects()
	if err != nil {
		return fail(s.diagnose(err, false))
	}
	sig, err := s.newSigner(a.sess, objs, sha256)
	if err != nil {
		return fail(err)
	}
	var once sync.Once
	release := func() {
		once.Do(func() {
			sig.mu.Lock()
			sig.free()
			sig.mu.Unlock()
			a.closeSession()
		})
	}
	return sig, signatureSchemes(sig.pub, sig.pss), release, nil
}

// newSigner finds the certificate and its private key in an open session
// (objs: what the session read of it). Runs on the session's thread.
func (s *Store) newSigner(sess *session, objs *objects, sha256 string) (*nssSigner, error) {
	c := objs.certByFP(sha256)
	if c == nil || c.cert == nil {
		return nil, store.ErrNotFound
	}
	l := sess.l
	cert, err := sess.findCert(c.der)
	if err != nil {
		return nil, err
	}
	key := l.PK11_FindKeyByAnyCert(cert, 0)
	if key == 0 {
		l.CERT_DestroyCertificate(cert)
		return nil, fmt.Errorf("NSS database %s: no private key for %s: %w", s.Dir, sha256[:16], store.ErrNotFound)
	}
	sig := &nssSigner{sess: sess, cert: cert, key: key, pub: c.cert.PublicKey}
	switch l.SECKEY_GetPrivateKeyType(key) {
	case nssRSAKey:
		if _, ok := sig.pub.(*rsa.PublicKey); !ok {
			sig.free()
			return nil, errors.New("NSS key type does not match the certificate")
		}
		sig.pss = l.PK11_SignWithMechanism != nil && l.PK11_DoesMechanism(sess.slot, ckmRSAPKCSPSS) != 0
	case nssECKey:
		if _, ok := sig.pub.(*ecdsa.PublicKey); !ok {
			sig.free()
			return nil, errors.New("NSS key type does not match the certificate")
		}
	default:
		sig.free()
		return nil, fmt.Errorf("NSS database %s: the key of %s is neither RSA nor ECDSA", s.Dir, sha256[:16])
	}
	return sig, nil
}

// signatureSchemes are the TLS schemes a key of pub can make here, best
// first. PSS is left out when the token cannot make it.
func signatureSchemes(pub crypto.PublicKey, pss bool) []tls.SignatureScheme {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		var out []tls.SignatureScheme
		if pss {
			out = append(out, tls.PSSWithSHA256, tls.PSSWithSHA384, tls.PSSWithSHA512)
		}
		return append(out, tls.PKCS1WithSHA256, tls.PKCS1WithSHA384, tls.PKCS1WithSHA512, tls.PKCS1WithSHA1)
	case *ecdsa.PublicKey:
		switch k.Curve.Params().Name {
		case "P-384":
			return []tls.SignatureScheme{tls.ECDSAWithP384AndSHA384, tls.ECDSAWithP256AndSHA256, tls.ECDSAWithP521AndSHA512, tls.ECDSAWithSHA1}
		case "P-521":
			return []tls.SignatureScheme{tls.ECDSAWithP521AndSHA512, tls.ECDSAWithP256AndSHA256, tls.ECDSAWithP384AndSHA384, tls.ECDSAWithSHA1}
		}
		return []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256, tls.ECDSAWithP384AndSHA384, tls.ECDSAWithP521AndSHA512, tls.ECDSAWithSHA1}
	}
	return nil
}

// nssSigner signs with a private key held by NSS.
type nssSigner struct {
	mu   sync.Mutex
	sess *session
	cert uintptr // CERTCertificate*
	key  uintptr // SECKEYPrivateKey*
	pub  crypto.PublicKey
	pss  bool
}

func (k *nssSigner) free() {
	if k.key != 0 {
		k.sess.l.SECKEY_DestroyPrivateKey(k.key)
		k.key = 0
	}
	if k.cert != 0 {
		k.sess.l.CERT_DestroyCertificate(k.cert)
		k.cert = 0
	}
}

// Public implements crypto.Signer.
func (k *nssSigner) Public() crypto.PublicKey { return k.pub }

// ErrSignerReleased is returned by Sign after the release function ran.
var ErrSignerReleased = errors.New("NSS signer already released")

// Sign implements crypto.Signer: digest is the hash opts names (TLS gives
// it), signed in NSS.
func (k *nssSigner) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	h := opts.HashFunc()
	if h != 0 && len(digest) != h.Size() {
		return nil, fmt.Errorf("NSS sign: digest is %d bytes, %v needs %d", len(digest), h, h.Size())
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key == 0 {
		return nil, ErrSignerReleased
	}
	// NSPR error codes are per thread: keep this call on one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	switch pub := k.pub.(type) {
	case *rsa.PublicKey:
		if pss, ok := opts.(*rsa.PSSOptions); ok {
			return k.signPSS(pub, digest, h, pss)
		}
		prefix, ok := digestInfoPrefix[h]
		if !ok {
			return nil, fmt.Errorf("NSS sign: unsupported hash %v for RSA PKCS#1 v1.5", h)
		}
		return k.raw(0, nil, append(append([]byte{}, prefix...), digest...))
	case *ecdsa.PublicKey:
		rs, err := k.raw(0, nil, digest)
		if err != nil {
			return nil, err
		}
		if len(rs) == 0 || len(rs)%2 != 0 {
			return nil, fmt.Errorf("NSS sign: ECDSA signature of %d bytes", len(rs))
		}
		n := len(rs) / 2
		return asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(rs[:n]), new(big.Int).SetBytes(rs[n:])})
	}
	return nil, errors.New("NSS sign: unsupported key")
}

// pssParams mirrors CK_RSA_PKCS_PSS_PARAMS {hashAlg, mgf, sLen}: three
// CK_ULONGs (32 bits on Windows, 64 elsewhere).
type pssParams struct{ hashAlg, mgf, sLen ckULong }

var pssMechs = map[crypto.Hash][2]ckULong{
	crypto.SHA1:   {ckmSHA1, ckgMGF1SHA1},
	crypto.SHA256: {ckmSHA256, ckgMGF1SHA256},
	crypto.SHA384: {ckmSHA384, ckgMGF1SHA384},
	crypto.SHA512: {ckmSHA512, ckgMGF1SHA512},
}

func (k *nssSigner) signPSS(pub *rsa.PublicKey, digest []byte, h crypto.Hash, opts *rsa.PSSOptions) ([]byte, error) {
	if !k.pss {
		return nil, errors.New("NSS sign: this NSS cannot make RSA-PSS signatures")
	}
	m, ok := pssMechs[h]
	if !ok {
		return nil, fmt.Errorf("NSS sign: unsupported hash %v for RSA-PSS", h)
	}
	salt := opts.SaltLength
	switch salt {
	case rsa.PSSSaltLengthEqualsHash, rsa.PSSSaltLengthAuto:
		// TLS requires the hash length; Auto lets the verifier accept it.
		salt = h.Size()
	}
	if salt < 0 || salt > (pub.N.BitLen()+7)/8-h.Size()-2 {
		return nil, fmt.Errorf("NSS sign: RSA-PSS salt length %d", opts.SaltLength)
	}
	p := pssParams{hashAlg: m[0], mgf: m[1], sLen: ckULong(salt)}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&p)), unsafe.Sizeof(p))
	return k.raw(ckmRSAPKCSPSS, raw, digest)
}

// raw signs input with the key: mech 0 is PK11_Sign (CKM_RSA_PKCS over a
// DigestInfo, CKM_ECDSA over a digest), otherwise PK11_SignWithMechanism
// with the mechanism's parameters. Everything NSS reads or writes is in C
// memory.
func (k *nssSigner) raw(mech uint64, param, input []byte) ([]byte, error) {
	l, sess := k.sess.l, k.sess
	n := int(l.PK11_SignatureLen(k.key))
	if n <= 0 {
		return nil, &nssError{op: "NSS signature length", code: l.PORT_GetError()}
	}
	var out []byte
	err := sess.withItem(input, func(hash uintptr) error {
		return sess.withItem(make([]byte, n), func(sig uintptr) error {
			var rv secStatus
			if mech == 0 {
				rv = l.PK11_Sign(k.key, sig, hash)
			} else {
				rv = sess.withItemStatus(param, func(p uintptr) secStatus {
					return l.PK11_SignWithMechanism(k.key, mech, p, sig, hash)
				})
			}
			if rv != secSuccess {
				return &nssError{op: "NSS sign", code: l.PORT_GetError()}
			}
			it := (*secItem)(cptr(sig))
			out = goBytes(it.data, int(it.len))
			return nil
		})
	})
	return out, err
}

// withItemStatus is withItem for a call returning a SECStatus.
func (s *session) withItemStatus(data []byte, fn func(item uintptr) secStatus) secStatus {
	rv := secStatus(-1)
	if err := s.withItem(data, func(item uintptr) error { rv = fn(item); return nil }); err != nil {
		return -1
	}
	return rv
}

// digestInfoPrefix is the DER DigestInfo header PKCS#1 v1.5 puts before a
// digest of each hash (RFC 8017 §9.2 note 1); MD5+SHA1 (TLS 1.0/1.1) has none.
var digestInfoPrefix = map[crypto.Hash][]byte{
	crypto.SHA1:    {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14},
	crypto.SHA224:  {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c},
	crypto.SHA256:  {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA384:  {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
	crypto.SHA512:  {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
	crypto.MD5SHA1: {},
}
