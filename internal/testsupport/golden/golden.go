// Package golden is test support, imported only by _test.go files: it
// compares a test's output with a file kept in the repository, and
// rewrites the file instead when the test binary runs with -update.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag of every test binary that imports golden.
var Update = flag.Bool("update", false, "rewrite the golden files from the output")

// Check fails the test unless got is the content of the file at path.
// Under -update it writes got there first (creating its folder). update
// names the command that does so, for the failure message.
func Check(t testing.TB, path, got, update string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s)", err, update)
	}
	if got != string(want) {
		t.Errorf("%s differs (%s):\n--- got\n%s\n--- want\n%s", path, update, got, want)
	}
}
