//go:build unix

package hostile

import (
	"os"
	"path/filepath"
	"testing"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
)

// TestHiddenIterationCountBoundedInChild: a .p12 whose key bag, inside an
// encrypted safe, asks for 2×10⁹ PBKDF2 iterations (visible only once the
// outer layer is decrypted). inspect and diagnose --p12 refuse it as
// unsupported (exit 4 and a failed check, exit 1) instead of deriving for
// hours, and the child's peak RSS stays under maxRSS. The same layout with
// 2,048 iterations is read, so the refusal is the count's.
func TestHiddenIterationCountBoundedInChild(t *testing.T) {
	dir := t.TempDir()
	id := pkitest.Get(t).Live
	layout := func(iter int) string {
		l := pki.Layout{Password: pkitest.Password, MACIterations: 2048, Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{
			{Cert: id.Leaf, LocalKeyID: []byte{1}},
			{Key: id.Key, KeyIterations: iter, FakeKey: iter > 10_000_000, LocalKeyID: []byte{1}},
		}}}}
		data, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "iter.p12")
		if iter > 10_000_000 {
			path = filepath.Join(dir, "huge-iter.p12")
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	control, huge := layout(2048), layout(2_000_000_000)
	home := t.TempDir()
	if r := run(t, env(home, "C.UTF-8"), "", "inspect", control, "--lang", "en"); r.code != 0 {
		t.Fatalf("control file with 2,048 iterations: exit %d\n%s", r.code, r.output())
	}
	for _, lang := range []string{"ja", "en"} {
		r := run(t, env(home, "C.UTF-8"), "", "inspect", huge, "--lang", lang)
		checkSane(t, r)
		if r.code != 4 {
			t.Errorf("inspect %s: exit %d, want 4\n%s", lang, r.code, r.output())
		}
		checkNamed(t, r, huge, lang)
		r = run(t, env(home, "C.UTF-8"), "", "diagnose", "--p12", huge, "--store", "nss", "--nss-db", filepath.Join(dir, "db"), "--timeout", "3s", "--lang", lang)
		checkSane(t, r)
		if r.code != 1 {
			t.Errorf("diagnose --p12 %s: exit %d, want 1\n%s", lang, r.code, r.output())
		}
		checkNamed(t, r, huge, lang)
		t.Logf("%s: peak RSS %d MB", lang, r.maxRSS>>20)
	}
}
