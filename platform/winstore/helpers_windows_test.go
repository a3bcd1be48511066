package winstore

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"net/url"
)

var (
	cryptoSHA256 = crypto.SHA256
	pssOpts      = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
)

func verifyPKCS1(c *x509.Certificate, digest, sig []byte) error {
	pub, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("not RSA")
	}
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest, sig)
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
