package layout

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleBinaryLinksNoGUI: the build with the tag cli (the console
// binary for scripts and the helpdesk) imports no fyne.io package.
func TestConsoleBinaryLinksNoGUI(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-tags", "cli", "-f", "{{.ImportPath}}", "rootip-cert").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list returned %d packages: the check is broken", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") || d == "rootip-cert/app" || strings.HasPrefix(d, "github.com/go-gl/") {
			t.Errorf("the console binary links %s", d)
		}
	}
}

// TestConsoleBinaryIsQuietWithoutALocale: under LANG=C, an empty LANG and
// LC_ALL=POSIX (SSH, cron, CI) the console binary prints nothing on stderr.
func TestConsoleBinaryIsQuietWithoutALocale(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "rootip-cert")
	if out, err := exec.Command("go", "build", "-tags", "cli", "-o", bin, "rootip-cert").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, env := range [][]string{{"LANG=C"}, {"LANG="}, {"LC_ALL=POSIX"}} {
		for _, args := range [][]string{{"version"}, {"help"}} {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(cleanEnv(), env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Errorf("%v %v: %v", env, args, err)
			}
			if stderr.Len() != 0 || stdout.Len() == 0 {
				t.Errorf("%v %v: stderr %q, stdout %d bytes", env, args, stderr.String(), stdout.Len())
			}
		}
	}
}

// cleanEnv is the environment without locale variables.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
