package nss

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/store"
)

// Tools of the fault suite: child processes of this test binary, SQLite
// lock holders, certutil parsers and the consistency check every fault
// test ends with.

const (
	helperEnv         = "ROOTIP_NSS_HELPER"
	helperP12Password = "helper-pw"
)

// TestMain lets the test binary run as a helper process (a second copy of
// this tool, killed with -9 by the fault tests).
func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode))
	}
	os.Exit(m.Run())
}

// runHelper: "import" imports one identity and prints ok; "loop" imports
// and deletes forever (until killed); "hold" keeps an NSS session open on
// the database, like a running browser, and answers "list" on stdin.
func runHelper(mode string) int {
	dir := os.Getenv("ROOTIP_NSS_DIR")
	s := New(dir, "helper")
	s.PrimaryPassword = os.Getenv("ROOTIP_NSS_PRIMARY")
	var ids []*certfile.Identity
	for _, p := range filepath.SplitList(os.Getenv("ROOTIP_NSS_P12")) {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Println("error:", err)
			return 2
		}
		id, err := certfile.Decode(data, helperP12Password)
		if err != nil {
			fmt.Println("error:", err)
			return 2
		}
		ids = append(ids, id)
	}
	ctx := context.Background()
	switch mode {
	case "import":
		if err := s.Import(ctx, ids[0]); err != nil {
			fmt.Println("error:", err)
			return 1
		}
		fmt.Println("ok")
		return 0
	case "loop":
		fmt.Println("ready")
		// An import and a delete in each turn, so a kill in the first
		// ~100 ms lands in either.
		for i := 0; ; i++ {
			s.Import(ctx, ids[i%len(ids)])
			s.Delete(ctx, ids[(i+1)%len(ids)].SHA256())
		}
	case "hold":
		sess, err := openSession(dir, false)
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		defer sess.close()
		fmt.Println("ready")
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if sc.Text() != "list" {
				continue
			}
			objs, err := sess.objects()
			if err != nil {
				fmt.Println("error:", err)
				continue
			}
			var fps []string
			for _, c := range objs.certs {
				fps = append(fps, c.fp)
			}
			fmt.Printf("certs %d keys %d %s\n", len(objs.certs), len(objs.keys), strings.Join(fps, ","))
		}
		return 0
	}
	fmt.Println("unknown helper mode", mode)
	return 2
}

// helper is a running child process of the test binary.
type helper struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// startPiped starts cmd with its standard input and output piped to the
// test (its errors go to the test's stderr) and kills it when the test ends.
func startPiped(t *testing.T, cmd *exec.Cmd) (io.WriteCloser, *bufio.Reader) {
	t.Helper()
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return in, bufio.NewReader(out)
}

func startHelper(t *testing.T, mode, dir, primary string, p12s ...string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "ROOTIP_NSS_DIR="+dir,
		"ROOTIP_NSS_PRIMARY="+primary, "ROOTIP_NSS_P12="+strings.Join(p12s, string(os.PathListSeparator)))
	in, out := startPiped(t, cmd)
	return &helper{cmd: cmd, in: in, out: out}
}

// line reads the helper's next output line, failing after a few seconds.
func (h *helper) line(t *testing.T) string {
	t.Helper()
	ch := make(chan string, 1)
	go func() {
		s, _ := h.out.ReadString('\n')
		ch <- strings.TrimSpace(s)
	}()
	select {
	case s := <-ch:
		return s
	case <-time.After(20 * time.Second):
		t.Fatal("helper process did not answer")
		return ""
	}
}

// faultIDs makes n throwaway identities (P-256: fast to generate) and
// their PKCS#12 files (one KDF iteration: fast to read in a child).
type faultPKI struct {
	ca   *pki.CA
	ids  []*certfile.Identity
	p12s []string
}

