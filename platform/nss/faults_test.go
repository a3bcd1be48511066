package nss

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// The fault suite of issue 16, on the real NSS: nothing lost, nothing left
// half-written, nothing hidden, whatever is killed or locked.

var errInjected = errors.New("injected failure after the write")

func fileSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	for _, f := range dbFiles {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
			out[f] = sha256.Sum256(b)
		}
	}
	return out
}

func sameSums(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A failed login writes nothing: no backup, the files byte for byte.
func TestLoginFailureNeverTouchesTheDatabase(t *testing.T) {
	fp := faultStart(t, 2, "login")
	dir := t.TempDir()
	certutil(t, dir, append([]string{"-N"}, pwArgs(t, "pp")...)...)
	s := New(dir, "t")
	s.PrimaryPassword = "pp"
	if err := s.Import(context.Background(), fp.ids[0]); err != nil {
		t.Fatal(err)
	}
	backups, _ := s.Backups()
	before := fileSums(t, dir)
	s.PrimaryPassword = "wrong"
	if err := s.Import(context.Background(), fp.ids[1]); !errors.Is(err, ErrPrimaryPasswordWrong) {
		t.Fatalf("import with a wrong primary password = %v", err)
	}
	if after := fileSums(t, dir); !sameSums(before, after) {
		t.Fatal("a failed login changed the database files")
	}
	if now, _ := s.Backups(); len(now) != len(backups) {
		t.Fatalf("a failed login took a backup (%d → %d)", len(backups), len(now))
	}
	entries, _ := checkConsistent(t, dir, "pp")
	if len(entries) != 1 || entries[0].SHA256() != fp.ids[0].SHA256() {
		t.Fatalf("after the failed login: %+v", entries)
	}
}

// NSS fails between the key and the certificate (cert9.db turned read-only
// under it): the key it wrote is removed, nothing else changes.
func TestFailedImportUndoesExactlyWhatItWrote(t *testing.T) {
	fp, dir, s := faultDB(t, 2, "undo")
	ctx := context.Background()
	keysBefore := certutilKeys(t, dir, "")
	var undoRO func()
	setForTest(t, &hookBeforeWrite, func(d string) { undoRO = makeReadOnly(t, filepath.Join(d, "cert9.db")) })
	err := s.Import(ctx, fp.ids[1])
	hookBeforeWrite = nil
	if undoRO != nil {
		undoRO()
	}
	if !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("import with cert9.db read-only mid-way = %v, want store.ErrReadOnly", err)
	}
	entries, orphans := checkConsistent(t, dir, "")
	if len(orphans) != 0 {
		t.Fatalf("the failed import left orphan keys: %+v", orphans)
	}
	if len(entries) != 1 || entries[0].SHA256() != fp.ids[0].SHA256() || !entries[0].HasKey {
		t.Fatalf("after the failed import: %+v", entries)
	}
	if keys := certutilKeys(t, dir, ""); len(keys) != len(keysBefore) {
		t.Fatalf("keys before %v, after %v", keysBefore, keys)
	}

	// A failure after a complete write removes the new certificate and key,
	// and leaves what was there before, even the same identity.
	setForTest(t, &hookAfterWrite, func(string) error { return errInjected })
	if err := s.Import(ctx, fp.ids[1]); !errors.Is(err, errInjected) {
		t.Fatalf("import = %v, want the injected failure", err)
	}
	if err := s.Import(ctx, fp.ids[0]); !errors.Is(err, errInjected) {
		t.Fatalf("re-import = %v, want the injected failure", err)
	}
	hookAfterWrite = nil
	entries, orphans = checkConsistent(t, dir, "")
	if len(orphans) != 0 || len(entries) != 1 || entries[0].SHA256() != fp.ids[0].SHA256() || !entries[0].HasKey {
		t.Fatalf("after failed imports: %+v, orphans %+v", entries, orphans)
	}
}

