// Package pki makes throwaway certificate authorities, client and server
// certificates and PKCS#12 files, so that tests and the built-in demo never
// need a committed private key.
package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// KeyType names the key algorithm and size of a generated certificate.
type KeyType string

// Key types real client certificates use.
const (
	RSA2048 KeyType = "rsa2048"
	RSA3072 KeyType = "rsa3072"
	RSA4096 KeyType = "rsa4096"
	P256    KeyType = "p256"
	P384    KeyType = "p384"
)

// NewKey generates a private key of type kt.
func NewKey(kt KeyType) (crypto.Signer, error) {
	switch kt {
	case RSA2048, "":
		return rsa.GenerateKey(rand.Reader, 2048)
	case RSA3072:
		return rsa.GenerateKey(rand.Reader, 3072)
	case RSA4096:
		return rsa.GenerateKey(rand.Reader, 4096)
	case P256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case P384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	}
	return nil, fmt.Errorf("generate key: unknown key type %q", kt)
}

// CA is a certificate authority that can issue certificates.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	// Chain holds the CA's issuers up to the root (empty for a root).
	Chain []*x509.Certificate
}

// NewRootCA makes a self-signed root CA valid for ten years around now.
func NewRootCA(commonName string) (*CA, error) {
	now := time.Now()
	return NewRootCABetween(commonName, now.Add(-24*time.Hour), now.AddDate(10, 0, 0))
}

// NewRootCABetween makes a self-signed root CA valid from notBefore to
// notAfter.
func NewRootCABetween(commonName string, notBefore, notAfter time.Time) (*CA, error) {
	key, err := NewKey(P256)
	if err != nil {
		return nil, fmt.Errorf("new root CA: %w", err)
	}
	tmpl := caTemplate(commonName, notBefore, notAfter)
	cert, err := sign(tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("new root CA: %w", err)
	}
	return &CA{Cert: cert, Key: key}, nil
}

// NewIntermediate makes a CA signed by ca.
func (ca *CA) NewIntermediate(commonName string) (*CA, error) {
	key, err := NewKey(P256)
	if err != nil {
		return nil, fmt.Errorf("new intermediate CA: %w", err)
	}
	cert, err := sign(caTemplate(commonName, ca.Cert.NotBefore, ca.Cert.NotAfter), ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, fmt.Errorf("new intermediate CA: %w", err)
	}
	return &CA{Cert: cert, Key: key, Chain: ca.issuedChain()}, nil
}

// caTemplate is a test CA's certificate: it signs certificates and CRLs.
func caTemplate(commonName string, notBefore, notAfter time.Time) *x509.Certificate {
	return &x509.Certificate{
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"rootip-cert test"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
}

// issuedChain is the chain of a certificate ca issues: ca's own
// certificate, then its issuers up to the root.
func (ca *CA) issuedChain() []*x509.Certificate {
	return append([]*x509.Certificate{ca.Cert}, ca.Chain...)
}

// LeafOptions describe a client certificate. Zero values give a valid
// RSA-2048 client-auth certificate for one year from yesterday.
type LeafOptions struct {
	CommonName   string
	Organization []string
	DNSNames     []string
	KeyType      KeyType
	Key          crypto.Signer // reuse this key instead of generating one
	NotBefore    time.Time
	NotAfter     time.Time
	// NoClientAuth leaves out the TLS client-auth extended key usage
	// (the certificate then allows server auth only).
	NoClientAuth bool
	// NoDigitalSignature leaves out the digital-signature key usage.
	NoDigitalSignature bool
}

// Leaf is an issued end-entity certificate with its key and chain.
type Leaf struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate // issuer first, up to the root
}

// NewLeaf issues a client certificate.
func (ca *CA) NewLeaf(o LeafOptions) (*Leaf, error) {
	key := o.Key
	if key == nil {
		var err error
		if key, err = NewKey(o.KeyType); err != nil {
			return nil, fmt.Errorf("new leaf: %w", err)
		}
	}
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-24 * time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = o.NotBefore.AddDate(1, 0, 0)
	}
	usage := x509.KeyUsageDigitalSignature
	if _, isRSA := key.(*rsa.PrivateKey); isRSA {
		usage |= x509.KeyUsageKeyEncipherment
	}
	if o.NoDigitalSignature {
		usage &^= x509.KeyUsageDigitalSignature
		usage |= x509.KeyUsageKeyEncipherment
	}
	ext := []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	if o.NoClientAuth {
		ext = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: o.CommonName, Organization: o.Organization},
		DNSNames:    o.DNSNames,
		NotBefore:   o.NotBefore,
		NotAfter:    o.NotAfter,
		KeyUsage:    usage,
		ExtKeyUsage: ext,
	}
	cert, err := sign(tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, fmt.Errorf("new leaf: %w", err)
	}
	return &Leaf{Cert: cert, Key: key, Chain: ca.issuedChain()}, nil
}

// NewServer issues a TLS server certificate for the given host names and IP
// addresses, valid from yesterday for a year unless notAfter is set.
func (ca *CA) NewServer(notAfter time.Time, hosts ...string) (*Leaf, error) {
	notBefore := time.Now().Add(-24 * time.Hour)
	if notAfter.IsZero() {
		notAfter = notBefore.AddDate(1, 0, 0)
	}
	if !notAfter.After(notBefore) {
		notBefore = notAfter.AddDate(0, -1, 0)
	}
	return ca.NewServerBetween(notBefore, notAfter, hosts...)
}

// NewServerBetween issues a TLS server certificate for the given host names
// and IP addresses (the first is its common name), valid from notBefore to
// notAfter.
func (ca *CA) NewServerBetween(notBefore, notAfter time.Time, hosts ...string) (*Leaf, error) {
	key, err := NewKey(P256)
	if err != nil {
		return nil, fmt.Errorf("new server certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: hosts[0]},
		NotBefore:   notBefore,
		NotAfter:    notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	cert, err := sign(tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, fmt.Errorf("new server certificate: %w", err)
	}
	return &Leaf{Cert: cert, Key: key, Chain: ca.issuedChain()}, nil
}

func sign(tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	ski := sha256.Sum256(spki)
	tmpl.SubjectKeyId = ski[:20]
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}