func newFaultPKI(t *testing.T, n int, prefix string) *faultPKI {
	t.Helper()
	root, err := pki.NewRootCA("rootip fault root " + prefix)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := root.NewIntermediate("rootip-cloud.net fault " + prefix)
	if err != nil {
		t.Fatal(err)
	}
	fp := &faultPKI{ca: ca}
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: fmt.Sprintf("%s-%02d.rootip-cloud.net", prefix, i), KeyType: pki.P256})
		if err != nil {
			t.Fatal(err)
		}
		data, err := leaf.P12(pki.Modern, helperP12Password, true, 1)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("%s-%02d.p12", prefix, i))
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		fp.ids = append(fp.ids, &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key})
		fp.p12s = append(fp.p12s, p)
	}
	return fp
}

// fastTempDir is a temporary directory on tmpfs when the machine has one
// (/dev/shm), else t.TempDir(). The many-round fault tests use it: a kill
// -9 loses nothing from the page cache, so durability is not what they
// test, and on a busy disk the fsyncs of hundreds of SQLite commits would
// dominate their time. SQLite's locks and journals behave the same there.
func fastTempDir(t *testing.T) string {
	t.Helper()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "rootip-nss-test-*"); err == nil {
			t.Cleanup(func() { os.RemoveAll(d) })
			return d
		}
	}
	return t.TempDir()
}

func needSQLite(t *testing.T) {
	t.Helper()
	needNSS(t)
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Skip("needs the sqlite3 command (Debian sqlite3; make test installs it)")
	}
}

// faultStart begins a fault test: the real NSS with certutil and sqlite3
// (else a skip), a check that no NSS session is leaked by the end, and n
// throwaway identities.
func faultStart(t *testing.T, n int, prefix string) *faultPKI {
	t.Helper()
	needSQLite(t)
	noShutdownLeaks(t)
	return newFaultPKI(t, n, prefix)
}

// faultDB is faultStart and a fresh database holding the first identity.
func faultDB(t *testing.T, n int, prefix string) (*faultPKI, string, *Store) {
	t.Helper()
	fp := faultStart(t, n, prefix)
	dir, s := imported(t, fp.ids[0])
	return fp, dir, s
}

// setForTest changes a package variable for the test.
func setForTest[T any](t *testing.T, p *T, v T) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}

// sqliteHolder is a sqlite3 process inside a transaction on a database file.
type sqliteHolder struct {
	cmd *exec.Cmd
	in  io.WriteCloser
}

// holdSQLite runs sql (which opens a transaction) in a sqlite3 process and
// returns once the statement ran: the process then holds its lock.
func holdSQLite(t *testing.T, db, sql string) *sqliteHolder {
	t.Helper()
	cmd := exec.Command("sqlite3", db)
	in, out := startPiped(t, cmd)
	h := &sqliteHolder{cmd: cmd, in: in}
	fmt.Fprintf(in, "%s\nSELECT 'held';\n", sql)
	for {
		line, err := out.ReadString('\n')
		if strings.TrimSpace(line) == "held" {
			return h
		}
		if err != nil {
			t.Fatalf("sqlite3 did not take its lock on %s: %v", db, err)
		}
	}
}

func (h *sqliteHolder) commit(t *testing.T) {
	t.Helper()
	fmt.Fprintln(h.in, "COMMIT;")
	h.in.Close()
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("sqlite3 commit: %v", err)
	}
}

// kill ends the holder with SIGKILL in the middle of its transaction: a hot
// journal is left beside the file.
func (h *sqliteHolder) kill(t *testing.T) {
	t.Helper()
	h.cmd.Process.Kill()
	h.cmd.Wait()
}

// leaveHotJournal makes a sqlite3 process delete every row of the file's
// table, with a one-page cache so the changed pages reach the file, and
// kills it before it commits.
func leaveHotJournal(t *testing.T, db string) {
	t.Helper()
	table := map[string]string{"cert9.db": "nssPublic", "key4.db": "nssPrivate"}[filepath.Base(db)]
	h := holdSQLite(t, db, "PRAGMA cache_size=1; BEGIN; DELETE FROM "+table+";")
	h.kill(t)
	if !hotJournal(db) {
		t.Fatalf("no hot journal beside %s", db)
	}
}

