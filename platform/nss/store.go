package nss

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

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

	keepMu  sync.Mutex
	keeping int     // Keep calls not yet released
	keeper  *keeper // the session kept since the last listing
}

var (
	_ store.Store          = (*Store)(nil)
	_ store.ImportLister   = (*Store)(nil)
	_ store.OrphanLister   = (*Store)(nil)
	_ store.WholeLister    = (*Store)(nil)
	_ store.SignerProvider = (*Store)(nil)
)

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

// SetReader names who reads the database (the demo's scratch database).
func (s *Store) SetReader(r store.Reader) { s.ReadBy = r }

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
// It is store.ErrOutdated for errors.Is.
var ErrLegacyDatabase = fmt.Errorf("old cert8.db database: start the browser once to upgrade it: %w", store.ErrOutdated)

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

// Test seams, nil in production: hookBeforeWrite runs after the backup,
// just before NSS writes (a test makes a file read-only there, so NSS fails
// between the key and the certificate); a non-nil error from hookAfterWrite
// makes a completed import count as failed, to exercise the undo.
var (
	hookBeforeWrite func(dir string)
	hookAfterWrite  func(dir string) error
)

// access is an open database with the locks that guard it.
type access struct {
	lock *procLock
	sess *session
}

// open takes this tool's lock, checks the files (read-only, locked by
// another program, a journal left by a killed writer), opens NSS and logs
// in. A write never starts on a database it could not finish writing, and
// a failed login returns before anything is read or written.
func (s *Store) open(ctx context.Context, write bool) (*access, error) {
	return s.openAfter(ctx, write, nil)
}

// openAfter is open with a step run once the files are checked, before NSS
// opens them and while its libraries may still be loading (an import's
// backup).
func (s *Store) openAfter(ctx context.Context, write bool, step func() error) (*access, error) {
	lk, err := s.acquireProcLock(ctx, write)
	if err != nil {
		return nil, err
	}
	sess, err := openSessionAfter(s.Dir,
		func() (bool, error) {
			readOnly, err := s.preflight(ctx, write)
			if err == nil && step != nil {
				err = step()
			}
			return readOnly, err
		},
		func(err error) error { return s.diagnose(err, write) })
	if err != nil {
		lk.release()
		return nil, err
	}
	if err := sess.login(s.PrimaryPassword); err != nil {
		sess.close()
		lk.release()
		return nil, err
	}
	return &access{lock: lk, sess: sess}, nil
}

func (a *access) closeSession() {
	if a.sess != nil {
		a.sess.close()
		a.sess = nil
	}
}

func (a *access) close() {
	a.closeSession()
	a.lock.release()
}

// preflight runs under nssMu before NSS opens the files and says whether
// the session is read-only.
func (s *Store) preflight(ctx context.Context, write bool) (bool, error) {
	if write {
		if err := s.checkWritable(); err != nil {
			return false, err
		}
		return false, s.waitNotBusy(ctx, true)
	}
	if err := s.waitNotBusy(ctx, false); err != nil {
		return true, err
	}
	for _, f := range sqliteFiles {
		if !hotJournal(filepath.Join(s.Dir, f)) {
			continue
		}
		// A writer was killed mid-transaction. SQLite rolls its journal
		// back at the next read-write open (the browser does at its next
		// start); a read-only open cannot, and fails. Reading is then a
		// read-write open; without write access nobody can read it.
		if err := s.checkWritable(); err != nil {
			return true, fmt.Errorf("NSS database %s: an interrupted write left %s-journal, which needs write access to be rolled back: %w", s.Dir, f, store.ErrReadOnly)
		}
		return false, nil
	}
	return true, nil
}

