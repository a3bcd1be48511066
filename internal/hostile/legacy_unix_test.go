//go:build unix

package hostile

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/pki/pkitest"
)

// TestImportSkipsRealLegacyFirefoxProfile: a Firefox home with one profile
// in today's format (cert9.db) and one in the old format (cert8.db and
// key3.db, made by certutil's dbm: backend, as Firefox 57 and earlier left
// them). import installs into the first, writes nothing into the second
// (no cert9.db appears), says so naming it, and exits 7.
func TestImportSkipsRealLegacyFirefoxProfile(t *testing.T) {
	if _, err := exec.LookPath("certutil"); err != nil {
		t.Skip("needs certutil (Debian libnss3-tools; make test installs it)")
	}
	dir := t.TempDir()
	good := pkitest.P12(t, dir, "good.p12", pkitest.Get(t).Live, pkitest.Password)
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			home := t.TempDir()
			ff := filepath.Join(home, ".mozilla", "firefox")
			modern, old := filepath.Join(ff, "new.default"), filepath.Join(ff, "old.default")
			for db, dirName := range map[string]string{"sql:": modern, "dbm:": old} {
				if err := os.MkdirAll(dirName, 0o700); err != nil {
					t.Fatal(err)
				}
				if out, err := exec.Command("certutil", "-N", "-d", db+dirName, "--empty-password").CombinedOutput(); err != nil {
					t.Skipf("certutil -N -d %s: %v %s", db, err, out)
				}
			}
			if _, err := os.Stat(filepath.Join(old, "cert8.db")); err != nil {
				t.Skipf("this certutil makes no cert8.db: %v", err)
			}
			ini := "[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=new.default\nDefault=1\n\n[Profile1]\nName=old\nIsRelative=1\nPath=old.default\n"
			if err := os.WriteFile(filepath.Join(ff, "profiles.ini"), []byte(ini), 0o600); err != nil {
				t.Fatal(err)
			}
			r := run(t, env(home, "C.UTF-8"), "", "import", good, "--store", "nss", "--lang", lang)
			checkSane(t, r)
			if r.code != 7 {
				t.Fatalf("exit %d, want 7 (installed in part)\n%s", r.code, r.output())
			}
			want := map[string]string{"ja": "古い形式(cert8.db)", "en": "old format (cert8.db)"}[lang]
			if l := line(r.stdout, old); !strings.Contains(l, want) {
				t.Errorf("the line of %s is %q, want it to say %q\n%s", old, l, want, r.output())
			}
			t.Logf("%s", r.stdout)
			checkNamed(t, r, old, lang)
			if _, err := os.Stat(filepath.Join(old, "cert9.db")); err == nil {
				t.Errorf("a cert9.db was written into the old profile")
			}
			out, err := exec.Command("certutil", "-L", "-d", "sql:"+modern).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "u,u,u") {
				t.Errorf("the modern profile lacks the identity: %v\n%s", err, out)
			}
			// The checklist then says the old profile lacks it (issue 16:
			// firefox.profiles used to say every profile had it).
			d := run(t, env(home, "C.UTF-8"), "", "diagnose", "--json", "--store", "nss", "--lang", lang, "--timeout", "1s")
			checkSane(t, d)
			var doc struct {
				Checks []struct{ ID, Outcome string } `json:"checks"`
			}
			if err := json.Unmarshal([]byte(d.stdout), &doc); err != nil {
				t.Fatalf("diagnose --json: %v\n%s", err, clip(d.output()))
			}
			found := false
			for _, c := range doc.Checks {
				found = found || c.ID == "firefox.profiles"
				if c.ID == "firefox.profiles" && c.Outcome != "without" {
					t.Errorf("firefox.profiles = %s, want without (the old profile has no certificate)", c.Outcome)
				}
			}
			if !found {
				t.Errorf("diagnose --json has no firefox.profiles:\n%s", clip(d.stdout))
			}
		})
	}
}
