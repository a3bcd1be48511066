package certfile

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Identity is a client certificate with its private key and chain. The key
// is held only to import or sign; nothing formats it.
type Identity struct {
	Leaf         *x509.Certificate
	Chain        []*x509.Certificate // issuer first
	Key          crypto.Signer
	FriendlyName string
}

// Fingerprint256 returns a certificate's SHA-256 as upper-case hex.
func Fingerprint256(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// Fingerprint1 returns a certificate's SHA-1 (the Windows and macOS
// "thumbprint") as upper-case hex.
func Fingerprint1(c *x509.Certificate) string {
	sum := sha1.Sum(c.Raw)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// SHA256 is the leaf's SHA-256 fingerprint.
func (id *Identity) SHA256() string { return Fingerprint256(id.Leaf) }

// SHA1 is the leaf's SHA-1 thumbprint.
func (id *Identity) SHA1() string { return Fingerprint1(id.Leaf) }

// KeyType describes the key, such as "RSA 2048" or "ECDSA P-256".
func (id *Identity) KeyType() string { return KeyTypeOf(id.Leaf.PublicKey) }

// KeyTypeOf describes a public key, such as "RSA 2048" or "ECDSA P-256".
func KeyTypeOf(pub crypto.PublicKey) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d", k.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	}
	return fmt.Sprintf("%T", pub)
}

// AllowsClientAuth reports whether c may be used for TLS client
// authentication: no extended key usage at all, or clientAuth or any.
func AllowsClientAuth(c *x509.Certificate) bool {
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return true
	}
	for _, u := range c.ExtKeyUsage {
		if u == x509.ExtKeyUsageClientAuth || u == x509.ExtKeyUsageAny {
			return true
		}
	}
	return false
}

// AllowsDigitalSignature reports whether c's key usage permits the
// signature a TLS client makes (no key usage extension allows everything).
func AllowsDigitalSignature(c *x509.Certificate) bool {
	return c.KeyUsage == 0 || c.KeyUsage&x509.KeyUsageDigitalSignature != 0
}

// Names returns the certificate's DNS names: SANs, then the CN when it looks
// like a host name.
func Names(c *x509.Certificate) []string {
	names := append([]string{}, c.DNSNames...)
	cn := strings.TrimSpace(c.Subject.CommonName)
	if cn != "" && !strings.ContainsAny(cn, " ,/@") && strings.Contains(cn, ".") {
		names = append(names, cn)
	}
	return names
}

// Match says how a certificate's name relates to the system address host.
type Match string

// Match results.
const (
	// MatchExact: the CN or a SAN names the host (wildcards allowed).
	MatchExact Match = "exact"
	// MatchOtherEnvironment: the certificate is the vendor's, for another
	// environment (another system address under the vendor's domains).
	MatchOtherEnvironment Match = "other-environment"
	// MatchNone: the certificate does not name the host nor a vendor domain.
	MatchNone Match = "none"
)

// MatchHost compares c's names with host. domains are the vendor's system
// address domains from the profile.
func MatchHost(c *x509.Certificate, host string, domains []string) Match {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	vendor := false
	for _, n := range Names(c) {
		n = strings.ToLower(strings.TrimSuffix(n, "."))
		if n == host || wildcardMatch(n, host) {
			return MatchExact
		}
		for _, d := range domains {
			if n == d || strings.HasSuffix(n, "."+d) {
				vendor = true
			}
		}
	}
	hostIsVendor := false
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			hostIsVendor = true
		}
	}
	if vendor && hostIsVendor {
		return MatchOtherEnvironment
	}
	return MatchNone
}

func wildcardMatch(pattern, host string) bool {
	rest, ok := strings.CutPrefix(pattern, "*.")
	if !ok {
		return false
	}
	_, hostRest, found := strings.Cut(host, ".")
	return found && hostRest == rest
}

// LooksLikeVendor reports whether c was issued by or for one of the vendor's
// domains (the manual: 発行者 rootip-cloud.net / rootip-enterprise.net).
func LooksLikeVendor(c *x509.Certificate, domains []string) bool {
	fields := append(Names(c), c.Issuer.CommonName, c.Subject.CommonName)
	fields = append(fields, c.Issuer.Organization...)
	for _, f := range fields {
		// Whole names only: "rootip-cloud.net.attacker.example" is not the
		// vendor's, "acme.rootip-cloud.net" and "rootip-cloud.net CA" are.
		for _, word := range strings.FieldsFunc(strings.ToLower(f), func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }) {
			word = strings.TrimSuffix(word, ".")
			for _, d := range domains {
				if word == d || strings.HasSuffix(word, "."+d) {
					return true
				}
			}
		}
	}
	return false
}

// ReencodeLegacy re-encodes the identity in memory as 3DES/SHA-1 with
// password, for stores (macOS Keychain) that reject AES-256 files. The
// friendly name, when there is one, is written on the key and the leaf
// (see encode.go); without one the file is go-pkcs12's LegacyDES, as before.
func (id *Identity) ReencodeLegacy(password string) ([]byte, error) {
	var data []byte
	var err error
	if id.FriendlyName != "" {
		data, err = encodeLegacy(id, password)
	} else {
		data, err = pkcs12.LegacyDES.Encode(id.Key, id.Leaf, id.Chain, password)
	}
	if err != nil {
		return nil, fmt.Errorf("re-encode as 3DES PKCS#12: %w", err)
	}
	return data, nil
}

// ReencodeOneTime re-encodes the identity as 3DES/SHA-1 under a fresh
// random password, for handing it to a store's own importer (the Windows
// PFX importer, macOS `security import`): the user's password goes no
// further than this package.
func (id *Identity) ReencodeOneTime() (data []byte, password string, err error) {
	otp := make([]byte, 18)
	if _, err := rand.Read(otp); err != nil {
		return nil, "", fmt.Errorf("one-time password: %w", err)
	}
	password = hex.EncodeToString(otp)
	data, err = id.ReencodeLegacy(password)
	return data, password, err
}
