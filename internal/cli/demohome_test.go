package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
)

// TestDemoRemembersNothingAtHome: the demo (and the renewal demo) run as
// the real program does (no settings path given, so the user's config
// folder would be used) must leave no settings.json or renewal.json in the
// user's home: a demo address remembered there is what a later
// `diagnose` without --url would check.
func TestDemoRemembersNothingAtHome(t *testing.T) {
	old := demo.RenewalDelay
	demo.RenewalDelay = 300 * time.Millisecond
	defer func() { demo.RenewalDelay = old }()
	for _, args := range [][]string{{"demo", "--timeout", "3s"}, {"demo", "--renewal", "--timeout", "5s"}} {
		home := t.TempDir()
		t.Setenv("HOME", home)
		t.Setenv("XDG_CONFIG_HOME", "")
		t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
		var out, errb bytes.Buffer
		env := Env{Stdout: &out, Stderr: &errb, Now: time.Now, Flow: flow.Deps{}}
		if code := Run(args, env); code != ExitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
		dir, err := os.UserConfigDir()
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"settings.json", "renewal.json"} {
			if _, err := os.Stat(filepath.Join(dir, "rootip-cert", name)); err == nil {
				t.Errorf("%v wrote %s into the user's config folder", args, name)
			}
		}
	}
}
