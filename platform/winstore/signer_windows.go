package winstore

import (
	"crypto"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"

	"rootip-cert/internal/certfile"
	"rootip-cert/platform/osidentity"
)

// Signer returns a crypto.Signer for the Personal-store certificate with
// this SHA-256, for the mutual-TLS check; the key never leaves Windows.
//
// Real Windows: tailscale/certstore (CNG, RSA-PSS, so TLS 1.3 works).
// Its identity listing relies on CertFindChainInStore, a stub in Wine, and
// keys in CryptoAPI providers cannot sign PSS: there the fallback signs
// PKCS#1 v1.5 through CryptSignHash, and Schemes says so (TLS 1.2).
func Signer(sha256 string) (crypto.Signer, *x509.Certificate, func(), error) {
	if s, c, closeFn, err := osidentity.Signer(sha256); err == nil {
		return s, c, closeFn, nil
	}
	return capiSignerFor(sha256)
}

// capiSigner signs with a CryptoAPI key (PKCS#1 v1.5).
type capiSigner struct {
	prov    windows.Handle
	keySpec uint32
	pub     crypto.PublicKey
}

// Schemes are the TLS signature schemes a CryptoAPI key can make; put them
// in tls.Certificate.SupportedSignatureAlgorithms.
var Schemes = []tls.SignatureScheme{tls.PKCS1WithSHA256, tls.PKCS1WithSHA384, tls.PKCS1WithSHA512, tls.PKCS1WithSHA1}

func capiSignerFor(sha256 string) (crypto.Signer, *x509.Certificate, func(), error) {
	my, err := openStore(Personal, true)
	if err != nil {
		return nil, nil, nil, err
	}
	defer windows.CertCloseStore(my, 0)
	var found *windows.CertContext
	var cert *x509.Certificate
	eachCert(my, func(c *windows.CertContext, x *x509.Certificate) {
		if found == nil && certfile.Fingerprint256(x) == sha256 {
			found, cert = windows.CertDuplicateCertificateContext(c), x
		}
	})
	if found == nil {
		return nil, nil, nil, fmt.Errorf("no certificate with SHA-256 %s in %s", sha256, Personal.Location())
	}
	defer windows.CertFreeCertificateContext(found)
	info, buf := keyProvInfoOf(found)
	if info == nil {
		return nil, nil, nil, errors.New("the certificate has no private key")
	}
	if IsCNGProvider(info.provType, windows.UTF16PtrToString(info.provName)) {
		return nil, nil, nil, errors.New("a CNG key: use the certstore path")
	}
	// Open the key's container with the Enhanced RSA and AES provider:
	// the provider recorded at import (often PROV_RSA_FULL) has no SHA-256,
	// which TLS 1.2 signatures need. Same container, same key.
	const provRSAAES, cryptSilent, cryptMachineKeyset = 24, 0x40, 0x20
	aes, _ := windows.UTF16PtrFromString("Microsoft Enhanced RSA and AES Cryptographic Provider")
	var prov windows.Handle
	r, _, err := procCryptAcquireContextW.Call(uintptr(unsafe.Pointer(&prov)), uintptr(unsafe.Pointer(info.containerName)),
		uintptr(unsafe.Pointer(aes)), provRSAAES, uintptr(cryptSilent|(info.flags&cryptMachineKeyset)))
	spec := info.keySpec
	runtime.KeepAlive(buf) // info (and its container name) point into buf
	if r == 0 {
		return nil, nil, nil, fmt.Errorf("open the key container: %w", err)
	}
	// AT_KEYEXCHANGE (1) or AT_SIGNATURE (2); Wine records 3 for a PFX key,
	// which is its exchange key.
	if spec != 1 && spec != 2 {
		spec = 1
	}
	release := func() { procCryptReleaseContext.Call(uintptr(prov), 0) }
	return &capiSigner{prov: prov, keySpec: spec, pub: cert.PublicKey}, cert, release, nil
}

// Public implements crypto.Signer.
func (s *capiSigner) Public() crypto.PublicKey { return s.pub }

var capiHash = map[crypto.Hash]uint32{
	crypto.SHA1: 0x8004, crypto.SHA256: 0x800c, crypto.SHA384: 0x800d, crypto.SHA512: 0x800e,
	crypto.MD5SHA1: 0x8008, // CALG_SSL3_SHAMD5
}

// Sign implements crypto.Signer (PKCS#1 v1.5 over a precomputed digest).
func (s *capiSigner) Sign(_ io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if _, pss := opts.(*rsa.PSSOptions); pss {
		return nil, errors.New("a CryptoAPI key cannot sign RSA-PSS")
	}
	alg, ok := capiHash[opts.HashFunc()]
	if !ok {
		return nil, fmt.Errorf("unsupported hash %v", opts.HashFunc())
	}
	var h windows.Handle
	if r, _, err := procCryptCreateHash.Call(uintptr(s.prov), uintptr(alg), 0, 0, uintptr(unsafe.Pointer(&h))); r == 0 {
		return nil, fmt.Errorf("CryptCreateHash: %w", err)
	}
	defer procCryptDestroyHash.Call(uintptr(h))
	const hpHashVal = 2
	if r, _, err := procCryptSetHashParam.Call(uintptr(h), hpHashVal, uintptr(unsafe.Pointer(&digest[0])), 0); r == 0 {
		return nil, fmt.Errorf("CryptSetHashParam: %w", err)
	}
	var n uint32
	if r, _, err := procCryptSignHashW.Call(uintptr(h), uintptr(s.keySpec), 0, 0, 0, uintptr(unsafe.Pointer(&n))); r == 0 {
		return nil, fmt.Errorf("CryptSignHash: %w", err)
	}
	sig := make([]byte, n)
	if r, _, err := procCryptSignHashW.Call(uintptr(h), uintptr(s.keySpec), 0, 0, uintptr(unsafe.Pointer(&sig[0])), uintptr(unsafe.Pointer(&n))); r == 0 {
		return nil, fmt.Errorf("CryptSignHash: %w", err)
	}
	sig = sig[:n]
	for i, j := 0, len(sig)-1; i < j; i, j = i+1, j-1 { // CryptoAPI is little-endian
		sig[i], sig[j] = sig[j], sig[i]
	}
	return sig, nil
}
