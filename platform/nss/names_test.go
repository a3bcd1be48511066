package nss

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
)

// opensslP12 writes a .p12 with OpenSSL, with friendlyName name ("" for
// none), as a vendor's file would be.
func opensslP12(t *testing.T, leaf *pki.Leaf, name string) string {
	t.Helper()
	dir := t.TempDir()
	der, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(n, typ string, b ...[]byte) string {
		var out []byte
		for _, x := range b {
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: x})...)
		}
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, out, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key := write("k.pem", "PRIVATE KEY", der)
	cert := write("c.pem", "CERTIFICATE", leaf.Cert.Raw)
	chain := write("ca.pem", "CERTIFICATE", leaf.Chain[0].Raw)
	out := filepath.Join(dir, "f.p12")
	args := []string{"pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", chain, "-passout", "pass:pw", "-out", out}
	if name != "" {
		args = append(args, "-name", name)
	}
	if msg, err := exec.Command("openssl", args...).CombinedOutput(); err != nil {
		t.Fatalf("openssl: %v\n%s", err, msg)
	}
	return out
}

func userNicknames(t *testing.T, dir string) []string {
	var out []string
	for _, c := range certutilCerts(t, dir) {
		if c[1] == "u,u,u" {
			out = append(out, c[0])
		}
	}
	slices.Sort(out)
	return out
}

// besidePk12util is our store on one database and pk12util on another:
// the nickname tests compare with what pk12util gives for files openssl
// writes, on the real NSS library, leaking no NSS state.
type besidePk12util struct {
	ours, theirs string
	s            *Store
}

func newBesidePk12util(t *testing.T) *besidePk12util {
	t.Helper()
	needNSS(t)
	for _, tool := range []string{"pk12util", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (make test installs it)", tool)
		}
	}
	noShutdownLeaks(t)
	b := &besidePk12util{ours: t.TempDir(), theirs: t.TempDir()}
	certutil(t, b.theirs, "-N", "--empty-password")
	b.s = New(b.ours, "t")
	return b
}

// importBoth imports the openssl file f (password "pw") with our Store and
// with pk12util -i, and returns the identity our reader found in it.
func (b *besidePk12util) importBoth(t *testing.T, f string) *certfile.Identity {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	id, err := certfile.Decode(data, "pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.s.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pk12util", "-i", f, "-d", "sql:"+b.theirs, "-W", "pw").CombinedOutput(); err != nil {
		t.Fatalf("pk12util -i: %v\n%s", err, out)
	}
	return id
}

// Issue 15 item 3: the file's friendlyName becomes the NSS nickname, and
// each step gives the nicknames pk12util -i gives for the same files: a
// named file, an unnamed one, and a second subject with a name already
// taken (NSS allows one subject per nickname; both fall back to a name
// derived from the subject).
func TestFriendlyNameBecomesTheNicknameAsWithPk12util(t *testing.T) {
	b := newBesidePk12util(t)
	root, err := pki.NewRootCA("rootip-cloud.net names")
	if err != nil {
		t.Fatal(err)
	}
	const name = "root ip クライアント証明書"
	mk := func(cn, fn string) string {
		leaf, err := root.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: pki.P256, Organization: []string{"株式会社テスト"}})
		if err != nil {
			t.Fatal(err)
		}
		return opensslP12(t, leaf, fn)
	}
	files := []string{
		mk("named.rootip-cloud.net", name),
		mk("unnamed.rootip-cloud.net", ""),
		mk("clash.rootip-cloud.net", name),
	}
	for i, f := range files {
		id := b.importBoth(t, f)
		if i != 1 && id.FriendlyName != name {
			t.Fatalf("file %d: friendlyName read as %q", i, id.FriendlyName)
		}
		got, want := userNicknames(t, b.ours), userNicknames(t, b.theirs)
		if !slices.Equal(got, want) {
			t.Fatalf("after file %d: our nicknames %q, pk12util's %q", i, got, want)
		}
		entries, err := b.s.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.SHA256() == id.SHA256() && i == 0 && e.Nickname != name {
				t.Fatalf("List nickname %q, want %q", e.Nickname, name)
			}
			if !slices.Contains(want, e.Nickname) {
				t.Fatalf("List nickname %q is not one pk12util gave (%q)", e.Nickname, want)
			}
		}
	}
}

// A renewal (same subject, new key) whose file names it differently joins
// its predecessor's nickname, as pk12util gives it: NSS keeps one nickname
// per subject. The issuer, already there, is not written again.
func TestRenewalWithAnotherFriendlyNameKeepsTheNicknameAsWithPk12util(t *testing.T) {
	b := newBesidePk12util(t)
	root, err := pki.NewRootCA("rootip-cloud.net renewal names")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, fn := range []string{"最初の名前", "更新後の名前"} {
		leaf, err := root.NewLeaf(pki.LeafOptions{CommonName: "renew.rootip-cloud.net", Organization: []string{"株式会社テスト"}})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, opensslP12(t, leaf, fn))
	}
	for i, f := range files {
		b.importBoth(t, f)
		got, want := certutilCerts(t, b.ours), certutilCerts(t, b.theirs)
		slices.SortFunc(got, func(x, y [2]string) int { return strings.Compare(x[0], y[0]) })
		slices.SortFunc(want, func(x, y [2]string) int { return strings.Compare(x[0], y[0]) })
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after file %d: certutil -L of ours %q, of pk12util's %q", i, got, want)
		}
	}
}
