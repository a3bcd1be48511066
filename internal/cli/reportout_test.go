package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
)

// TestMaskWithoutURL (issue 16, Medium 11): --mask hides the customer's
// host found in the installed certificates even when no system address
// is given, in every case it may be written.
func TestMaskWithoutURL(t *testing.T) {
	f := testdata(t)
	id, _, err := certfile.Open(f.good, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	if err := m.Import(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"txt", "json"} {
		r := runWithStores(t, "", []store.Store{m}, "report", "--mask", "--format", format, "--lang", "en")
		if r.code != ExitOK {
			t.Fatalf("report %s: %d %s", format, r.code, r.stderr)
		}
		if strings.Contains(strings.ToLower(r.stdout), "acme.rootip-cloud.net") || !strings.Contains(r.stdout, id.SHA256()) {
			t.Errorf("%s: masked report without --url shows the host (or lost the certificate):\n%s", format, r.stdout)
		}
	}
}

// TestReportOutNeverFollowsOrOverwrites (issue 16, Low): report --out
// refuses a symbolic link (even with --force) and an existing file
// without --force, leaving both as they were; --force overwrites a file.
func TestReportOutNeverFollowsOrOverwrites(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join(dir, "diag.json")
	doc := `{"verdict":"problem","checks":[{"id":"net.http","status":"fail","outcome":"forbidden","facts":{"status":403}}],"failed":1,"warnings":0}`
	target := filepath.Join(dir, "precious")
	existing := filepath.Join(dir, "existing.txt")
	link := filepath.Join(dir, "link.txt")
	for path, data := range map[string]string{from: doc, target: "keep me", existing: "old report"} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	same := func(path, want string) {
		t.Helper()
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s now holds %q, want %q", path, got, want)
		}
	}
	for _, force := range []bool{false, true} {
		args := []string{"report", "--from", from, "--out", link, "--lang", "en"}
		if force {
			args = append(args, "--force")
		}
		if r := runWithStores(t, "", nil, args...); r.code != ExitFailed || r.stderr == "" {
			t.Errorf("--out symlink (force %v): exit %d, want 1 with a reason: %s", force, r.code, r.stderr)
		}
		same(target, "keep me")
		if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v %v", st, err)
		}
	}
	if r := runWithStores(t, "", nil, "report", "--from", from, "--out", existing, "--lang", "ja"); r.code != ExitFailed || !strings.Contains(r.stderr, existing) {
		t.Errorf("--out existing without --force: exit %d, want 1 naming the file: %s", r.code, r.stderr)
	}
	same(existing, "old report")
	if r := runWithStores(t, "", nil, "report", "--from", from, "--out", existing, "--force"); r.code != ExitOK {
		t.Fatalf("--force: exit %d %s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(existing); string(got) == "old report" || len(got) == 0 {
		t.Errorf("--force did not overwrite: %q", got)
	}
}
