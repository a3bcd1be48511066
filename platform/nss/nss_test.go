package nss

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// needNSS skips where the real NSS library or certutil is absent (make test
// installs Debian's libnss3 and libnss3-tools, so there it always runs).
func needNSS(t *testing.T) {
	t.Helper()
	if _, err := loadLib(); err != nil {
		t.Skipf("needs the NSS library (Debian libnss3): %v", err)
	}
	if _, err := exec.LookPath("certutil"); err != nil {
		t.Skip("needs certutil (Debian libnss3-tools) to verify independently")
	}
}

type pkiFixture struct {
	root, inter *pki.CA
	ids         map[string]*certfile.Identity
	p12         map[string][]byte
}

var (
	fxOnce sync.Once
	fx     pkiFixture
	fxErr  error
)

// fixture makes every good shape of the test PKI as a decoded identity.
// freshStore is the shared fixture and a store on a profile folder that
// has no database yet (skipping where NSS is missing).
func freshStore(t *testing.T) (*pkiFixture, string, *Store) {
	t.Helper()
	needNSS(t)
	f := fixture(t)
	dir := t.TempDir()
	return f, dir, New(dir, "test")
}

func fixture(t *testing.T) *pkiFixture {
	t.Helper()
	fxOnce.Do(func() {
		fx.ids, fx.p12 = map[string]*certfile.Identity{}, map[string][]byte{}
		if fx.root, fxErr = pki.NewRootCA("rootip テスト認証局"); fxErr != nil {
			return
		}
		if fx.inter, fxErr = fx.root.NewIntermediate("rootip-cloud.net"); fxErr != nil {
			return
		}
		shapes := []struct {
			name string
			kt   pki.KeyType
			enc  pki.Encoding
			pw   string
			cn   string
		}{
			{"legacy", pki.RSA2048, pki.LegacyRC2, "rootip", "acme.rootip-cloud.net"},
			{"aes", pki.RSA2048, pki.Modern, "rootip", "acme.rootip-cloud.net"},
			{"ec", pki.P256, pki.Modern, "rootip", "ec.rootip-cloud.net"},
			{"p384", pki.P384, pki.LegacyDES, "rootip", "p384.rootip-cloud.net"},
			{"rsa4096", pki.RSA4096, pki.Modern, "rootip", "big.rootip-cloud.net"},
			{"japanese", pki.RSA2048, pki.Modern, "日本語のパスワード", "日本語.rootip-cloud.net"},
		}
		for _, s := range shapes {
			leaf, err := fx.inter.NewLeaf(pki.LeafOptions{CommonName: s.cn, KeyType: s.kt, Organization: []string{"株式会社テスト"}})
			if err != nil {
				fxErr = err
				return
			}
			data, err := leaf.P12(s.enc, s.pw, true, 0)
			if err != nil {
				fxErr = err
				return
			}
			id, err := certfile.Decode(data, s.pw)
			if err != nil {
				fxErr = err
				return
			}
			fx.ids[s.name], fx.p12[s.name] = id, data
		}
	})
	if fxErr != nil {
		t.Fatal(fxErr)
	}
	return &fx
}

