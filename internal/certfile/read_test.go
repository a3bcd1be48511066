package certfile

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"rootip-cert/internal/pki"
)

func TestDecodeGoodShapes(t *testing.T) {
	f := testPKI(t)
	passwords := map[string]string{"default": "rootip", "empty": "", "japanese": "証明書のパスワード日本語"}
	for _, enc := range pki.Encodings {
		for kt, leaf := range f.leaves {
			for pwName, pw := range passwords {
				t.Run(string(enc)+"/"+string(kt)+"/"+pwName, func(t *testing.T) {
					id, err := Decode(mustP12(t, leaf, enc, pw, true), pw)
					if err != nil {
						t.Fatalf("Decode: %v", err)
					}
					if !id.Leaf.Equal(leaf.Cert) {
						t.Fatalf("leaf = %s, want %s", id.Leaf.Subject, leaf.Cert.Subject)
					}
					if len(id.Chain) != 2 || !id.Chain[0].Equal(f.inter.Cert) || !id.Chain[1].Equal(f.root.Cert) {
						t.Fatalf("chain not ordered issuer-first: %d certificates", len(id.Chain))
					}
					if got, want := id.KeyType(), map[pki.KeyType]string{pki.RSA2048: "RSA 2048", pki.RSA4096: "RSA 4096", pki.P256: "ECDSA P-256", pki.P384: "ECDSA P-384"}[kt]; got != want {
						t.Errorf("KeyType = %q, want %q", got, want)
					}
					if !publicKeysEqual(id.Key.Public(), leaf.Cert.PublicKey) {
						t.Error("decoded key does not match the leaf")
					}
				})
			}
		}
	}
}

func TestDecodeHighIterationsAndJapaneseSubject(t *testing.T) {
	f := testPKI(t)
	data, err := f.japanese.P12(pki.Modern, "rootip", true, 200000)
	if err != nil {
		t.Fatal(err)
	}
	id, err := Decode(data, "rootip")
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got := id.Leaf.Subject.String(); got != "CN=ルートアイピー.rootip-cloud.net,O=株式会社テスト商事" {
		t.Errorf("subject = %q: Japanese not kept intact", got)
	}
}