// Issue 16 High 1: 20 rounds of a good import by another copy of this tool
// and by pk12util, concurrent with a failing import here (a failed login,
// or a write that then fails and is undone). Nothing that reported success
// is lost, nothing of the failures stays.
func TestConcurrentGoodAndFailingImportsLoseNothing(t *testing.T) {
	needSQLite(t)
	if _, err := exec.LookPath("pk12util"); err != nil {
		t.Skip("needs pk12util (Debian libnss3-tools)")
	}
	noShutdownLeaks(t)
	const rounds = 20
	good := newFaultPKI(t, rounds, "good")
	foreign := newFaultPKI(t, rounds, "foreign")
	bad := newFaultPKI(t, rounds, "bad")
	ctx := context.Background()
	dir := fastTempDir(t)
	pw := pwArgs(t, "pp")
	certutil(t, dir, append([]string{"-N"}, pw...)...)
	setForTest(t, &hookAfterWrite, func(string) error { return errInjected })
	var imported []*certfile.Identity
	for i := 0; i < rounds; i++ {
		child := startHelper(t, "import", dir, "pp", good.p12s[i])
		wpw := filepath.Join(t.TempDir(), "w")
		os.WriteFile(wpw, []byte(helperP12Password), 0o600)
		pk := exec.Command("pk12util", "-i", foreign.p12s[i], "-d", "sql:"+dir, "-w", wpw, "-k", pw[1])
		var pkOut []byte
		var pkErr error
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); pkOut, pkErr = pk.CombinedOutput() }()
		s := New(dir, "t")
		s.PrimaryPassword = "pp"
		want := errInjected
		if i%2 == 0 {
			s.PrimaryPassword, want = "wrong", ErrPrimaryPasswordWrong
		}
		if err := s.Import(ctx, bad.ids[i]); !errors.Is(err, want) {
			t.Fatalf("round %d: failing import = %v, want %v", i, err, want)
		}
		if line := child.line(t); line == "ok" {
			imported = append(imported, good.ids[i])
		} else {
			t.Logf("round %d: the other copy reported %q", i, line)
		}
		wg.Wait()
		if pkErr == nil {
			imported = append(imported, foreign.ids[i])
		} else {
			t.Logf("round %d: pk12util: %v %s", i, pkErr, pkOut)
		}
	}
	hookAfterWrite = nil
	if len(imported) < rounds {
		t.Fatalf("only %d of %d good imports succeeded", len(imported), 2*rounds)
	}
	entries, orphans := checkConsistent(t, dir, "pp")
	have := keyedSet(entries)
	for _, id := range imported {
		if !have[id.SHA256()] {
			t.Errorf("%s reported imported, but it is gone", id.Leaf.Subject.CommonName)
		}
	}
	for _, id := range bad.ids {
		for _, e := range entries {
			if e.SHA256() == id.SHA256() {
				t.Errorf("failed import %s left its certificate", id.Leaf.Subject.CommonName)
			}
		}
	}
	if len(orphans) != 0 {
		t.Errorf("orphan keys left: %+v", orphans)
	}
}