var (
	keyLine  = regexp.MustCompile(`^<\s*\d+>\s+(\S+)\s+([0-9a-f]{40})\s+(.*)$`)
	certLine = regexp.MustCompile(`^(.*?)\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\s*$`)
)

func pwArgs(t *testing.T, primary string) []string {
	if primary == "" {
		return nil
	}
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte(primary+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"-f", p}
}

// certutilKeys is what `certutil -K` lists: key ID (hex) → nickname.
func certutilKeys(t *testing.T, dir, primary string) map[string]string {
	t.Helper()
	out, err := exec.Command("certutil", append([]string{"-d", "sql:" + dir, "-K"}, pwArgs(t, primary)...)...).CombinedOutput()
	return parseKeys(t, out, err)
}

func parseKeys(t *testing.T, out []byte, err error) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, l := range strings.Split(string(out), "\n") {
		if m := keyLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			keys[m[2]] = strings.TrimSpace(m[3])
		}
	}
	if err != nil && !strings.Contains(string(out), "no keys found") {
		t.Fatalf("certutil -K: %v\n%s", err, out)
	}
	return keys
}

// certutilCerts is what `certutil -L` lists: nickname and trust flags.
func certutilCerts(t *testing.T, dir string) [][2]string {
	t.Helper()
	return parseCerts(certutil(t, dir, "-L"))
}

func parseCerts(out string) [][2]string {
	var certs [][2]string
	for i, l := range strings.Split(out, "\n") {
		if i < 3 {
			continue // the header
		}
		if m := certLine.FindStringSubmatch(l); m != nil {
			certs = append(certs, [2]string{strings.TrimSpace(m[1]), m[2]})
		}
	}
	return certs
}

// runAll runs independent read-only commands at once (the consistency
// check runs after every fault round; process start-up dominates it).
func runAll(cmds ...*exec.Cmd) ([][]byte, []error) {
	outs, errs := make([][]byte, len(cmds)), make([]error, len(cmds))
	var wg sync.WaitGroup
	for i, c := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = c.CombinedOutput()
		}()
	}
	wg.Wait()
	return outs, errs
}

// entryKeys sums up entries for comparison: fingerprint, key, nickname.
func entryKeys(entries []store.Entry) string {
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s key=%v %q\n", e.SHA256(), e.HasKey, e.Nickname)
	}
	return b.String()
}

func hexID(e store.Entry) string { return hex.EncodeToString(keyIDOf(e.Cert.PublicKey)) }

