package keychain

import (
	"context"
	"crypto"
	"crypto/tls"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/cleanup"
	"rootip-cert/internal/store"
)

// SecurityTool is Apple's keychain command.
const SecurityTool = "/usr/bin/security"

// Store is the user's login keychain.
type Store struct {
	Keychain string // ~/Library/Keychains/login.keychain-db
	Runner   Runner
	// Apps are the browsers allowed to use the key without the "常に許可"
	// prompt (-T), found by InstalledApps.
	Apps []string
	// GOOS is the OS (tests set "darwin" to run the logic on Linux).
	GOOS string
	// TempDir is where the one-time file goes (default: the user's temp dir).
	TempDir string
}

var _ store.Store = (*Store)(nil)

// New returns the login keychain of the user whose home is home.
func New(home string) *Store {
	return &Store{
		Keychain: filepath.Join(home, "Library", "Keychains", "login.keychain-db"),
		Runner:   ExecRunner{}, GOOS: runtime.GOOS,
		Apps: InstalledApps(func(p string) bool { _, err := os.Stat(p); return err == nil }),
	}
}

// Kind implements store.Store.
func (s *Store) Kind() string { return store.KindKeychain }

// Location implements store.Store.
func (s *Store) Location() string { return filepath.Base(s.Keychain) }

// Reader implements store.Owned.
func (s *Store) Reader() store.Reader { return store.Reader{Kind: store.ReaderKeychain} }

// InUse implements store.Owned: the keychain is live, no restart needed.
func (s *Store) InUse() bool { return false }

// Available implements store.Store.
func (s *Store) Available() error {
	if s.GOOS != "darwin" {
		return ErrNotMacOS
	}
	return nil
}

// Import implements store.Store. The identity is re-encoded as 3DES/SHA-1
// (the keychain rejects many AES-256 files with a misleading "wrong
// password"), with a random one-time password, into a 0600 file in the
// user's temp dir that is removed afterwards, success or not.
//
// The label: `security import` has no option to name the imported items
// and a certificate's
// label in the keychain is always derived from its subject. What it does
// keep is the PKCS#12 friendlyName, which Apple's importer makes the
// private key's label; the re-encoded file carries the identity's
// FriendlyName (certfile.ReencodeOneTime), so the key shows as
// 「クライアント証明書」 as the user's own file named it.
//
// `security import` only takes the password in argv (-P). Whoever can list
// processes during the call sees the one-time password — never the user's —
// for a file that exists only while the command runs and that holds the
// same certificate the keychain receives.
func (s *Store) Import(ctx context.Context, id *certfile.Identity) error {
	if err := s.Available(); err != nil {
		return err
	}
	data, pass, err := id.ReencodeOneTime()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(s.TempDir, "rootip-cert-*.p12")
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer os.Remove(f.Name())
	// The copy holds the key: removed also when the process is ended
	// while `security import` runs.
	name := f.Name()
	defer cleanup.OnSignal(func() { os.Remove(name) })()
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("import: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("import: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	_, err = s.Runner.Run(ctx, SecurityTool, importArgs(f.Name(), s.Keychain, pass, s.Apps)...)
	if err != nil {
		return fmt.Errorf("import into %s: %w", s.Location(), err)
	}
	return nil
}

// importArgs builds `security import`: pkcs12 format given explicitly, -x
// for a non-extractable key, -T for each browser allowed to use it.
func importArgs(file, keychain, pass string, apps []string) []string {
	args := []string{"import", file, "-k", keychain, "-f", "pkcs12", "-P", pass, "-x"}
	for _, a := range apps {
		args = append(args, "-T", a)
	}
	return args
}

// List implements store.Store: every certificate of the keychain, with
// whether it forms an identity (has its private key).
func (s *Store) List(ctx context.Context) ([]store.Entry, error) {
	return s.listKeychain(ctx, s.Keychain)
}

// SystemKeychain is the machine-wide keychain.
const SystemKeychain = "/Library/Keychains/System.keychain"

// SystemCertificates lists the System keychain's certificates (read-only):
// a vendor certificate there is "installed in the wrong keychain".
func (s *Store) SystemCertificates(ctx context.Context) ([]store.Entry, error) {
	return s.listKeychain(ctx, SystemKeychain)
}

func (s *Store) listKeychain(ctx context.Context, keychain string) ([]store.Entry, error) {
	if err := s.Available(); err != nil {
		return nil, err
	}
	location := filepath.Base(keychain)
	certs, err := s.Runner.Run(ctx, SecurityTool, "find-certificate", "-a", "-Z", "-p", keychain)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", location, err)
	}
	ids, err := s.Runner.Run(ctx, SecurityTool, "find-identity", "-p", "ssl-client", keychain)
	if err != nil {
		return nil, fmt.Errorf("list identities of %s: %w", location, err)
	}
	keyed := parseFindIdentity(ids)
	var out []store.Entry
	for _, f := range parseFindCertificate(certs) {
		if f.cert.IsCA {
			continue
		}
		sha1 := certfile.Fingerprint1(f.cert)
		out = append(out, store.Entry{Store: store.KindKeychain, Location: location, Cert: f.cert, HasKey: keyed[sha1],
			Nickname: f.cert.Subject.CommonName})
	}
	return out, nil
}

