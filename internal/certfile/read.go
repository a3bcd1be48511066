package certfile

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"strings"

	"rootip-cert/internal/boundedio"
)

// MaxFileSize caps what is read: a real client certificate file is a few KiB,
// so anything over 1 MiB is refused before it is read whole.
const MaxFileSize = 1 << 20

// ReadFile reads at most MaxFileSize bytes of path.
func ReadFile(path string) ([]byte, error) {
	const op = "read certificate file"
	data, err := boundedio.ReadFile(path, MaxFileSize)
	switch {
	case errors.Is(err, boundedio.ErrTooLarge):
		return nil, &Error{Code: TooLarge, Op: op, Err: err}
	case err != nil:
		// A FIFO, a device or a directory is refused before any read, so
		// nothing here can hang or read without end.
		return nil, &Error{Code: Unreadable, Op: op, Err: err}
	}
	return data, nil
}

// ReadAll reads at most MaxFileSize bytes from r (a pipe or stdin, say).
func ReadAll(r io.Reader) ([]byte, error) {
	const op = "read certificate file"
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Code: Unreadable, Op: op, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &Error{Code: TooLarge, Op: op, Err: fmt.Errorf("more than %d bytes", MaxFileSize)}
	}
	return data, nil
}

// Open reads and decodes path with password.
func Open(path, password string) (*Identity, []byte, error) {
	return OpenPick(path, password, "")
}

// OpenPick is Open for a file that may hold several identities: pick is
// the SHA-256 (hex, any case, colons allowed) of the certificate to take
// when it does. With "" such a file gives a SeveralIdentities error listing
// them (CandidatesOf); a pick that matches none gives the same error. A
// file with one identity ignores pick.
func OpenPick(path, password, pick string) (*Identity, []byte, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	id, err := DecodePick(data, password, pick)
	if err != nil {
		return nil, data, err
	}
	return id, data, nil
}

// Decode parses a PKCS#12 file, proving the password, and returns the
// identity it holds. The leaf is the certificate that matches the private
// key, whatever order the file stores its certificates in.
func Decode(data []byte, password string) (*Identity, error) {
	return DecodePick(data, password, "")
}

const decodeOp = "decode PKCS#12"

// DecodePick is Decode with a pick among several identities (see OpenPick).
func DecodePick(data []byte, password, pick string) (*Identity, error) {
	const op = decodeOp
	if len(data) == 0 {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("empty file")}
	}
	if looksLikePEM(data) {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("PEM text, not a PKCS#12 file")}
	}
	if _, err := x509.ParseCertificate(data); err == nil {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("a DER certificate, not a PKCS#12 file")}
	}
	c, err := openPFX(data, password)
	if err != nil {
		return nil, classified(err)
	}
	// Every layer is open and checked: what is left to derive is the keys.
	keysCost := c.keysCost()
	if keysCost > c.budget.left {
		return nil, &Error{Code: Unsupported, Op: op, Err: errTooMuchWork}
	}
	// The keys are decrypted here, once: the layers around them are already
	// open and the password proven. (go-pkcs12 used to read the file again
	// for the key, repeating the MAC's and every safe's derivation; the
	// corpus test still checks that it finds the same key wherever it reads
	// the file.)
	if err := c.decryptKeys(); err != nil {
		return nil, classified(err)
	}
	keys := make([]parsedKey, 0, len(c.keys))
	for _, k := range c.keys {
		keys = append(keys, parseKey(k.der, k.attrs))
	}
	return assemble(keys, c.certs, pick)
}

// classified turns the reader's errors into the taxonomy.
func classified(err error) error {
	var be *boundsError
	var ua *unsupportedAlg
	var se *structErr
	code := Corrupt
	switch {
	case errors.Is(err, errMACMismatch):
		code = WrongPassword
	case errors.As(err, &be), errors.As(err, &ua):
		code = Unsupported
	case errors.As(err, &se):
		code = Corrupt
	}
	return &Error{Code: code, Op: decodeOp, Err: err}
}

// parsedKey is a private key of the file, or why it cannot be used.
type parsedKey struct {
	signer  crypto.Signer
	keyType string // for an unsupported key: "DSA", "Ed25519", …
	err     error
	attrs   bagAttrs
}

