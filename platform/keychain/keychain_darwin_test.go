//go:build darwin

package keychain

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRealKeychainRoundTrip imports into a temporary keychain made with
// `security create-keychain`, lists it and deletes the identity. It runs on
// the GitHub Actions macOS runner (there is no macOS here).
func TestRealKeychainRoundTrip(t *testing.T) {
	kc := filepath.Join(t.TempDir(), "rootip-test.keychain-db")
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(SecurityTool, args...).CombinedOutput(); err != nil {
			t.Fatalf("security %v: %v\n%s", args, err, out)
		}
	}
	run("create-keychain", "-p", "test", kc)
	defer exec.Command(SecurityTool, "delete-keychain", kc).Run()
	run("unlock-keychain", "-p", "test", kc)
	s := &Store{Keychain: kc, Runner: ExecRunner{}, GOOS: "darwin", TempDir: t.TempDir()}
	id := identity(t)
	if err := s.Import(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	entries, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || (e.SHA256() == id.SHA256() && e.HasKey)
	}
	if !found {
		t.Fatalf("imported identity not listed with its key: %+v", entries)
	}
	if err := s.Delete(context.Background(), id.SHA256()); err != nil {
		t.Fatal(err)
	}
	if entries, _ := s.List(context.Background()); len(entries) != 0 {
		t.Fatalf("after delete: %+v", entries)
	}
}
