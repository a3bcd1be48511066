package nss

import (
	"context"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// Orphan keys (issue 16 Medium 9): a key whose certificate is gone (here
// certutil -D, which removes only the certificate, as a kill between the
// writes leaves it) is reported by Orphans, not by List, and DeleteOrphan
// removes exactly it; a key in use is never an orphan.
func TestOrphanKeysAreReportedAndRemovable(t *testing.T) {
	fp := faultStart(t, 2, "orphan")
	ctx := context.Background()
	dir, s := imported(t, fp.ids...)
	entries, err := s.List(ctx)
	if err != nil || len(entries) != 2 {
		t.Fatalf("List = %+v, %v", entries, err)
	}
	var gone store.Entry
	for _, e := range entries {
		if e.SHA256() == fp.ids[0].SHA256() {
			gone = e
		}
	}
	certutil(t, dir, "-D", "-n", gone.Nickname)
	entries, orphans := checkConsistent(t, dir, "")
	if len(entries) != 1 || entries[0].SHA256() != fp.ids[1].SHA256() {
		t.Fatalf("List after certutil -D: %+v", entries)
	}
	wantID := strings.ToUpper(hex.EncodeToString(keyIDOf(fp.ids[0].Leaf.PublicKey)))
	if len(orphans) != 1 || orphans[0].ID != wantID || orphans[0].KeyType != "ECDSA P-256" ||
		orphans[0].Store != store.KindNSS || orphans[0].Location != dir || orphans[0].Label == "" {
		t.Fatalf("Orphans = %+v, want one ECDSA P-256 key %s", orphans, wantID)
	}
	inUse := strings.ToUpper(hex.EncodeToString(keyIDOf(fp.ids[1].Leaf.PublicKey)))
	if err := s.DeleteOrphan(ctx, inUse); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("DeleteOrphan of a key in use = %v, want store.ErrNotFound", err)
	}
	if err := s.DeleteOrphan(ctx, "not hex"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("DeleteOrphan(garbage) = %v", err)
	}
	if err := s.DeleteOrphan(ctx, strings.ToLower(wantID)); err != nil {
		t.Fatal(err)
	}
	entries, orphans = checkConsistent(t, dir, "")
	if len(orphans) != 0 || len(entries) != 1 || !entries[0].HasKey {
		t.Fatalf("after DeleteOrphan: %+v, %+v", entries, orphans)
	}
	if keys := certutilKeys(t, dir, ""); len(keys) != 1 {
		t.Fatalf("certutil -K after DeleteOrphan: %v", keys)
	}
	if err := s.DeleteOrphan(ctx, wantID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second DeleteOrphan = %v", err)
	}
	// An orphan left by a killed import is completed by importing again.
	certutil(t, dir, "-D", "-n", entries[0].Nickname)
	if err := s.Import(ctx, fp.ids[1]); err != nil {
		t.Fatal(err)
	}
	if entries, orphans = checkConsistent(t, dir, ""); len(orphans) != 0 || len(entries) != 1 || !entries[0].HasKey {
		t.Fatalf("re-import over an orphan: %+v, %+v", entries, orphans)
	}
}

// Issue 16 Medium 4: a certificate without a key is really deleted
// (PK11_DeleteTokenCertAndKey did nothing there), and a deletion that does
// not happen is an error.
func TestDeleteCertificateWithoutKey(t *testing.T) {
	fp, dir, s := faultDB(t, 2, "nokey")
	ctx := context.Background()
	pemFile := filepath.Join(t.TempDir(), "c.pem")
	os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: fp.ids[1].Leaf.Raw}), 0o600)
	certutil(t, dir, "-A", "-n", "certificate without key", "-t", ",,", "-i", pemFile)
	entries, _ := checkConsistent(t, dir, "")
	found := false
	for _, e := range entries {
		if e.SHA256() == fp.ids[1].SHA256() {
			found = !e.HasKey
		}
	}
	if !found {
		t.Fatalf("the certificate without key is not listed as such: %+v", entries)
	}
	if err := s.Delete(ctx, fp.ids[1].SHA256()); err != nil {
		t.Fatal(err)
	}
	if out := certutil(t, dir, "-L"); strings.Contains(out, "certificate without key") {
		t.Fatalf("certutil -L still lists it:\n%s", out)
	}
	if err := s.Delete(ctx, fp.ids[1].SHA256()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete = %v, want store.ErrNotFound", err)
	}
	// A deletion NSS cannot carry out (cert9.db read-only under it) is an
	// error, and List shows what is left.
	setForTest(t, &hookBeforeWrite, func(d string) { makeReadOnly(t, filepath.Join(d, "cert9.db")) })
	err := s.Delete(ctx, fp.ids[0].SHA256())
	hookBeforeWrite = nil
	if err == nil {
		t.Fatal("a delete that could not remove the certificate reported success")
	}
	for _, f := range sqliteFiles {
		exec.Command("chattr", "-i", filepath.Join(dir, f)).Run()
		os.Chmod(filepath.Join(dir, f), 0o600)
	}
	entries, _ = checkConsistent(t, dir, "")
	if len(entries) != 1 || entries[0].SHA256() != fp.ids[0].SHA256() {
		t.Fatalf("after the failed delete: %+v", entries)
	}
}

