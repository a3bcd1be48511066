package nss

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/firefox"
	"rootip-cert/internal/store"
)

// Store is one NSS database directory (a Firefox profile, ~/.pki/nssdb).
type Store struct {
	Dir string
	// Label names the database for the helpdesk when no browser is known
	// to read it (an --nss-db directory).
	Label string
	// ReadBy says which browser reads the database (set by Discover).
	ReadBy store.Reader
	// PrimaryPassword opens a database protected by one; never stored.
	PrimaryPassword string
	// KeepBackups is how many backups to keep (default 5).
	KeepBackups int
	// CreateDir lets Import create a missing directory (~/.pki/nssdb).
	CreateDir bool
	// Profile is the Firefox profile the database belongs to, if any.
	Profile *firefox.Profile
	// OSClientCerts: this Firefox profile also offers certificates from the
	// OS store (Windows/macOS, security.osclientcerts.autoload on).
	OSClientCerts bool
}

var _ store.Store = (*Store)(nil)

// New returns the store for the database in dir.
func New(dir, label string) *Store { return &Store{Dir: dir, Label: label} }

// Kind implements store.Store.
func (s *Store) Kind() string { return store.KindNSS }

// Location implements store.Store.
func (s *Store) Location() string { return s.Dir }

// Reader implements store.Owned.
func (s *Store) Reader() store.Reader {
	if s.ReadBy.Kind == "" {
		return store.Reader{Kind: store.ReaderNSS, Profile: s.Label}
	}
	return s.ReadBy
}

// ProfileDir implements store.FirefoxProfile ("" for Chrome's database).
func (s *Store) ProfileDir() string {
	if s.Profile == nil {
		return ""
	}
	return s.Dir
}

// UsesOSClientCerts implements store.FirefoxProfile.
func (s *Store) UsesOSClientCerts() bool { return s.OSClientCerts }

// InUse reports whether the browser owning this profile is running.
func (s *Store) InUse() bool { return BrowserRunning(s.Dir) }

// ErrLegacyDatabase means the profile only has the old cert8.db format,
// which NSS no longer opens: the browser must be started once to migrate it.
var ErrLegacyDatabase = errors.New("old cert8.db database: start the browser once to upgrade it")

// Available implements store.Store: the library loads and the directory
// exists (the database inside may be created on import).
func (s *Store) Available() error {
	if _, err := loadLib(); err != nil {
		return err
	}
	st, err := os.Stat(s.Dir)
	if err != nil && s.CreateDir && errors.Is(err, fs.ErrNotExist) {
		return nil // created on import
	}
	if err != nil {
		return fmt.Errorf("NSS database %s: %w", s.Dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("NSS database %s: not a directory", s.Dir)
	}
	if s.legacyOnly() {
		return ErrLegacyDatabase
	}
	return nil
}

func (s *Store) exists() bool {
	_, err := os.Stat(filepath.Join(s.Dir, "cert9.db"))
	return err == nil
}

func (s *Store) legacyOnly() bool {
	_, err := os.Stat(filepath.Join(s.Dir, "cert8.db"))
	return err == nil && !s.exists()
}

// Import implements store.Store.
func (s *Store) Import(ctx context.Context, id *certfile.Identity) error {
	_, err := s.importAndMaybeList(ctx, id, false)
	return err
}

// ImportAndList implements store.ImportLister: the import and the read-back
// share one NSS session.
func (s *Store) ImportAndList(ctx context.Context, id *certfile.Identity) ([]store.Entry, error) {
	return s.importAndMaybeList(ctx, id, true)
}

// importAndMaybeList re-encodes the identity in memory with a random
// one-time password, so the user's password goes no further than the file
// reader (one KDF iteration: the blob never leaves this process). The
// database is backed up first; on failure the backup is restored so nothing
// is left half-written.
func (s *Store) importAndMaybeList(ctx context.Context, id *certfile.Identity, list bool) ([]store.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.legacyOnly() {
		return nil, ErrLegacyDatabase
	}
	if err := s.ensureDir(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	otp := make([]byte, 16)
	if _, err := rand.Read(otp); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	pass := hex.EncodeToString(otp)
	blob, err := pkcs12.Modern2023.WithIterations(1).Encode(id.Key, id.Leaf, id.Chain, pass)
	if err != nil {
		return nil, fmt.Errorf("import: re-encode: %w", err)
	}
	backup, err := s.backup()
	if err != nil {
		return nil, err
	}
	sess, err := openSession(s.Dir, false)
	if err != nil {
		return nil, s.explain(err)
	}
	var entries []store.Entry
	err = sess.login(s.PrimaryPassword)
	if err == nil {
		err = sess.importP12(blob, pass)
	}
	if err == nil && list {
		entries, err = s.entries(sess)
	}
	sess.close()
	if err != nil && backup != "" {
		if rerr := restore(backup, s.Dir); rerr != nil {
			return nil, fmt.Errorf("%w (and restoring the backup failed: %v)", s.explain(err), rerr)
		}
	}
	return entries, s.explain(err)
}

// List implements store.Store: certificates that are not CAs (client
// certificates and leftovers), with whether their key is present. A missing
// database lists as empty and is not created.
func (s *Store) List(ctx context.Context) ([]store.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !s.exists() {
		if s.legacyOnly() {
			return nil, ErrLegacyDatabase
		}
		return nil, nil
	}
	sess, err := openSession(s.Dir, true)
	if err != nil {
		return nil, s.explain(err)
	}
	defer sess.close()
	if err := sess.login(s.PrimaryPassword); err != nil {
		return nil, err
	}
	out, err := s.entries(sess)
	return out, s.explain(err)
}

// entries lists the session's non-CA certificates (and any CA that has a key).
func (s *Store) entries(sess *session) ([]store.Entry, error) {
	var out []store.Entry
	err := sess.eachCert(func(c listedCert) error {
		if c.cert.IsCA && !c.hasKey {
			return nil
		}
		out = append(out, store.Entry{Store: store.KindNSS, Location: s.Dir, Nickname: c.nickname, Cert: c.cert, HasKey: c.hasKey})
		return nil
	})
	return out, err
}

// Delete implements store.Store.
func (s *Store) Delete(ctx context.Context, sha256 string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.exists() {
		return store.ErrNotFound
	}
	if _, err := s.backup(); err != nil {
		return err
	}
	sess, err := openSession(s.Dir, false)
	if err != nil {
		return s.explain(err)
	}
	defer sess.close()
	if err := sess.login(s.PrimaryPassword); err != nil {
		return err
	}
	found, err := sess.deleteCert(sha256)
	if err != nil {
		return s.explain(err)
	}
	if !found {
		return store.ErrNotFound
	}
	return nil
}

// explain turns NSS codes into errors that say what happened.
func (s *Store) explain(err error) error {
	var ne *nssError
	if !errors.As(err, &ne) {
		return err
	}
	switch ne.code {
	case errReadOnly:
		return fmt.Errorf("%s: %w", ne.op, fs.ErrPermission)
	case errBadDatabase:
		return fmt.Errorf("%s: the database is damaged or unreadable (%d)", ne.op, ne.code)
	case errBadPassword:
		return fmt.Errorf("%s: wrong password (%d)", ne.op, ne.code)
	case errBadDER:
		return fmt.Errorf("%s: malformed data (%d)", ne.op, ne.code)
	}
	if !writable(s.Dir) {
		return fmt.Errorf("%s (%d): %w", ne.op, ne.code, fs.ErrPermission)
	}
	return err
}

func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".rootip-write-test-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
