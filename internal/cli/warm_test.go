package cli

import (
	"path/filepath"
	"testing"
	"time"
)

// The commands that read the stores start loading the NSS library as the
// run starts; the others (version above all) load nothing.
func TestStoreCommandsWarmTheLibraryFirst(t *testing.T) {
	want := map[string]bool{"import": true, "diagnose": true, "list": true, "delete": true,
		"renew": true, "report": true, "remind": true}
	for name, c := range commands {
		if got := readsStores(c); got != want[name] {
			t.Errorf("%s: readsStores = %v, want %v", name, got, want[name])
		}
	}
	warmed := make(chan struct{}, 1)
	env := Env{Stdout: &discard{}, Stderr: &discard{}, Now: time.Now}
	env.Flow.SettingsPath = filepath.Join(t.TempDir(), "s.json")
	env.Flow.Warm = func() { warmed <- struct{}{} }
	Run([]string{"import", filepath.Join(t.TempDir(), "missing.p12"), "--nss-db", t.TempDir()}, env)
	select {
	case <-warmed:
	case <-time.After(10 * time.Second):
		t.Fatal("import did not load the NSS library")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