func certutil(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("certutil", append([]string{"-d", "sql:" + dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("certutil %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestImportEveryShapeVerifiedByCertutil(t *testing.T) {
	needNSS(t)
	f := fixture(t)
	ctx := context.Background()
	for name, id := range f.ids {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir() // a profile that never ran: no database yet
			s := New(dir, "test")
			if err := s.Import(ctx, id); err != nil {
				t.Fatalf("Import: %v", err)
			}
			entries, err := s.List(ctx)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(entries) != 1 || entries[0].SHA256() != id.SHA256() || !entries[0].HasKey {
				t.Fatalf("List = %+v, want the leaf with its key", entries)
			}
			// Independently: certutil sees the certificate, and -K lists a key
			// whose nickname is the certificate's (the key is linked).
			certs := certutil(t, dir, "-L")
			keys := certutil(t, dir, "-K")
			nick := entries[0].Nickname
			if nick == "" || !strings.Contains(certs, nick) || !strings.Contains(keys, nick) {
				t.Fatalf("nickname %q not in certutil -L / -K:\n%s\n%s", nick, certs, keys)
			}
			if !strings.Contains(certs, "u,u,u") {
				t.Errorf("certutil -L does not mark a user certificate (u,u,u):\n%s", certs)
			}
			der := certutil(t, dir, "-L", "-n", nick, "-a")
			if !strings.Contains(der, "BEGIN CERTIFICATE") {
				t.Fatalf("certutil cannot export %q", nick)
			}
			// The file as written (legacy RC2/3DES or AES, Japanese password)
			// also goes through NSS's own decoder unchanged.
			raw := t.TempDir()
			sess, err := openSession(raw, false)
			if err != nil {
				t.Fatal(err)
			}
			pw := map[string]string{"japanese": "日本語のパスワード"}[name]
			if pw == "" {
				pw = "rootip"
			}
			err = sess.importP12(f.p12[name], pw, "")
			sess.close()
			if err != nil {
				t.Fatalf("NSS import of the original %s file: %v", name, err)
			}
			if !strings.Contains(certutil(t, raw, "-K"), "rsa") && !strings.Contains(certutil(t, raw, "-K"), "ec") {
				t.Fatalf("original file imported without a key")
			}
		})
	}
}

func TestImportTwiceLeavesOneEntryAndRenewalSitsBeside(t *testing.T) {
	f, _, s := freshStore(t)
	ctx := context.Background()
	id := f.ids["aes"]
	for i := 0; i < 2; i++ {
		if err := s.Import(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := s.List(ctx); len(entries) != 1 {
		t.Fatalf("two imports left %d entries", len(entries))
	}
	// The one-session path the CLI uses reads back the same entry, key included.
	e, err := store.ImportAndVerify(ctx, s, id)
	if err != nil || e.SHA256() != id.SHA256() || !e.HasKey || e.Nickname == "" {
		t.Fatalf("ImportAndVerify = %+v, %v", e, err)
	}
	renewal, err := f.inter.NewLeaf(pki.LeafOptions{CommonName: id.Leaf.Subject.CommonName, Organization: id.Leaf.Subject.Organization})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, pkitest.Identity(renewal)); err != nil {
		t.Fatal(err)
	}
	entries, err := s.List(ctx)
	if err != nil || len(entries) != 2 {
		t.Fatalf("renewal: %d entries, %v; want old and new side by side", len(entries), err)
	}
	for _, e := range entries {
		if !e.HasKey {
			t.Errorf("%s lost its key", e.Cert.Subject)
		}
	}
}

func TestDeleteRemovesCertAndKey(t *testing.T) {
	f, dir, s := freshStore(t)
	ctx := context.Background()
	keep, drop := f.ids["ec"], f.ids["aes"]
	for _, id := range []*certfile.Identity{keep, drop} {
		if err := s.Import(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, drop.SHA256()); err != nil {
		t.Fatal(err)
	}
	entries, _ := s.List(ctx)
	if len(entries) != 1 || entries[0].SHA256() != keep.SHA256() {
		t.Fatalf("after delete: %+v", entries)
	}
	keys := certutil(t, dir, "-K")
	if strings.Count(keys, "<") != 1 {
		t.Fatalf("certutil -K should list one key:\n%s", keys)
	}
	if err := s.Delete(ctx, drop.SHA256()); err == nil {
		t.Fatal("deleting twice succeeded")
	}
	backups, err := s.Backups()
	if err != nil || len(backups) == 0 {
		t.Fatalf("no backup before writes: %v", err)
	}
}

func TestPrimaryPasswordDatabase(t *testing.T) {
	needNSS(t)
	f := fixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("primary-pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	certutil(t, dir, "-N", "-f", pwFile)
	s := New(dir, "test")
	if err := s.Import(ctx, f.ids["ec"]); err != ErrPrimaryPasswordNeeded {
		t.Fatalf("import without the primary password = %v", err)
	}
	s.PrimaryPassword = "wrong"
	if err := s.Import(ctx, f.ids["ec"]); err != ErrPrimaryPasswordWrong {
		t.Fatalf("import with a wrong primary password = %v", err)
	}
	s.PrimaryPassword = "primary-pw"
	if err := s.Import(ctx, f.ids["ec"]); err != nil {
		t.Fatal(err)
	}
	entries, err := s.List(ctx)
	if err != nil || len(entries) != 1 || !entries[0].HasKey {
		t.Fatalf("logged-in list = %+v, %v; want the key seen", entries, err)
	}
	// Without logging in, listing refuses rather than report a false "no key".
	s.PrimaryPassword = ""
	if _, err := s.List(ctx); err != ErrPrimaryPasswordNeeded {
		t.Fatalf("list without the primary password = %v", err)
	}
}

func TestReadOnlyDatabaseIsLeftAsItWas(t *testing.T) {
	needNSS(t)
	if os.Geteuid() == 0 {
		// root ignores file modes; make the directory immutable another way.
		if _, err := exec.LookPath("chattr"); err != nil {
			t.Skip("running as root without chattr: cannot make a read-only database")
		}
	}
	f := fixture(t)
	ctx := context.Background()
	dir := t.TempDir()
	s := New(dir, "test")
	if err := s.Import(ctx, f.ids["ec"]); err != nil {
		t.Fatal(err)
	}
	before := certutil(t, dir, "-L")
	lock := func(on bool) {
		if os.Geteuid() == 0 {
			flag := "-i"
			if on {
				flag = "+i"
			}
			for _, p := range []string{dir, filepath.Join(dir, "cert9.db"), filepath.Join(dir, "key4.db")} {
				if out, err := exec.Command("chattr", flag, p).CombinedOutput(); err != nil {
					t.Skipf("chattr unsupported here: %s", out)
				}
			}
			return
		}
		mode := os.FileMode(0o755)
		if on {
			mode = 0o555
		}
		os.Chmod(dir, mode)
	}
	lock(true)
	defer lock(false)
	err := s.Import(ctx, f.ids["aes"])
	if err == nil {
		t.Fatal("import into a read-only database succeeded")
	}
	lock(false)
	if after := certutil(t, dir, "-L"); after != before {
		t.Fatalf("database changed:\nbefore %s\nafter %s", before, after)
	}
}

func TestWrongPasswordLeavesDatabaseUnchanged(t *testing.T) {
	f, dir, s := freshStore(t)
	ctx := context.Background()
	if err := s.Import(ctx, f.ids["ec"]); err != nil {
		t.Fatal(err)
	}
	before := certutil(t, dir, "-L") + certutil(t, dir, "-K")
	// The raw import path with a wrong password (the CLI never gets here:
	// the file reader proves the password first).
	sess, err := openSession(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	err = sess.importP12(f.p12["aes"], "wrong", "")
	sess.close()
	if err == nil {
		t.Fatal("NSS accepted a wrong password")
	}
	if ne, ok := err.(*nssError); !ok || ne.code != errBadPassword {
		t.Errorf("error = %v, want SEC_ERROR_BAD_PASSWORD", err)
	}
	if after := certutil(t, dir, "-L") + certutil(t, dir, "-K"); after != before {
		t.Fatalf("database changed:\n%s\n%s", before, after)
	}
}

func TestConcurrentImports(t *testing.T) {
	needNSS(t)
	f := fixture(t)
	ctx := context.Background()
	dirA, dirB := t.TempDir(), t.TempDir()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, d := range []string{dirA, dirB, dirA, dirB} {
		wg.Add(1)
		go func(d string) {
			defer wg.Done()
			errs <- New(d, "t").Import(ctx, f.ids["ec"])
		}(d)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{dirA, dirB} {
		if entries, _ := New(d, "t").List(ctx); len(entries) != 1 {
			t.Fatalf("%s: %d entries", d, len(entries))
		}
	}
}

func TestLegacyProfileGetsAClearError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cert8.db"), []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := New(dir, "old")
	if err := s.Import(context.Background(), nil); err != ErrLegacyDatabase {
		t.Fatalf("Import = %v, want ErrLegacyDatabase", err)
	}
	if _, err := s.List(context.Background()); err != ErrLegacyDatabase {
		t.Fatalf("List = %v", err)
	}
}

func TestCorruptDatabaseIsLeftAsItWas(t *testing.T) {
	needNSS(t)
	f := fixture(t)
	dir := t.TempDir()
	garbage := []byte("this is not an SQLite database, just damage")
	for _, name := range []string{"cert9.db", "key4.db"} {
		if err := os.WriteFile(filepath.Join(dir, name), garbage, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := New(dir, "test")
	// The backups taken while the database was still good stay: the
	// failed import's own copy of the damage is dropped, not kept in
	// their place.
	var good []string
	for _, stamp := range []string{"20261101-090000.000000001", "20261102-090000.000000001", "20261103-090000.000000001", "20261104-090000.000000001", "20261105-090000.000000001"} {
		d := filepath.Join(dir, BackupDirName, stamp)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		good = append([]string{d}, good...)
	}
	if err := s.Import(context.Background(), f.ids["ec"]); err == nil {
		t.Fatal("import into a corrupt database succeeded")
	}
	if _, err := s.List(context.Background()); err == nil {
		t.Fatal("listing a corrupt database succeeded")
	}
	if now, _ := s.Backups(); !slices.Equal(now, good) {
		t.Errorf("backups after the failed import: %q, want the five good ones %q", now, good)
	}
	for _, name := range []string{"cert9.db", "key4.db"} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		if string(got) != string(garbage) {
			t.Errorf("%s was changed", name)
		}
	}
}

func TestBrowserRunning(t *testing.T) {
	dir := t.TempDir()
	if BrowserRunning(dir) {
		t.Fatal("an idle profile reported in use")
	}
	// Firefox on Linux holds a "lock" symlink naming host and pid.
	if err := os.Symlink("127.0.0.1:+12345", filepath.Join(dir, "lock")); err != nil {
		t.Fatal(err)
	}
	if !BrowserRunning(dir) {
		t.Fatal("a profile with Firefox's lock symlink reported idle")
	}
	// .parentlock held with fcntl by another process (Firefox on macOS, and
	// Linux alongside the symlink).
	other := t.TempDir()
	lockFile := filepath.Join(other, ".parentlock")
	if err := os.WriteFile(lockFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if BrowserRunning(other) {
		t.Fatal("an unlocked .parentlock reported in use")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3 to hold an fcntl lock from another process")
	}
	holder := exec.Command(py, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)", lockFile)
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked" {
		t.Fatalf("lock holder did not start: %q %v", buf, err)
	}
	if !BrowserRunning(other) {
		t.Fatal("a .parentlock held by another process reported idle")
	}
}