// Delete implements store.Store: an identity by its SHA-1 (certificate and
// key), or a certificate alone.
func (s *Store) Delete(ctx context.Context, sha256 string) error {
	entries, err := s.List(ctx)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.SHA256() != sha256 {
			continue
		}
		sub := "delete-certificate"
		if e.HasKey {
			sub = "delete-identity"
		}
		if _, err := s.Runner.Run(ctx, SecurityTool, sub, "-Z", certfile.Fingerprint1(e.Cert), s.Keychain); err != nil {
			return fmt.Errorf("delete from %s: %w", s.Location(), err)
		}
		return nil
	}
	return store.ErrNotFound
}

// SetPreference makes Safari and Chrome offer this identity first for the
// system address (optional; the picker still works without it).
func (s *Store) SetPreference(ctx context.Context, systemURL, sha1 string) error {
	if err := s.Available(); err != nil {
		return err
	}
	_, err := s.Runner.Run(ctx, SecurityTool, "set-identity-preference", "-s", systemURL, "-Z", sha1, s.Keychain)
	if err != nil {
		return fmt.Errorf("set identity preference: %w", err)
	}
	return nil
}

// appPaths are the browsers that read the keychain (Firefox through its OS
// client-certificate module).
var appPaths = []string{
	"/Applications/Safari.app",
	"/Applications/Google Chrome.app",
	"/Applications/Microsoft Edge.app",
	"/Applications/Firefox.app",
	"/Applications/Firefox ESR.app",
}

// InstalledApps returns the browser bundles that exist.
func InstalledApps(exists func(string) bool) []string {
	var out []string
	for _, p := range appPaths {
		if exists(p) {
			out = append(out, p)
		}
	}
	return out
}

// Signer implements store.SignerProvider (the cgo build on macOS).
func (s *Store) Signer(sha256 string) (crypto.Signer, []tls.SignatureScheme, func(), error) {
	signer, _, release, err := Signer(sha256)
	return signer, nil, release, err
}

// Misplaced implements store.MisplacedLister: vendor client certificates
// in the System keychain instead of the login keychain.
func (s *Store) Misplaced(ctx context.Context, domains []string) ([]store.Entry, error) {
	sys, err := s.SystemCertificates(ctx)
	var out []store.Entry
	for _, e := range sys {
		if certfile.LooksLikeVendor(e.Cert, domains) && certfile.AllowsClientAuth(e.Cert) {
			out = append(out, e)
		}
	}
	return out, err
}