// diagnose turns a failed NSS call into an error that names the state of
// the database: locked by another program, read-only, damaged. The caller
// holds nssMu (the probes open the files; see sqliteBusy).
func (s *Store) diagnose(err error, write bool) error {
	var ne *nssError
	if !errors.As(err, &ne) {
		return err
	}
	switch ne.code {
	case errBadPassword:
		return fmt.Errorf("%s: wrong password (%d): %w", ne.op, ne.code, store.ErrLocked)
	case errBadDER:
		return fmt.Errorf("%s: malformed data (%d)", ne.op, ne.code)
	}
	for _, f := range sqliteFiles {
		if busy, _ := sqliteBusy(filepath.Join(s.Dir, f), write); busy {
			return fmt.Errorf("%s: %s is locked by another program (NSS error %d): %w", ne.op, f, ne.code, store.ErrBusy)
		}
	}
	if ne.code == errReadOnly {
		return fmt.Errorf("%s: %w", ne.op, store.ErrReadOnly)
	}
	if write {
		if werr := s.checkWritable(); werr != nil {
			return fmt.Errorf("%s (NSS error %d): %w", ne.op, ne.code, werr)
		}
	}
	for _, f := range sqliteFiles {
		p := filepath.Join(s.Dir, f)
		h, oerr := os.Open(p)
		if errors.Is(oerr, fs.ErrNotExist) {
			continue
		}
		if oerr != nil {
			return fmt.Errorf("%s: %s: %w", ne.op, f, oerr)
		}
		head := make([]byte, 16)
		_, rerr := io.ReadFull(h, head)
		h.Close()
		if rerr != nil || string(head) != "SQLite format 3\x00" {
			return fmt.Errorf("%s: %s is not an SQLite database (NSS error %d): %w", ne.op, f, ne.code, store.ErrDamaged)
		}
	}
	if ne.code == errBadDatabase {
		return fmt.Errorf("%s (NSS error %d): %w", ne.op, ne.code, store.ErrDamaged)
	}
	return err
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

// importAndMaybeList writes the identity the file reader has proven (its
// key already decrypted: the user's password goes no further than the file
// reader, and nothing is decrypted twice) object by object (importIdentity);
// the file's friendlyName becomes the nickname, as pk12util gives it.
//
// Nothing is written before the login succeeded. The database is backed up
// just before the write. When the write fails, exactly what it added is
// removed again, by object: its private key and its certificate, if they
// were not there before (issuer certificates it added stay: they are
// public, and a concurrent import may have brought the same ones). Nothing
// else is touched, so another program's concurrent changes survive.
func (s *Store) importAndMaybeList(ctx context.Context, id *certfile.Identity, list bool) ([]store.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.legacyOnly() {
		return nil, ErrLegacyDatabase
	}
	if err := s.ensureDir(); err != nil {
		return nil, fmt.Errorf("import: %w", readOnlyOr(err))
	}
	// The backup is taken before NSS opens the files, while its libraries
	// may still be loading; it is dropped again when the database then
	// cannot be opened or read, so that a damaged one does not push the
	// older, useful backups out.
	existed := s.exists()
	backup := "" // a database NSS is about to create needs none
	a, err := s.openAfter(ctx, true, func() (err error) {
		if existed {
			backup, err = s.snapshot(ctx)
		}
		return err
	})
	if err != nil {
		dropSnapshot(backup)
		return nil, err
	}
	defer a.close()
	before, err := a.sess.objects()
	if err != nil {
		dropSnapshot(backup)
		return nil, s.diagnose(err, true)
	}
	if backup != "" {
		if err := s.pruneOld(); err != nil {
			return nil, err
		}
	}
	if hookBeforeWrite != nil {
		hookBeforeWrite(s.Dir)
	}
	err = a.sess.importIdentity(id, before)
	if err == nil && hookAfterWrite != nil {
		err = hookAfterWrite(s.Dir)
	}
	if err != nil {
		err = s.diagnose(err, true)
		if uerr := a.sess.undoImport(before, id); uerr != nil {
			where := ""
			if backup != "" {
				where = "; the database as it was before is in " + backup
			}
			return nil, fmt.Errorf("%w (and removing what it wrote failed: %v%s)", err, uerr, where)
		}
		return nil, err
	}
	if !list {
		return nil, nil
	}
	objs, err := a.sess.objects()
	if err != nil {
		return nil, s.diagnose(err, false)
	}
	return s.entries(objs), nil
}

// undoImport removes what a failed import of id added: its key (first: the
// secret goes first) and its leaf certificate, each only if it was not in
// the database before; then it reads the database back.
func (sess *session) undoImport(before *objects, id *certfile.Identity) error {
	after, err := sess.objects()
	if err != nil {
		return err
	}
	leafFP := fingerprintDER(id.Leaf.Raw)
	leafNew := before.certByFP(leafFP) == nil
	mine := map[string]bool{}
	if k := keyIDOf(id.Leaf.PublicKey); k != nil {
		mine[hex.EncodeToString(k)] = true
	}
	if c := after.certByFP(leafFP); c != nil && leafNew && len(c.id) > 0 {
		mine[hex.EncodeToString(c.id)] = true
	}
	had := before.keyIDs()
	var added [][]byte
	for _, k := range after.keys {
		if h := hex.EncodeToString(k.id); mine[h] && !had[h] {
			added = append(added, k.id)
		}
	}
	var errs []error
	for _, k := range added {
		if err := sess.deleteKey(k); err != nil {
			errs = append(errs, err)
		}
	}
	if c := after.certByFP(leafFP); c != nil && leafNew {
		if err := sess.deleteCert(c.der); err != nil {
			errs = append(errs, err)
		}
	}
	final, err := sess.objects()
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if leafNew && final.certByFP(leafFP) != nil {
		errs = append(errs, errors.New("its certificate is still there"))
	}
	left := final.keyIDs()
	for _, k := range added {
		if left[hex.EncodeToString(k)] {
			errs = append(errs, fmt.Errorf("its private key %X is still there", k))
		}
	}
	return errors.Join(errs...)
}

// openForReading opens the database to read it. With no database it returns
// no access and no error (nothing to list, and nothing is created), unless
// only the legacy format is there (ErrLegacyDatabase).
func (s *Store) openForReading(ctx context.Context) (*access, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !s.exists() {
		if s.legacyOnly() {
			return nil, ErrLegacyDatabase
		}
		return nil, nil
	}
	return s.open(ctx, false)
}

// openForChange opens the database to remove from it and reads its
// objects: with no database there is nothing to remove (store.ErrNotFound),
// and none is created. The caller closes the access.
func (s *Store) openForChange(ctx context.Context) (*access, *objects, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if !s.exists() {
		return nil, nil, store.ErrNotFound
	}
	a, err := s.open(ctx, true)
	if err != nil {
		return nil, nil, err
	}
	objs, err := a.sess.objects()
	if err != nil {
		err = s.diagnose(err, true)
		a.close()
		return nil, nil, err
	}
	return a, objs, nil
}

// List implements store.Store: certificates that are not CAs (client
// certificates and leftovers), with whether their key is present. A missing
// database lists as empty and is not created; one that cannot be read is an
// error (store.ErrBusy, store.ErrReadOnly, store.ErrDamaged ...), never an
// empty list.
func (s *Store) List(ctx context.Context) ([]store.Entry, error) {
	entries, _, err := s.ListWithOrphans(ctx)
	return entries, err
}

// ListWithOrphans implements store.WholeLister: List and Orphans from one
// open of the database and one read of its objects.
func (s *Store) ListWithOrphans(ctx context.Context) ([]store.Entry, []store.Orphan, error) {
	s.keepMu.Lock()
	keeping := s.keeping > 0
	s.keepMu.Unlock()
	if keeping {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		return s.listKept(ctx)
	}
	a, err := s.openForReading(ctx)
	if a == nil || err != nil {
		return nil, nil, err
	}
	defer a.close()
	objs, err := a.sess.objects()
	if err != nil {
		return nil, nil, s.diagnose(err, false)
	}
	return s.entries(objs), s.orphansOf(objs), nil
}

// entries lists the session's non-CA certificates (and any CA that has a
// key). Keys are matched by ID, so certificates sharing a key all have it.
func (s *Store) entries(objs *objects) []store.Entry {
	ids := objs.keyIDs()
	keyLabel := map[string]string{}
	for _, k := range objs.keys {
		keyLabel[hex.EncodeToString(k.id)] = k.label
	}
	seen := map[string]bool{}
	var out []store.Entry
	for i := range objs.certs {
		c := &objs.certs[i]
		if c.cert == nil || seen[c.fp] {
			continue
		}
		seen[c.fp] = true
		hasKey := objs.hasKey(c, ids)
		if c.cert.IsCA && !hasKey {
			continue
		}
		nick := c.label
		if nick == "" && len(c.id) > 0 {
			nick = keyLabel[hex.EncodeToString(c.id)]
		}
		out = append(out, store.Entry{Store: store.KindNSS, Location: s.Dir, Nickname: nick, Cert: c.cert, HasKey: hasKey})
	}
	return out
}

// Delete implements store.Store. The private key goes first, then the
// certificate (a kill in between leaves a certificate without key, which
// List shows, rather than a hidden key); a key another certificate still
// uses (a renewal that kept it) stays. The database is read back: a
// certificate still present is an error. Backups that hold a deleted key
// are removed with it; a deletion that removes no key is backed up first.
func (s *Store) Delete(ctx context.Context, sha256 string) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	sha256 = strings.ToUpper(sha256)
	a, objs, err := s.openForChange(ctx)
	if err != nil {
		return err
	}
	defer a.close()
	c := objs.certByFP(sha256)
	if c == nil {
		return store.ErrNotFound
	}
	var keyID []byte
	ids := objs.keyIDs()
	for _, id := range c.keyIDsOf() {
		if ids[id] && !sharedKey(objs, c, id) {
			keyID, _ = hex.DecodeString(id)
			break
		}
	}
	if keyID == nil {
		if _, err := s.backup(ctx); err != nil {
			return err
		}
	}
	if hookBeforeWrite != nil {
		hookBeforeWrite(s.Dir)
	}
	if keyID != nil {
		if err := a.sess.deleteKey(keyID); err != nil {
			return s.diagnose(err, true)
		}
		// The key is gone: whatever happens to the certificate, so are
		// the backups that still hold it.
		defer func() {
			a.closeSession()
			if derr := s.dropBackupsHolding(keyID); derr != nil {
				err = errors.Join(err, derr)
			}
		}()
	}
	if derr := a.sess.deleteCert(c.der); derr != nil {
		err = s.diagnose(derr, true)
	}
	after, rerr := a.sess.objects()
	switch {
	case rerr != nil:
		return errors.Join(err, fmt.Errorf("delete: read back: %w", s.diagnose(rerr, false)))
	case after.certByFP(sha256) != nil:
		return errors.Join(err, fmt.Errorf("delete: the certificate is still in %s after deleting it", s.Dir))
	case keyID != nil && after.keyIDs()[hex.EncodeToString(keyID)]:
		return errors.Join(err, fmt.Errorf("delete: the private key %X is still in %s after deleting it", keyID, s.Dir))
	}
	return err
}

