package certfile

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// MaxFileSize caps what is read: a real client certificate file is a few KiB,
// so anything over 1 MiB is refused before it is read whole.
const MaxFileSize = 1 << 20

// ReadFile reads at most MaxFileSize bytes of path.
func ReadFile(path string) ([]byte, error) {
	const op = "read certificate file"
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Code: Unreadable, Op: op, Err: err}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, &Error{Code: Unreadable, Op: op, Err: errors.New("is a directory")}
		}
		if st.Mode().IsRegular() && st.Size() > MaxFileSize {
			return nil, &Error{Code: TooLarge, Op: op, Err: fmt.Errorf("%d bytes, limit %d", st.Size(), MaxFileSize)}
		}
	}
	return ReadAll(f)
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
	data, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	id, err := Decode(data, password)
	if err != nil {
		return nil, data, err
	}
	return id, data, nil
}

// Decode parses a PKCS#12 file, proving the password, and returns the
// identity it holds. The leaf is the certificate that matches the private
// key, whatever order the file stores its certificates in.
func Decode(data []byte, password string) (*Identity, error) {
	const op = "decode PKCS#12"
	if len(data) == 0 {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("empty file")}
	}
	if looksLikePEM(data) {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("PEM text, not a PKCS#12 file")}
	}
	if _, err := x509.ParseCertificate(data); err == nil {
		return nil, &Error{Code: Corrupt, Op: op, Err: errors.New("a DER certificate, not a PKCS#12 file")}
	}
	if err := checkIterations(data); err != nil {
		return nil, &Error{Code: Unsupported, Op: op, Err: err}
	}
	key, leaf, cas, err := decodeChain(data, password)
	if err != nil {
		return nil, &Error{Code: classify(err), Op: op, Err: err}
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, &Error{Code: Unsupported, Op: op, Err: fmt.Errorf("private key type %T", key)}
	}
	switch signer.(type) {
	case *rsa.PrivateKey, *ecdsa.PrivateKey:
	case ed25519.PrivateKey:
		return nil, &Error{Code: Unsupported, Op: op, Err: errors.New("Ed25519 keys cannot be used for TLS client authentication by browsers")}
	default:
		return nil, &Error{Code: Unsupported, Op: op, Err: fmt.Errorf("private key type %T", key)}
	}
	all := append([]*x509.Certificate{leaf}, cas...)
	leafIdx := -1
	for i, c := range all {
		if publicKeysEqual(c.PublicKey, signer.Public()) {
			leafIdx = i
			break
		}
	}
	if leafIdx < 0 {
		return nil, &Error{Code: NoKey, Op: op, Err: errors.New("the private key belongs to none of the certificates")}
	}
	leaf = all[leafIdx]
	chain := append(append([]*x509.Certificate{}, all[:leafIdx]...), all[leafIdx+1:]...)
	return &Identity{
		Leaf:         leaf,
		Chain:        orderChain(leaf, chain),
		Key:          signer,
		FriendlyName: friendlyName(data, password, leaf),
	}, nil
}

// decodeChain wraps pkcs12.DecodeChain, turning its panics on hostile input
// (none known, but the file is untrusted) into errors.
func decodeChain(data []byte, password string) (key any, leaf *x509.Certificate, cas []*x509.Certificate, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed PKCS#12 structure: %v", r)
		}
	}()
	return pkcs12.DecodeChain(data, password)
}

// classify maps go-pkcs12's errors onto the taxonomy. The MAC is verified
// before anything else is decrypted, so a decryption failure after it means
// damage, not a wrong password.
func classify(err error) Code {
	var ni pkcs12.NotImplementedError
	switch {
	case errors.Is(err, pkcs12.ErrIncorrectPassword):
		return WrongPassword
	case errors.As(err, &ni):
		return Unsupported
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "private key missing"):
		return NoKey
	case strings.Contains(msg, "expected exactly one key bag"),
		strings.Contains(msg, "unknown private key type"),
		strings.Contains(msg, "unsupported"),
		strings.Contains(msg, "unknown digest"),
		strings.Contains(msg, "unknown MAC"),
		strings.Contains(msg, "algorithm") && strings.Contains(msg, "not"):
		return Unsupported
	case strings.Contains(msg, "no MAC in data"):
		// A file without integrity protection but with a password: treat
		// as unsupported rather than guessing whether the password is right.
		return Unsupported
	}
	return Corrupt
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

// orderChain puts the leaf's issuer first and each next issuer after it;
// certificates that do not link stay at the end in file order.
func orderChain(leaf *x509.Certificate, rest []*x509.Certificate) []*x509.Certificate {
	ordered := make([]*x509.Certificate, 0, len(rest))
	used := make([]bool, len(rest))
	cur := leaf
	for {
		next := -1
		for i, c := range rest {
			if !used[i] && cur.CheckSignatureFrom(c) == nil {
				next = i
				break
			}
		}
		if next < 0 {
			break
		}
		used[next] = true
		ordered = append(ordered, rest[next])
		cur = rest[next]
	}
	for i, c := range rest {
		if !used[i] {
			ordered = append(ordered, c)
		}
	}
	return ordered
}

// friendlyName returns the friendlyName attribute of the leaf's bag, when
// the file layout lets go-pkcs12 list bags; "" otherwise.
func friendlyName(data []byte, password string, leaf *x509.Certificate) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	//lint:ignore SA1019 ToPEM is the only go-pkcs12 call that exposes bag attributes; keys are discarded here.
	blocks, err := pkcs12.ToPEM(data, password)
	if err != nil {
		return ""
	}
	for _, b := range blocks {
		if b.Type == "CERTIFICATE" && string(b.Bytes) == string(leaf.Raw) {
			return b.Headers["friendlyName"]
		}
	}
	for _, b := range blocks {
		if fn := b.Headers["friendlyName"]; fn != "" {
			return fn
		}
	}
	return ""
}