func TestDecodeFindsLeafWhateverTheOrder(t *testing.T) {
	f := testPKI(t)
	leaf := f.leaves[pki.P256]
	// The CA certificate first, the leaf last: some exporters write this order.
	data, err := pkcs12.LegacyDES.Encode(leaf.Key, f.root.Cert, []*x509.Certificate{f.inter.Cert, leaf.Cert}, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	id, err := Decode(data, "rootip")
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if !id.Leaf.Equal(leaf.Cert) {
		t.Fatalf("leaf = %s, want the certificate matching the key", id.Leaf.Subject)
	}
	if len(id.Chain) != 2 || !id.Chain[0].Equal(f.inter.Cert) {
		t.Fatalf("chain = %d certificates, first should be the intermediate", len(id.Chain))
	}
}

// badShapes are files that must be refused, with the code they must get.
func badShapes(t testing.TB) []struct {
	name     string
	data     []byte
	password string
	want     Code
} {
	f := testPKI(t)
	good := mustP12(t, f.leaves[pki.RSA2048], pki.Modern, "rootip", true)
	legacy := mustP12(t, f.leaves[pki.RSA2048], pki.LegacyRC2, "rootip", true)
	random := make([]byte, 3000)
	_, _ = rand.Read(random)
	// A flip in the DER structure (the outer SEQUENCE tag) is damage any
	// reader sees. A flip inside the MAC-protected content cannot be told
	// from a wrong password: the MAC, keyed by the password, is PKCS#12's only
	// integrity check (Windows and OpenSSL report "wrong password" too).
	flippedTag := bytes.Clone(good)
	flippedTag[0] ^= 0x01
	flippedLen := bytes.Clone(good)
	flippedLen[1] ^= 0x04
	flippedContent := bytes.Clone(good)
	flippedContent[len(flippedContent)/2] ^= 0x40
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.root.Cert.Raw})
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	edLeaf, err := f.inter.NewLeaf(pki.LeafOptions{CommonName: "ed.rootip-cloud.net", Key: edKey})
	if err != nil {
		t.Fatal(err)
	}
	ed, err := pkcs12.LegacyDES.Encode(edKey, edLeaf.Cert, nil, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	foreignKey, err := pkcs12.LegacyDES.Encode(f.leaves[pki.RSA2048].Key, f.leaves[pki.P256].Cert, nil, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	// Encode with 65,537 iterations (INTEGER 02 03 01 00 01), then raise every
	// count to 8,388,607 in place (02 03 7f ff ff): same length, cheap to make.
	tooSlow, err := f.leaves[pki.P256].P12(pki.Modern, "rootip", false, 65537)
	if err != nil {
		t.Fatal(err)
	}
	tooSlow = bytes.ReplaceAll(tooSlow, []byte{2, 3, 1, 0, 1}, []byte{2, 3, 0x7f, 0xff, 0xff})
	return []struct {
		name     string
		data     []byte
		password string
		want     Code
	}{
		{"iteration count too high", tooSlow, "rootip", Unsupported},
		{"wrong password aes", good, "wrong", WrongPassword},
		{"wrong password legacy", legacy, "ROOTIP", WrongPassword},
		{"empty password given for protected file", good, "", WrongPassword},
		{"empty file", nil, "rootip", Corrupt},
		{"truncated", good[:len(good)/2], "rootip", Corrupt},
		{"one byte", good[:1], "rootip", Corrupt},
		{"random bytes", random, "rootip", Corrupt},
		{"bit flipped in a tag", flippedTag, "rootip", Corrupt},
		{"bit flipped in a length", flippedLen, "rootip", Corrupt},
		{"bit flipped in protected content", flippedContent, "rootip", WrongPassword},
		{"PEM certificate renamed", pemCert, "rootip", Corrupt},
		{"DER certificate renamed", f.root.Cert.Raw, "rootip", Corrupt},
		{"trailing garbage", append(bytes.Clone(good), 0, 1, 2), "rootip", Corrupt},
		{"certificates only", certsOnly(t, f.leaves[pki.RSA2048].Cert, f.root.Cert), "rootip", NoKey},
		{"key of another certificate", foreignKey, "rootip", KeyMismatch},
		{"ed25519 key", ed, "rootip", UnsupportedKey},
	}
}

func TestDecodeTaxonomy(t *testing.T) {
	for _, tc := range badShapes(t) {
		t.Run(tc.name, func(t *testing.T) {
			id, err := Decode(tc.data, tc.password)
			if err == nil {
				t.Fatalf("Decode accepted it: %s", id.Leaf.Subject)
			}
			if got := CodeOf(err); got != tc.want {
				t.Fatalf("code = %q, want %q (error: %v)", got, tc.want, err)
			}
		})
	}
}

func TestReadFileRefusesLargeFilesUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.p12")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 20 MiB file: if ReadFile read it, it would get 20 MiB of zeros.
	if err := fh.Truncate(20 << 20); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	_, err = ReadFile(path)
	if CodeOf(err) != TooLarge {
		t.Fatalf("ReadFile(20 MiB) = %v, want too-large", err)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadAllStopsAtTheCap(t *testing.T) {
	// A stream of unknown size (stdin, a pipe) is read one byte past the cap, no more.
	cr := &countingReader{r: io.LimitReader(zeroReader{}, 20<<20)}
	_, err := ReadAll(cr)
	if CodeOf(err) != TooLarge {
		t.Fatalf("ReadAll = %v, want too-large", err)
	}
	if cr.n > MaxFileSize+1 {
		t.Fatalf("read %d bytes, want at most %d", cr.n, MaxFileSize+1)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "missing.p12")); CodeOf(err) != Unreadable || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want unreadable wrapping ErrNotExist", err)
	}
	if _, err := ReadFile(dir); CodeOf(err) != Unreadable {
		t.Errorf("directory: %v, want unreadable", err)
	}
}