// A failing import while another process has the database open (like a
// running Firefox): the files are changed in place (same inode, the other
// process's handle keeps working and sees the truth), and an import while
// another process holds a write transaction is refused as busy without
// touching anything; that process's change survives.
func TestFailingImportWhileAnotherProcessHoldsTheDatabase(t *testing.T) {
	fp, dir, s := faultDB(t, 3, "held")
	ctx := context.Background()
	stat := func() os.FileInfo {
		st, err := os.Stat(filepath.Join(dir, "cert9.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := stat()
	browser := startHelper(t, "hold", dir, "")
	if l := browser.line(t); l != "ready" {
		t.Fatalf("holder: %s", l)
	}
	setForTest(t, &hookAfterWrite, func(string) error { return errInjected })
	if err := s.Import(ctx, fp.ids[1]); !errors.Is(err, errInjected) {
		t.Fatalf("import = %v", err)
	}
	hookAfterWrite = nil
	fmt.Fprintln(browser.in, "list")
	seen := browser.line(t)
	if !strings.HasPrefix(seen, "certs ") || strings.Contains(seen, fp.ids[1].SHA256()) || !strings.Contains(seen, fp.ids[0].SHA256()) {
		t.Fatalf("the open session sees %q", seen)
	}
	if !os.SameFile(stat(), before) {
		t.Fatal("cert9.db was replaced by another file")
	}
	// A good import now, with the other session still open: it sees it.
	if err := s.Import(ctx, fp.ids[2]); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(browser.in, "list")
	if seen := browser.line(t); !strings.Contains(seen, fp.ids[2].SHA256()) {
		t.Fatalf("the open session does not see the new import: %q", seen)
	}
	browser.in.Close()
	browser.cmd.Wait()

	// Another program inside a write transaction (renaming a certificate).
	setForTest(t, &busyWait, 300*time.Millisecond)
	entries, _ := checkConsistent(t, dir, "")
	sums := fileSums(t, dir)
	other := holdSQLite(t, filepath.Join(dir, "cert9.db"),
		"BEGIN IMMEDIATE; UPDATE nssPublic SET a3 = CAST('renamed-by-another-program' AS BLOB) WHERE a3 = CAST('"+entries[0].Nickname+"' AS BLOB);")
	start := time.Now()
	err := s.Import(ctx, fp.ids[1])
	if !errors.Is(err, store.ErrBusy) {
		t.Fatalf("import while another program writes = %v, want store.ErrBusy", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("busy import took %v", d)
	}
	if !sameSums(sums, fileSums(t, dir)) {
		t.Fatal("the refused import changed the files")
	}
	other.commit(t)
	entries, _ = checkConsistent(t, dir, "")
	renamed := false
	for _, e := range entries {
		renamed = renamed || e.Nickname == "renamed-by-another-program"
		if e.SHA256() == fp.ids[1].SHA256() {
			t.Fatal("the refused import is in the database")
		}
	}
	if !renamed {
		t.Fatalf("the other program's change was lost: %+v", entries)
	}
}

// A symlinked cert9.db stays a symlink through imports, a failed import and
// a restore; the content lives in the target.
func TestSymlinkedDatabaseStaysASymlink(t *testing.T) {
	fp := faultStart(t, 3, "link")
	ctx := context.Background()
	dir, elsewhere := t.TempDir(), t.TempDir()
	s := New(dir, "t")
	if err := s.Import(ctx, fp.ids[0]); err != nil {
		t.Fatal(err)
	}
	for _, f := range sqliteFiles {
		if err := os.Rename(filepath.Join(dir, f), filepath.Join(elsewhere, f)); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(elsewhere, f), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	links := func(when string) {
		t.Helper()
		for _, f := range sqliteFiles {
			st, err := os.Lstat(filepath.Join(dir, f))
			if err != nil || st.Mode()&fs.ModeSymlink == 0 {
				t.Fatalf("%s: %s is no longer a symlink (%v)", when, f, err)
			}
		}
	}
	if err := s.Import(ctx, fp.ids[1]); err != nil {
		t.Fatal(err)
	}
	links("after an import")
	setForTest(t, &hookAfterWrite, func(string) error { return errInjected })
	if err := s.Import(ctx, fp.ids[2]); !errors.Is(err, errInjected) {
		t.Fatal(err)
	}
	hookAfterWrite = nil
	links("after a failed import")
	entries, _ := checkConsistent(t, dir, "")
	if len(entries) != 2 {
		t.Fatalf("entries: %+v", entries)
	}
	// A hot journal beside the target (where SQLite puts it), then restore
	// the backup taken before the second import.
	leaveHotJournal(t, filepath.Join(dir, "cert9.db"))
	if _, err := os.Stat(filepath.Join(elsewhere, "cert9.db-journal")); err != nil {
		t.Fatalf("the journal is not beside the target: %v", err)
	}
	backups, err := s.Backups()
	if err != nil || len(backups) < 1 {
		t.Fatalf("backups: %v %v", backups, err)
	}
	if err := s.Restore(backups[len(backups)-1]); err != nil {
		t.Fatal(err)
	}
	links("after a restore")
	entries, _ = checkConsistent(t, dir, "")
	if len(entries) != 1 || entries[0].SHA256() != fp.ids[0].SHA256() {
		t.Fatalf("restored: %+v", entries)
	}
}

// Read-only: writes are refused as store.ErrReadOnly before anything is
// written (no backup either); reads work; a journal that needs rolling back
// in a read-only folder is an error, never an empty list.
func TestReadOnlyDatabase(t *testing.T) {
	fp, dir, s := faultDB(t, 2, "ro")
	ctx := context.Background()
	os.RemoveAll(filepath.Join(dir, BackupDirName))
	sums := fileSums(t, dir)
	undo := makeReadOnly(t, dir, filepath.Join(dir, "cert9.db"), filepath.Join(dir, "key4.db"))
	if err := s.Import(ctx, fp.ids[1]); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("Import = %v, want store.ErrReadOnly", err)
	}
	if err := s.Delete(ctx, fp.ids[0].SHA256()); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("Delete = %v, want store.ErrReadOnly", err)
	}
	if entries, err := s.List(ctx); err != nil || len(entries) != 1 {
		t.Fatalf("List of a read-only database = %d, %v", len(entries), err)
	}
	if _, err := s.Orphans(ctx); err != nil {
		t.Fatalf("Orphans of a read-only database: %v", err)
	}
	undo()
	if !sameSums(sums, fileSums(t, dir)) {
		t.Fatal("the read-only database changed")
	}
	if _, err := os.Lstat(filepath.Join(dir, BackupDirName)); err == nil {
		t.Fatal("a refused write made a backup folder")
	}
	leaveHotJournal(t, filepath.Join(dir, "key4.db"))
	undo = makeReadOnly(t, dir, filepath.Join(dir, "cert9.db"), filepath.Join(dir, "key4.db"))
	if entries, err := s.List(ctx); !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("List with a journal in a read-only folder = %d entries, %v; want store.ErrReadOnly", len(entries), err)
	}
	undo()
	// With write access, the interrupted write is rolled back and the
	// database reads as before.
	entries, _ := checkConsistent(t, dir, "")
	if len(entries) != 1 || !entries[0].HasKey {
		t.Fatalf("after the rollback: %+v", entries)
	}
}

// Locked by another process: every operation reports store.ErrBusy quickly
// instead of an NSS code or an empty list; a reader's shared lock does not
// stop a read.
func TestLockedDatabase(t *testing.T) {
	fp, dir, s := faultDB(t, 2, "locked")
	ctx := context.Background()
	setForTest(t, &busyWait, 150*time.Millisecond)
	for _, f := range sqliteFiles {
		h := holdSQLite(t, filepath.Join(dir, f), "BEGIN EXCLUSIVE;")
		start := time.Now()
		if entries, err := s.List(ctx); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("%s locked: List = %d entries, %v; want store.ErrBusy", f, len(entries), err)
		}
		if _, err := s.Orphans(ctx); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("%s locked: Orphans = %v", f, err)
		}
		if err := s.Import(ctx, fp.ids[1]); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("%s locked: Import = %v", f, err)
		}
		if err := s.Delete(ctx, fp.ids[0].SHA256()); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("%s locked: Delete = %v", f, err)
		}
		if _, _, _, err := s.Signer(fp.ids[0].SHA256()); !errors.Is(err, store.ErrBusy) {
			t.Fatalf("%s locked: Signer = %v", f, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s locked: five refusals took %v", f, d)
		}
		h.commit(t)
	}
	// A reader inside a transaction: reading goes on.
	h := holdSQLite(t, filepath.Join(dir, "cert9.db"), "BEGIN; SELECT count(*) FROM nssPublic;")
	if entries, err := s.List(ctx); err != nil || len(entries) != 1 {
		t.Fatalf("List beside a reader = %d, %v", len(entries), err)
	}
	h.commit(t)
	// Another copy of this tool in the middle of a write.
	lk, err := s.acquireProcLock(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	setForTest(t, &procLockWait, 200*time.Millisecond)
	other := New(dir, "t")
	if err := other.Import(ctx, fp.ids[1]); !errors.Is(err, store.ErrBusy) {
		t.Fatalf("Import while another copy writes = %v", err)
	}
	lk.release()
	checkConsistent(t, dir, "")
}