func goKey(key any, attrs bagAttrs) parsedKey {
	switch k := key.(type) {
	case *rsa.PrivateKey, *ecdsa.PrivateKey:
		return parsedKey{signer: k.(crypto.Signer), attrs: attrs}
	}
	name := keyTypeName(key)
	return parsedKey{keyType: name, err: fmt.Errorf("%s keys cannot be used for TLS client authentication by browsers", name), attrs: attrs}
}

func keyTypeName(key any) string {
	switch key.(type) {
	case *rsa.PrivateKey:
		return "RSA"
	case *ecdsa.PrivateKey:
		return "ECDSA"
	}
	s := fmt.Sprintf("%T", key)
	if strings.Contains(s, "ed25519") {
		return "Ed25519"
	}
	return s
}

// Key algorithm identifiers of PKCS#8 (RFC 5958) this reader names.
var keyAlgorithms = map[string]string{
	"1.2.840.113549.1.1.1":  "RSA",
	"1.2.840.113549.1.1.10": "RSA-PSS",
	"1.2.840.10040.4.1":     "DSA",
	"1.2.840.10045.2.1":     "ECDSA",
	"1.3.101.110":           "X25519",
	"1.3.101.111":           "X448",
	"1.3.101.112":           "Ed25519",
	"1.3.101.113":           "Ed448",
	"1.2.840.10046.2.1":     "DH",
	"1.2.156.10197.1.301":   "SM2",
}

// curveNames name the curves Go cannot use, for the error.
var curveNames = map[string]string{
	"1.3.132.0.10":          "secp256k1",
	"1.3.36.3.3.2.8.1.1.7":  "brainpoolP256r1",
	"1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
	"1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
	"1.2.840.10045.3.1.1":   "P-192",
}

// parseKey parses a PKCS#8 PrivateKeyInfo into a signer browsers can use
// for TLS client authentication (RSA, ECDSA on P-224/256/384/521), or names
// the type it is.
func parseKey(der []byte, attrs bagAttrs) parsedKey {
	pk := parsedKey{attrs: attrs}
	n, err := parseBER(der)
	if err != nil || !n.is(asn1.TagSequence) || len(n.kids) < 3 {
		pk.err = &structErr{msg: "private key is not PKCS#8"}
		return pk
	}
	algID := n.kid(1).kid(0).oid()
	name, known := keyAlgorithms[algID]
	if !known {
		pk.keyType, pk.err = "OID "+algID, errors.New("unknown private key algorithm")
		return pk
	}
	switch name {
	case "RSA", "ECDSA":
	default:
		pk.keyType, pk.err = name, fmt.Errorf("%s keys cannot be used for TLS client authentication by browsers", name)
		return pk
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		pk.keyType = name
		if name == "ECDSA" {
			curve := n.kid(1).kid(1).oid()
			if c, ok := curveNames[curve]; ok {
				curve = c
			}
			pk.keyType = "ECDSA " + curve
		}
		pk.err = fmt.Errorf("parse %s key: %w", name, err)
		return pk
	}
	return goKey(key, attrs)
}

// parsedCert is a certificate of the file; err is Go's refusal.
type parsedCert struct {
	cert  *x509.Certificate
	der   []byte
	err   error
	attrs bagAttrs
}