func TestReencodeLegacyRoundTrip(t *testing.T) {
	f := testPKI(t)
	id := decoded(t, f.leaves[pki.RSA2048], "rootip")
	data, err := id.ReencodeLegacy("one-time")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Decode(data, "one-time")
	if err != nil {
		t.Fatalf("decode re-encoded file: %v", err)
	}
	if again.SHA256() != id.SHA256() || len(again.Chain) != len(id.Chain) {
		t.Fatal("re-encoded file lost the leaf or the chain")
	}
	// 3DES is PBE-SHA1-3DES: OID 1.2.840.113549.1.12.1.3 in DER.
	if !bytes.Contains(data, []byte{0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03}) {
		t.Fatal("re-encoded file does not use pbeWithSHAAnd3-KeyTripleDES-CBC")
	}
}

// TestOpenSSLFiles decodes files written by the real OpenSSL 3 CLI: its
// default (AES-256, SHA-256 MAC), -legacy (RC2/3DES, SHA-1 MAC) and a
// Japanese friendly name, the shapes customers' files come in.
func TestOpenSSLFiles(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("needs the openssl command (Debian package openssl; make deps installs it)")
	}
	f := testPKI(t)
	dir := t.TempDir()
	leaf := f.leaves[pki.RSA2048]
	keyDER, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, blocks ...*pem.Block) string {
		var b bytes.Buffer
		for _, bl := range blocks {
			_ = pem.Encode(&b, bl)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyPath := write("key.pem", &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	certPath := write("cert.pem", &pem.Block{Type: "CERTIFICATE", Bytes: leaf.Cert.Raw})
	chainPath := write("chain.pem", &pem.Block{Type: "CERTIFICATE", Bytes: f.inter.Cert.Raw}, &pem.Block{Type: "CERTIFICATE", Bytes: f.root.Cert.Raw})
	for _, tc := range []struct {
		name  string
		extra []string
	}{
		{"default-aes", nil},
		{"legacy", []string{"-legacy"}},
		{"des3", []string{"-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name+".p12")
			args := append([]string{"pkcs12", "-export", "-inkey", keyPath, "-in", certPath, "-certfile", chainPath,
				"-name", "root ip クライアント証明書", "-passout", "env:P12PASS", "-out", out}, tc.extra...)
			cmd := exec.Command(openssl, args...)
			cmd.Env = append(os.Environ(), "P12PASS=パスワード")
			if msg, err := cmd.CombinedOutput(); err != nil {
				if tc.name == "legacy" && bytes.Contains(msg, []byte("legacy")) {
					t.Skipf("this OpenSSL has no legacy provider: %s", msg)
				}
				t.Fatalf("openssl: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			id, err := Decode(data, "パスワード")
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !id.Leaf.Equal(leaf.Cert) || len(id.Chain) != 2 {
				t.Fatalf("leaf/chain wrong: %s, %d", id.Leaf.Subject, len(id.Chain))
			}
			if id.FriendlyName != "root ip クライアント証明書" {
				t.Errorf("friendly name = %q", id.FriendlyName)
			}
			if _, err := Decode(data, "rootip"); CodeOf(err) != WrongPassword {
				t.Errorf("wrong password gave %v", err)
			}
		})
	}
}

func TestReencodeOneTime(t *testing.T) {
	f := testPKI(t)
	id := decoded(t, f.leaves[pki.P256], "user-password")
	data1, pw1, err := id.ReencodeOneTime()
	if err != nil {
		t.Fatal(err)
	}
	_, pw2, _ := id.ReencodeOneTime()
	if len(pw1) < 24 || pw1 == pw2 || pw1 == "user-password" {
		t.Fatalf("one-time passwords %q, %q", pw1, pw2)
	}
	again, err := Decode(data1, pw1)
	if err != nil || again.SHA256() != id.SHA256() {
		t.Fatalf("re-encoded file: %v", err)
	}
	if _, err := Decode(data1, "user-password"); CodeOf(err) != WrongPassword {
		t.Fatal("the user's password opens the re-encoded file")
	}
}