// A journal left by a killed writer: List rolls it back (as the browser
// would at its start) and reads the database as it was before that write.
func TestLeftoverJournalIsRolledBack(t *testing.T) {
	_, dir, s := faultDB(t, 1, "journal")
	ctx := context.Background()
	for _, f := range sqliteFiles {
		leaveHotJournal(t, filepath.Join(dir, f))
	}
	entries, err := s.List(ctx)
	if err != nil || len(entries) != 1 || !entries[0].HasKey {
		t.Fatalf("List with journals left = %+v, %v", entries, err)
	}
	checkConsistent(t, dir, "")
}

// Issue 16: kill -9 at random points of imports and deletes, 50 rounds.
// After each: SQLite intact, certutil and our List/Orphans agree, no key
// unreported. Then every orphan is deleted, and every backup restored
// (onto a copy with a hot journal of its own) gives a sound database.
func TestKillNineAtRandomPoints(t *testing.T) {
	fp := faultStart(t, 5, "kill") // the helpers use the first four
	dir := fastTempDir(t)
	s := New(dir, "t")
	s.KeepBackups = 50
	ctx := context.Background()
	if err := s.Import(ctx, fp.ids[0]); err != nil {
		t.Fatal(err)
	}
	rounds := 50
	if testing.Short() {
		rounds = 10
	}
	orphansSeen, journals := 0, 0
	for i := 0; i < rounds; i++ {
		h := startHelper(t, "loop", dir, "", fp.p12s[:4]...)
		if l := h.line(t); l != "ready" {
			t.Fatalf("helper: %s", l)
		}
		time.Sleep(time.Duration(rand.IntN(120)) * time.Millisecond)
		h.cmd.Process.Kill() // SIGKILL
		h.cmd.Wait()
		for _, f := range sqliteFiles {
			if hotJournal(filepath.Join(dir, f)) {
				journals++
			}
		}
		_, orphans := checkConsistent(t, dir, "")
		orphansSeen += len(orphans)
		if len(orphans) > 0 && i%2 == 0 {
			for _, o := range orphans {
				if err := s.DeleteOrphan(ctx, o.ID); err != nil {
					t.Fatalf("DeleteOrphan %s: %v", o.ID, err)
				}
			}
			if _, left := checkConsistent(t, dir, ""); len(left) != 0 {
				t.Fatalf("orphans after DeleteOrphan: %+v", left)
			}
		}
	}
	t.Logf("%d rounds: %d hot journals, %d orphan keys seen", rounds, journals, orphansSeen)
	// Each delete drops the backups that hold its key (issue 16 Medium 7),
	// so the kills may leave no backup at all; one more import backs up
	// the state they left, and every backup, that one included, restores.
	if err := s.Import(ctx, fp.ids[4]); err != nil {
		t.Fatal(err)
	}

	backups, err := s.Backups()
	if err != nil || len(backups) == 0 {
		t.Fatalf("backups: %v %v", backups, err)
	}
	for _, b := range backups {
		st, err := os.Stat(b)
		if err != nil || st.Mode().Perm() != 0o700 {
			t.Fatalf("backup folder %s: %v %v", b, st.Mode(), err)
		}
		files, _ := os.ReadDir(b)
		for _, f := range files {
			if info, _ := f.Info(); info.Mode().Perm() != 0o600 {
				t.Fatalf("backup file %s/%s is %v", b, f.Name(), info.Mode())
			}
		}
		// What the backup holds, read from a copy of it.
		wantEntries, err := New(copyDir(t, b), "t").List(ctx)
		if err != nil {
			t.Fatalf("backup %s cannot be read: %v", b, err)
		}
		// Restored over a copy of the live database with a hot journal.
		scratch := copyDir(t, dir)
		leaveHotJournal(t, filepath.Join(scratch, "cert9.db"))
		if err := New(scratch, "t").Restore(b); err != nil {
			t.Fatalf("restore %s: %v", b, err)
		}
		got, _ := checkConsistent(t, scratch, "")
		if fmt.Sprint(keyedSet(got)) != fmt.Sprint(keyedSet(wantEntries)) || len(got) != len(wantEntries) {
			t.Fatalf("restore of %s gives %d entries, the backup holds %d", b, len(got), len(wantEntries))
		}
	}
}

// copyDir copies a database folder's files (not the backups) to a new one.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := fastTempDir(t)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
