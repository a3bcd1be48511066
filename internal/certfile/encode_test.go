package certfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"rootip-cert/internal/pki"
)

// TestReencodeKeepsFriendlyName: the re-encoded file carries the friendly
// name, in the layout of go-pkcs12's LegacyDES, and every reader takes it:
// go-pkcs12, this package, OpenSSL (which shows the name and the 3DES
// algorithm) and pk12util (which makes it the nickname).
func TestReencodeKeepsFriendlyName(t *testing.T) {
	f := testPKI(t)
	id := decoded(t, f.leaves[pki.RSA2048], "rootip")
	id.FriendlyName = corpusName
	data, err := id.ReencodeLegacy("one-time")
	if err != nil {
		t.Fatal(err)
	}
	if _, leaf, cas, err := pkcs12.DecodeChain(data, "one-time"); err != nil || !leaf.Equal(id.Leaf) || len(cas) != 2 {
		t.Fatalf("go-pkcs12 cannot read the re-encoded file: %v", err)
	}
	again, err := Decode(data, "one-time")
	if err != nil || again.FriendlyName != corpusName || again.SHA256() != id.SHA256() || len(again.Chain) != 2 {
		t.Fatalf("Decode: %v, friendly name %q", err, again.FriendlyName)
	}
	if _, err := Decode(data, "rootip"); CodeOf(err) != WrongPassword {
		t.Fatalf("the user's password opens the re-encoded file: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "re.p12")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("one-time"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("openssl"); err == nil {
		cmd := exec.Command("openssl", "pkcs12", "-in", path, "-info", "-nokeys", "-passin", "file:"+pwFile)
		cmd.Env = cmdEnv()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("openssl: %v\n%s", err, out)
		}
		// OpenSSL 3.0 prints a BMP friendly name by its low bytes: only its presence is checked here.
		for _, want := range []string{"friendlyName:", "pbeWithSHA1And3-KeyTripleDES-CBC", "MAC: sha1"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("openssl -info lacks %q:\n%s", want, out)
			}
		}
	} else {
		t.Log("openssl not installed: OpenSSL's view not checked")
	}
	if _, err := exec.LookPath("pk12util"); err != nil {
		t.Skip("needs pk12util (Debian libnss3-tools; make test installs it)")
	}
	n, out := nssImports(dir, path, "one-time")
	if n != 1 {
		t.Fatalf("pk12util imported %d certificates with a key: %s", n, out)
	}
	db := filepath.Join(dir, "nick")
	cmd := exec.Command("pk12util", "-i", path, "-d", "sql:"+db, "-w", pwFile, "-k", os.DevNull)
	if err := os.Mkdir(db, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd.Env = cmdEnv()
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pk12util: %v\n%s", err, o)
	}
	list, _ := exec.Command("certutil", "-L", "-d", "sql:"+db).CombinedOutput()
	if !strings.Contains(string(list), corpusName) {
		t.Fatalf("NSS nickname is not the friendly name:\n%s", list)
	}
}