// sharedKey reports whether a certificate other than c uses the key id.
func sharedKey(objs *objects, c *certObj, id string) bool {
	for i := range objs.certs {
		o := &objs.certs[i]
		if o.fp == c.fp {
			continue
		}
		for _, oid := range o.keyIDsOf() {
			if oid == id {
				return true
			}
		}
	}
	return false
}

// Orphans implements store.OrphanLister: private keys no certificate uses.
func (s *Store) Orphans(ctx context.Context) ([]store.Orphan, error) {
	_, orphans, err := s.ListWithOrphans(ctx)
	return orphans, err
}

// orphansOf are the keys of objs that no certificate uses.
func (s *Store) orphansOf(objs *objects) []store.Orphan {
	var out []store.Orphan
	for _, k := range objs.orphans() {
		out = append(out, store.Orphan{Store: store.KindNSS, Location: s.Dir, ID: strings.ToUpper(hex.EncodeToString(k.id)),
			Label: k.label, KeyType: k.description()})
	}
	return out
}

// DeleteOrphan implements store.OrphanLister. A key some certificate uses
// is not an orphan and is not removed (store.ErrNotFound). Backups holding
// the key are removed with it.
func (s *Store) DeleteOrphan(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	want, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(id), ":", ""))
	if err != nil || len(want) == 0 {
		return fmt.Errorf("delete orphan key: %q is not a key ID (hex): %w", id, store.ErrNotFound)
	}
	a, objs, err := s.openForChange(ctx)
	if err != nil {
		return err
	}
	defer a.close()
	found := false
	for _, k := range objs.orphans() {
		found = found || bytes.Equal(k.id, want)
	}
	if !found {
		return store.ErrNotFound
	}
	if err := a.sess.deleteKey(want); err != nil {
		return s.diagnose(err, true)
	}
	after, err := a.sess.objects()
	if err != nil {
		return fmt.Errorf("delete orphan key: read back: %w", s.diagnose(err, false))
	}
	if after.keyIDs()[hex.EncodeToString(want)] {
		return fmt.Errorf("delete orphan key: %X is still in %s after deleting it", want, s.Dir)
	}
	a.closeSession()
	return s.dropBackupsHolding(want)
}