// assemble pairs keys with certificates and picks the identity.
func assemble(keys []parsedKey, entries []*certEntry, pick string) (*Identity, error) {
	const op = decodeOp
	var certs []*parsedCert
	for _, e := range entries {
		c, err := x509.ParseCertificate(e.der)
		if err != nil && !looksLikeCertificate(e.der) {
			return nil, &Error{Code: Corrupt, Op: op, Err: fmt.Errorf("a certificate bag holds no certificate: %w", err)}
		}
		certs = append(certs, &parsedCert{cert: c, der: e.der, err: err, attrs: e.attrs})
	}
	switch {
	case len(keys) == 0 && len(certs) == 0:
		return nil, &Error{Code: NoKey, Op: op, Err: errors.New("the file holds no private key and no certificate")}
	case len(keys) == 0:
		return nil, &Error{Code: NoKey, Op: op, Err: errors.New("certificates only, no private key")}
	}
	for _, k := range keys {
		var se *structErr
		if errors.As(k.err, &se) {
			return nil, &Error{Code: Corrupt, Op: op, Err: k.err}
		}
	}
	if len(certs) == 0 {
		return nil, &Error{Code: NoCertificate, Op: op, Err: errors.New("a private key without its certificate")}
	}
	type pair struct {
		key  parsedKey
		leaf *parsedCert
	}
	var pairs []pair
	var unsupportedKey *parsedKey
	var refusedLeaf *parsedCert
	for i := range keys {
		k := keys[i]
		if k.signer == nil {
			if unsupportedKey == nil {
				unsupportedKey = &keys[i]
			}
			continue
		}
		var match []*parsedCert
		for _, c := range certs {
			if c.cert != nil && publicKeysEqual(c.cert.PublicKey, k.signer.Public()) {
				match = append(match, c)
			} else if c.cert == nil && refusedLeaf == nil && belongsTo(c, k) {
				refusedLeaf = c
			}
		}
		if len(match) == 0 {
			continue
		}
		pairs = append(pairs, pair{key: k, leaf: bestLeaf(match, k.attrs.localKeyID)})
	}
	switch {
	case len(pairs) == 0 && unsupportedKey != nil:
		return nil, &Error{Code: UnsupportedKey, Op: op, Err: unsupportedKey.err, KeyType: unsupportedKey.keyType}
	case len(pairs) == 0 && refusedLeaf != nil:
		return nil, &Error{Code: UnsupportedCertificate, Op: op, Err: refusedLeaf.err}
	case len(pairs) == 0:
		return nil, &Error{Code: KeyMismatch, Op: op, Err: errors.New("the private key belongs to none of the certificates")}
	}
	// Several keys for the same certificate count once.
	seen := map[string]bool{}
	var distinct []pair
	for _, p := range pairs {
		fp := Fingerprint256(p.leaf.cert)
		if !seen[fp] {
			seen[fp] = true
			distinct = append(distinct, p)
		}
	}
	chosen := distinct[0]
	if len(distinct) > 1 {
		want := normalizeFingerprint(pick)
		found := false
		for _, p := range distinct {
			if want != "" && Fingerprint256(p.leaf.cert) == want {
				chosen, found = p, true
			}
		}
		if !found {
			e := &Error{Code: SeveralIdentities, Op: op, Err: fmt.Errorf("%d identities in one file", len(distinct))}
			if want != "" {
				e.Err = fmt.Errorf("%d identities in one file, none with SHA-256 %s", len(distinct), want)
			}
			for _, p := range distinct {
				e.Candidates = append(e.Candidates, Candidate{IssuedTo: p.leaf.cert.Subject.CommonName,
					NotAfter: p.leaf.cert.NotAfter, SHA256: Fingerprint256(p.leaf.cert), FriendlyName: friendlyOf(p.leaf, p.key)})
			}
			return nil, e
		}
	}
	// The chain: every other certificate Go can read, except the leaves of
	// the file's other keys.
	var rest []*x509.Certificate
	for _, c := range certs {
		if c == chosen.leaf || c.cert == nil || bytes.Equal(c.der, chosen.leaf.der) {
			continue
		}
		other := false
		for _, k := range keys {
			if k.signer != nil && publicKeysEqual(c.cert.PublicKey, k.signer.Public()) {
				other = true
			}
		}
		if !other {
			rest = append(rest, c.cert)
		}
	}
	return &Identity{
		Leaf:         chosen.leaf.cert,
		Chain:        orderChain(chosen.leaf.cert, dedupe(rest)),
		Key:          chosen.key.signer,
		FriendlyName: friendlyOf(chosen.leaf, chosen.key),
	}, nil
}

func friendlyOf(leaf *parsedCert, key parsedKey) string {
	if leaf.attrs.friendlyName != "" {
		return leaf.attrs.friendlyName
	}
	return key.attrs.friendlyName
}

// bestLeaf picks among the certificates of one key: the one whose
// localKeyId matches the key's, else the one valid longest.
func bestLeaf(match []*parsedCert, localKeyID []byte) *parsedCert {
	if len(localKeyID) > 0 {
		for _, c := range match {
			if bytes.Equal(c.attrs.localKeyID, localKeyID) {
				return c
			}
		}
	}
	best := match[0]
	for _, c := range match[1:] {
		if c.cert.NotAfter.After(best.cert.NotAfter) {
			best = c
		}
	}
	return best
}