// Issue 16 Medium 10: a renewal that kept the key imports beside the old
// certificate and both have their key; deleting one keeps the key for the
// other; deleting the last removes it.
func TestRenewalSharingTheKey(t *testing.T) {
	fp := faultStart(t, 1, "renew")
	old := fp.ids[0]
	ctx := context.Background()
	leaf, err := fp.ca.NewLeaf(pki.LeafOptions{CommonName: old.Leaf.Subject.CommonName, Key: old.Key})
	if err != nil {
		t.Fatal(err)
	}
	renewal := pkitest.Identity(leaf)
	dir, s := imported(t, old)
	e, err := store.ImportAndVerify(ctx, s, renewal)
	if err != nil || !e.HasKey {
		t.Fatalf("renewal with the same key: %+v, %v", e, err)
	}
	entries, orphans := checkConsistent(t, dir, "")
	if len(entries) != 2 || !entries[0].HasKey || !entries[1].HasKey || len(orphans) != 0 {
		t.Fatalf("both certificates should have the key: %+v", entries)
	}
	if keys := certutilKeys(t, dir, ""); len(keys) != 1 {
		t.Fatalf("certutil -K: %v, want the one shared key", keys)
	}
	if err := s.Delete(ctx, old.SHA256()); err != nil {
		t.Fatal(err)
	}
	entries, orphans = checkConsistent(t, dir, "")
	if len(entries) != 1 || entries[0].SHA256() != renewal.SHA256() || !entries[0].HasKey || len(orphans) != 0 {
		t.Fatalf("after deleting the old one: %+v %+v", entries, orphans)
	}
	if err := s.Delete(ctx, renewal.SHA256()); err != nil {
		t.Fatal(err)
	}
	if keys := certutilKeys(t, dir, ""); len(keys) != 0 {
		t.Fatalf("the key stayed after its last certificate: %v", keys)
	}
	// An empty database lists as empty, without error.
	if entries, orphans := checkConsistent(t, dir, ""); len(entries) != 0 || len(orphans) != 0 {
		t.Fatalf("empty database: %+v %+v", entries, orphans)
	}
}

// An RSA orphan is described like certfile.KeyTypeOf does.
func TestOrphanRSAKeyType(t *testing.T) {
	needSQLite(t)
	noShutdownLeaks(t)
	_, leaf := pkitest.Issue(t, "rootip-cloud.net rsa orphan", pki.LeafOptions{CommonName: "rsa-orphan.rootip-cloud.net", KeyType: pki.RSA2048})
	dir, s := imported(t, pkitest.Identity(leaf))
	entries := mustList(t, s)
	certutil(t, dir, "-D", "-n", entries[0].Nickname)
	_, orphans := checkConsistent(t, dir, "")
	if len(orphans) != 1 || orphans[0].KeyType != "RSA 2048" {
		t.Fatalf("orphans %+v", orphans)
	}
}

// Issue 16 Medium 7: backups that hold a deleted key are removed with it;
// the others stay.
func TestDeletedKeyDoesNotStayInBackups(t *testing.T) {
	fp := faultStart(t, 3, "bk")
	ctx := context.Background()
	dir, s := imported(t, fp.ids...) // backups: {0}, {0,1}
	backups, _ := s.Backups()
	if len(backups) != 2 {
		t.Fatalf("backups: %v", backups)
	}
	if err := s.Delete(ctx, fp.ids[1].SHA256()); err != nil {
		t.Fatal(err)
	}
	left, _ := s.Backups()
	if len(left) != 1 || left[0] != backups[1] {
		t.Fatalf("backups after deleting key 1: %v (were %v)", left, backups)
	}
	deleted := hex.EncodeToString(keyIDOf(fp.ids[1].Leaf.PublicKey))
	for _, b := range append(left, dir) {
		if _, ok := certutilKeys(t, copyDir(t, b), "")[deleted]; ok {
			t.Fatalf("%s still holds the deleted key", b)
		}
	}
	// A delete that removes no key (a certificate without one) is backed up.
	pemFile := filepath.Join(t.TempDir(), "c.pem")
	os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: fp.ids[1].Leaf.Raw}), 0o600)
	certutil(t, dir, "-A", "-n", "no key", "-t", ",,", "-i", pemFile)
	if err := s.Delete(ctx, fp.ids[1].SHA256()); err != nil {
		t.Fatal(err)
	}
	if now, _ := s.Backups(); len(now) != 2 {
		t.Fatalf("a delete without key took no backup: %v", now)
	}
}

// Backups include the journals, are 0600 in a 0700 folder, and restore to
// the state SQLite rolls back to.
func TestBackupKeepsJournalsAndRestores(t *testing.T) {
	_, dir, s := faultDB(t, 1, "bj")
	ctx := context.Background()
	leaveHotJournal(t, filepath.Join(dir, "cert9.db"))
	nssMu.Lock()
	b, err := s.backup(ctx)
	nssMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"cert9.db", "cert9.db-journal", "key4.db", "pkcs11.txt"} {
		st, err := os.Stat(filepath.Join(b, f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("backup %s: %v", f, err)
		}
	}
	for _, d := range []string{b, filepath.Dir(b)} {
		if st, _ := os.Stat(d); st.Mode().Perm() != 0o700 {
			t.Fatalf("%s is %v, want 0700", d, st.Mode())
		}
	}
	// The live database rolls back to its one entry; the backup, restored
	// over a copy that has a journal of its own, gives the same.
	live, _ := checkConsistent(t, dir, "")
	scratch := copyDir(t, dir)
	leaveHotJournal(t, filepath.Join(scratch, "key4.db"))
	if err := New(scratch, "t").Restore(b); err != nil {
		t.Fatal(err)
	}
	if !hotJournal(filepath.Join(scratch, "cert9.db")) {
		t.Fatal("the backup's journal was not restored with its file")
	}
	got, _ := checkConsistent(t, scratch, "")
	if len(live) != 1 || len(got) != 1 || got[0].SHA256() != live[0].SHA256() || !got[0].HasKey {
		t.Fatalf("restored %+v, live %+v", got, live)
	}
}