// dropBackupsHolding removes every backup that holds the key id, so that a
// deleted key is not recoverable from them. A backup that cannot be opened
// to prove it does not hold the key (damaged, a journal of its own, another
// primary password) is removed too: the user asked for the key to be gone,
// and such a backup is no restore point this tool could vouch for. The
// caller holds the exclusive procLock and no NSS session.
func (s *Store) dropBackupsHolding(id []byte) error {
	backups, err := s.Backups()
	if err != nil {
		return fmt.Errorf("deleted, but %w", err)
	}
	var errs []error
	for _, b := range backups {
		if !backupHoldsKey(b, s.PrimaryPassword, id) {
			continue
		}
		if err := os.RemoveAll(b); err != nil {
			errs = append(errs, fmt.Errorf("deleted, but the backup %s still holds the key: %w", b, err))
		}
	}
	return errors.Join(errs...)
}

// backupHoldsKey opens a backup read-only and looks for the key; true when
// it holds it or cannot be read.
func backupHoldsKey(dir, primary string, id []byte) bool {
	sess, err := openSession(dir, true)
	if err != nil {
		return true
	}
	defer sess.close()
	if err := sess.login(primary); err != nil {
		return true
	}
	objs, err := sess.objects()
	if err != nil {
		return true
	}
	return objs.keyIDs()[hex.EncodeToString(id)]
}