// checkConsistent is the end of every fault: our List and Orphans succeed,
// SQLite finds both files intact, and certutil agrees with us about every
// key and every certificate with a key; no key goes unreported.
func checkConsistent(t *testing.T, dir, primary string) ([]store.Entry, []store.Orphan) {
	t.Helper()
	ctx := context.Background()
	s := New(dir, "check")
	s.PrimaryPassword = primary
	entries, err := s.List(ctx)
	if err != nil {
		t.Fatalf("List after the fault: %v", err)
	}
	orphans, err := s.Orphans(ctx)
	if err != nil {
		t.Fatalf("Orphans after the fault: %v", err)
	}
	// The one-pass read the inventory uses says exactly the same.
	wEntries, wOrphans, err := s.ListWithOrphans(ctx)
	if err != nil {
		t.Fatalf("ListWithOrphans after the fault: %v", err)
	}
	if got, want := entryKeys(wEntries), entryKeys(entries); got != want {
		t.Fatalf("ListWithOrphans entries:\n%s\nList:\n%s", got, want)
	}
	if fmt.Sprint(wOrphans) != fmt.Sprint(orphans) {
		t.Fatalf("ListWithOrphans orphans %+v, Orphans %+v", wOrphans, orphans)
	}
	key4 := strings.ReplaceAll(filepath.Join(dir, "key4.db"), "'", "''")
	outs, errs := runAll(
		exec.Command("sqlite3", filepath.Join(dir, "cert9.db"),
			"ATTACH '"+key4+"' AS k; PRAGMA main.integrity_check; PRAGMA k.integrity_check;"),
		exec.Command("certutil", append([]string{"-d", "sql:" + dir, "-K"}, pwArgs(t, primary)...)...),
		exec.Command("certutil", "-d", "sql:"+dir, "-L"))
	if errs[0] != nil || strings.TrimSpace(string(outs[0])) != "ok\nok" {
		t.Fatalf("integrity_check %s: %v %s", dir, errs[0], outs[0])
	}
	if errs[2] != nil {
		t.Fatalf("certutil -L: %v\n%s", errs[2], outs[2])
	}
	keys := parseKeys(t, outs[1], errs[1])
	reported := map[string]bool{}
	keyed := 0
	for _, e := range entries {
		id := hexID(e)
		if _, inNSS := keys[id]; inNSS != e.HasKey {
			t.Fatalf("%s: List says HasKey %v, certutil -K lists its key: %v", e.Cert.Subject.CommonName, e.HasKey, inNSS)
		}
		if e.HasKey {
			reported[id] = true
			keyed++
		}
	}
	for _, o := range orphans {
		id := strings.ToLower(o.ID)
		if _, ok := keys[id]; !ok {
			t.Fatalf("orphan %s is not in certutil -K", o.ID)
		}
		if reported[id] {
			t.Fatalf("key %s both orphan and a certificate's", o.ID)
		}
		reported[id] = true
	}
	for id, nick := range keys {
		if !reported[id] {
			t.Fatalf("certutil -K lists key %s (%s) that neither List nor Orphans reports", id, nick)
		}
	}
	users := 0
	listed := map[string]bool{}
	for _, c := range parseCerts(string(outs[2])) {
		listed[c[0]] = true
		if strings.Contains(c[1], "u") {
			users++
		}
	}
	if users != keyed {
		t.Fatalf("certutil -L shows %d certificates with a key, List %d", users, keyed)
	}
	for _, e := range entries {
		if !listed[e.Nickname] {
			t.Fatalf("List's %q is not in certutil -L", e.Nickname)
		}
	}
	return entries, orphans
}

// fingerprints of the entries that have their key.
func keyedSet(entries []store.Entry) map[string]bool {
	out := map[string]bool{}
	for _, e := range entries {
		if e.HasKey {
			out[e.SHA256()] = true
		}
	}
	return out
}

// makeReadOnly makes paths unwritable even for root (chattr +i), or by
// mode for other users; the returned function undoes it.
func makeReadOnly(t *testing.T, paths ...string) func() {
	t.Helper()
	var undo []func()
	var once sync.Once
	done := func() {
		once.Do(func() {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		})
	}
	t.Cleanup(done)
	for _, p := range paths {
		p := p
		if os.Geteuid() == 0 {
			if out, err := exec.Command("chattr", "+i", p).CombinedOutput(); err != nil {
				done()
				t.Skipf("running as root and chattr +i does not work here: %v %s", err, out)
			}
			undo = append(undo, func() { exec.Command("chattr", "-i", p).Run() })
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, st.Mode().Perm()&^0o222)
		undo = append(undo, func() { os.Chmod(p, st.Mode().Perm()) })
	}
	return done
}

// noShutdownLeaks fails the test when an NSS session was not shut down
// cleanly (a reference was leaked).
func noShutdownLeaks(t *testing.T) {
	t.Helper()
	before := shutdownFailures.Load()
	t.Cleanup(func() {
		if n := shutdownFailures.Load() - before; n != 0 {
			t.Errorf("%d NSS_Shutdown calls failed: a reference was leaked", n)
		}
	})
}