// belongsTo reports whether a certificate Go refused is the key's: same
// localKeyId, or the same public key in its SubjectPublicKeyInfo.
func belongsTo(c *parsedCert, k parsedKey) bool {
	if len(k.attrs.localKeyID) > 0 && bytes.Equal(c.attrs.localKeyID, k.attrs.localKeyID) {
		return true
	}
	spki, err := x509.MarshalPKIXPublicKey(k.signer.Public())
	if err != nil {
		return false
	}
	return bytes.Contains(c.der, spki)
}

// looksLikeCertificate reports whether der has the shape of an X.509
// certificate (SEQUENCE { tbs SEQUENCE, algorithm SEQUENCE, signature BIT
// STRING }), so that Go's refusal is a limit of Go's, not damage.
func looksLikeCertificate(der []byte) bool {
	n, err := parseBER(der)
	return err == nil && n.is(asn1.TagSequence) && len(n.kids) == 3 &&
		n.kids[0].is(asn1.TagSequence) && n.kids[1].is(asn1.TagSequence) && n.kids[2].is(asn1.TagBitString)
}

func normalizeFingerprint(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.NewReplacer(":", "", " ", "").Replace(s)
}

func dedupe(certs []*x509.Certificate) []*x509.Certificate {
	seen := map[string]bool{}
	out := certs[:0]
	for _, c := range certs {
		if !seen[string(c.Raw)] {
			seen[string(c.Raw)] = true
			out = append(out, c)
		}
	}
	return out
}

func looksLikePEM(data []byte) bool {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	return strings.Contains(string(head), "-----BEGIN ")
}

type publicKeyEqualer interface{ Equal(crypto.PublicKey) bool }

func publicKeysEqual(a, b crypto.PublicKey) bool {
	if e, ok := a.(publicKeyEqualer); ok {
		return e.Equal(b)
	}
	return false
}

// maxIssuerTries bounds the signature checks per link of the chain.
const maxIssuerTries = 3

// orderChain puts the leaf's issuer first and each next issuer after it;
// certificates that do not link stay at the end in file order. Issuers are
// looked up by subject name (and key identifier), so the work grows with
// the chain's length, not its square.
func orderChain(leaf *x509.Certificate, rest []*x509.Certificate) []*x509.Certificate {
	bySubject := map[string][]int{}
	for i, c := range rest {
		bySubject[string(c.RawSubject)] = append(bySubject[string(c.RawSubject)], i)
	}
	ordered := make([]*x509.Certificate, 0, len(rest))
	used := make([]bool, len(rest))
	cur := leaf
	for len(ordered) < len(rest) {
		cands := bySubject[string(cur.RawIssuer)]
		next, tries := -1, 0
		try := func(i int) bool {
			if used[i] || tries >= maxIssuerTries {
				return false
			}
			tries++
			return cur.CheckSignatureFrom(rest[i]) == nil
		}
		if len(cur.AuthorityKeyId) > 0 {
			for _, i := range cands {
				if bytes.Equal(rest[i].SubjectKeyId, cur.AuthorityKeyId) && try(i) {
					next = i
					break
				}
			}
		}
		for _, i := range cands {
			if next >= 0 || tries >= maxIssuerTries {
				break
			}
			if len(cur.AuthorityKeyId) > 0 && bytes.Equal(rest[i].SubjectKeyId, cur.AuthorityKeyId) {
				continue // tried above
			}
			if try(i) {
				next = i
			}
		}
		if next < 0 {
			break
		}
		used[next] = true
		ordered = append(ordered, rest[next])
		cur = rest[next]
		// Drop the used index so a long run of one subject stays linear.
		list := bySubject[string(cur.RawSubject)]
		for j, i := range list {
			if i == next {
				bySubject[string(cur.RawSubject)] = append(list[:j], list[j+1:]...)
				break
			}
		}
	}
	for i, c := range rest {
		if !used[i] {
			ordered = append(ordered, c)
		}
	}
	return ordered
}
