package keychain

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// fakeRunner records every call; respond picks the output.
type fakeRunner struct {
	calls   [][]string
	files   map[string][]byte // what an import's file held while the command ran
	modes   map[string]os.FileMode
	respond func(args []string) ([]byte, error)
}

func (f *fakeRunner) Run(_ context.Context, name string, args ...string) ([]byte, error) {
	f.calls = append(f.calls, append([]string{name}, args...))
	if len(args) > 1 && args[0] == "import" {
		if f.files == nil {
			f.files, f.modes = map[string][]byte{}, map[string]os.FileMode{}
		}
		data, _ := os.ReadFile(args[1])
		st, _ := os.Stat(args[1])
		f.files[args[1]] = data
		if st != nil {
			f.modes[args[1]] = st.Mode().Perm()
		}
	}
	if f.respond != nil {
		return f.respond(args)
	}
	return nil, nil
}

func recorded(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func macStore(r Runner) *Store {
	return &Store{Keychain: "/Users/u/Library/Keychains/login.keychain-db", Runner: r, GOOS: "darwin",
		Apps: []string{"/Applications/Safari.app", "/Applications/Google Chrome.app"}}
}

func identity(t *testing.T) *certfile.Identity {
	t.Helper()
	_, l := pkitest.Issue(t, "rootip-cloud.net", pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.RSA2048})
	// As the user's file: AES-256 with the user's password.
	data, err := l.P12(pki.Modern, "user-password-Qx7", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	id, err := certfile.Decode(data, "user-password-Qx7")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestImportCommand(t *testing.T) {
	r := &fakeRunner{}
	s := macStore(r)
	s.TempDir = t.TempDir()
	id := identity(t)
	if err := s.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if len(r.calls) != 1 {
		t.Fatalf("calls = %v", r.calls)
	}
	argv := r.calls[0]
	joined := strings.Join(argv, " ")
	for _, want := range []string{SecurityTool + " import ", " -k /Users/u/Library/Keychains/login.keychain-db", " -f pkcs12", " -x",
		" -T /Applications/Safari.app", " -T /Applications/Google Chrome.app"} {
		if !strings.Contains(joined, want) {
			t.Errorf("argv lacks %q: %v", want, argv)
		}
	}
	if strings.Contains(joined, "user-password-Qx7") {
		t.Fatal("the user's password reached argv")
	}
	file, pass := argv[2], ""
	for i, a := range argv {
		if a == "-P" {
			pass = argv[i+1]
		}
	}
	if len(pass) < 24 {
		t.Fatalf("one-time password %q too short", pass)
	}
	// Windows has no Unix permission bits (Go reports 0666 for any writable
	// file); the keychain runs on macOS, where the bits must be 0600.
	if runtime.GOOS != "windows" && r.modes[file] != 0o600 {
		t.Errorf("temp file mode %o, want 600", r.modes[file])
	}
	again, err := certfile.Decode(r.files[file], pass)
	if err != nil || again.SHA256() != id.SHA256() {
		t.Fatalf("the file handed to security does not decode with the one-time password: %v", err)
	}
	// pbeWithSHAAnd3-KeyTripleDES-CBC, not AES: the keychain accepts it.
	if !strings.Contains(string(r.files[file]), "\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01\x03") {
		t.Error("the file handed to security is not 3DES")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Error("the temporary file was left behind")
	}
}

// TestImportCarriesTheFriendlyName: `security import` has no option for an
// item's label; the macOS PKCS#12 importer labels the private key with the
// file's friendlyName (the certificate's label is always its subject), so
// the one-time file must carry the name the user's file had.
func TestImportCarriesTheFriendlyName(t *testing.T) {
	r := &fakeRunner{}
	s := macStore(r)
	s.TempDir = t.TempDir()
	id := identity(t)
	id.FriendlyName = "クライアント証明書"
	if err := s.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	argv := r.calls[0]
	file, pass := argv[2], ""
	for i, a := range argv {
		if a == "-P" {
			pass = argv[i+1]
		}
	}
	again, err := certfile.Decode(r.files[file], pass)
	if err != nil {
		t.Fatal(err)
	}
	if again.FriendlyName != "クライアント証明書" {
		t.Fatalf("friendly name in the file handed to security = %q", again.FriendlyName)
	}
	if !strings.Contains(string(r.files[file]), "\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01\x03") {
		t.Error("the file handed to security is not 3DES")
	}
}

func TestImportRemovesFileOnFailure(t *testing.T) {
	r := &fakeRunner{respond: func([]string) ([]byte, error) {
		return nil, &CmdError{Name: SecurityTool, Args: []string{"import"}, Output: "security: SecKeychainItemImport: MAC verification failed", Err: errors.New("exit status 1")}
	}}
	s := macStore(r)
	s.TempDir = t.TempDir()
	err := s.Import(context.Background(), identity(t))
	if err == nil || !strings.Contains(err.Error(), "MAC verification failed") {
		t.Fatalf("error = %v", err)
	}
	if entries, _ := os.ReadDir(s.TempDir); len(entries) != 0 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

// recordedRunner answers find-certificate with the recording and
// find-identity with identities (nil: the recorded output), any other
// command with (nil, otherErr).
func recordedRunner(t *testing.T, identities []byte, otherErr error) *fakeRunner {
	return &fakeRunner{respond: func(args []string) ([]byte, error) {
		switch args[0] {
		case "find-certificate":
			return recorded(t, "find-certificate.txt"), nil
		case "find-identity":
			if identities == nil {
				return recorded(t, "find-identity.txt"), nil
			}
			return identities, nil
		}
		return nil, otherErr
	}}
}

func TestListFromRecordings(t *testing.T) {
	r := recordedRunner(t, nil, errors.New("unexpected"))
	entries, err := macStore(r).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries, want the two leaves (the CA is left out)", len(entries))
	}
	for _, e := range entries {
		if !e.HasKey || e.Store != store.KindKeychain || e.Location != "login.keychain-db" {
			t.Errorf("entry = %+v", e)
		}
	}
	r.calls = nil
	sys, err := macStore(r).SystemCertificates(context.Background())
	if err != nil || len(sys) != 2 || sys[0].Location != "System.keychain" || r.calls[0][len(r.calls[0])-1] != SystemKeychain {
		t.Fatalf("System keychain: %d entries, %v, calls %v", len(sys), err, r.calls)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if !entries[0].Cert.NotAfter.After(now) || entries[1].Cert.NotAfter.After(now) {
		t.Error("the recordings hold one valid and one expired certificate")
	}
}

func TestParseFindIdentityIgnoresWords(t *testing.T) {
	ids := parseFindIdentity([]byte("ポリシー: SSL (クライアント)\n  一致する ID\n  1) 0123456789ABCDEF0123456789ABCDEF01234567 \"名前\"\n     1 個の ID が見つかりました\n"))
	if !ids["0123456789ABCDEF0123456789ABCDEF01234567"] || len(ids) != 1 {
		t.Fatalf("ids = %v", ids)
	}
}

func TestDeleteAndPreferenceCommands(t *testing.T) {
	r := recordedRunner(t, []byte("  1) 5FF72ED7B40B6CCAC3B48A4F3D77445656554D0F \"acme.rootip-cloud.net\"\n"), nil)
	s := macStore(r)
	entries, _ := s.List(context.Background())
	for _, e := range entries {
		r.calls = nil
		if err := s.Delete(context.Background(), e.SHA256()); err != nil {
			t.Fatal(err)
		}
		last := r.calls[len(r.calls)-1]
		want := "delete-certificate"
		if e.HasKey {
			want = "delete-identity"
		}
		if last[1] != want || last[3] != certfile.Fingerprint1(e.Cert) {
			t.Errorf("delete of %v = %v, want %s -Z SHA1", e.HasKey, last, want)
		}
	}
	if err := s.Delete(context.Background(), strings.Repeat("0", 64)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown certificate: %v", err)
	}
	r.calls = nil
	if err := s.SetPreference(context.Background(), "https://acme.rootip-cloud.net/", "ABCD"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.calls[0], " "); got != SecurityTool+" set-identity-preference -s https://acme.rootip-cloud.net/ -Z ABCD /Users/u/Library/Keychains/login.keychain-db" {
		t.Errorf("preference argv = %s", got)
	}
}

func TestNotMacOS(t *testing.T) {
	s := macStore(&fakeRunner{})
	s.GOOS = "linux"
	if err := s.Available(); !errors.Is(err, ErrNotMacOS) {
		t.Fatal(err)
	}
	if _, _, _, err := Signer("x"); err == nil {
		t.Fatal("a signer on Linux")
	}
	apps := InstalledApps(func(p string) bool { return p == "/Applications/Safari.app" })
	if len(apps) != 1 {
		t.Fatalf("apps = %v", apps)
	}
}

func TestMisplacedInSystemKeychain(t *testing.T) {
	r := recordedRunner(t, nil, nil)
	wrong, err := macStore(r).Misplaced(context.Background(), []string{"rootip-cloud.net"})
	if err != nil || len(wrong) != 2 || wrong[0].Location != "System.keychain" {
		t.Fatalf("misplaced = %+v, %v", wrong, err)
	}
	if other, _ := macStore(r).Misplaced(context.Background(), []string{"example.jp"}); len(other) != 0 {
		t.Errorf("non-vendor certificates reported: %d", len(other))
	}
}
