package check

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"time"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
)

func rsaKey() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }

func leafOpts(key crypto.Signer) pki.LeafOptions {
	return pki.LeafOptions{CommonName: pkitest.Host, Key: key, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0)}
}

// pkcs1Only is an RSA key that refuses PSS, like a CryptoAPI key.
type pkcs1Only struct{ k *rsa.PrivateKey }

func (p pkcs1Only) Public() crypto.PublicKey { return p.k.Public() }

func (p pkcs1Only) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if _, pss := opts.(*rsa.PSSOptions); pss {
		return nil, errors.New("cannot sign RSA-PSS")
	}
	return p.k.Sign(r, digest, opts)
}
