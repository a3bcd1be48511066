package layout

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestConsoleBinaryStartsTheWindow: the console binary run without
// arguments starts the window program beside it (the .deb's
// /usr/bin/rootip-cert-gui; a fake one here that records its start) and
// exits 0; without one anywhere it says so, names where it looked, and
// exits 1.
func TestConsoleBinaryStartsTheWindow(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "rootip-cert")
	if out, err := exec.Command("go", "build", "-tags", "cli", "-o", bin, "rootip-cert").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	marker := filepath.Join(dir, "started")
	gui := filepath.Join(dir, "rootip-cert-gui")
	if err := os.WriteFile(gui, []byte("#!/bin/sh\necho \"started $#\" > '"+marker+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(lang string) (int, string) {
		cmd := exec.Command(bin)
		cmd.Env = append(cleanEnv(), "LANG="+lang, "PATH="+filepath.Join(dir, "empty"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), stderr.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, stderr.String()
	}
	if code, stderr := run("ja_JP.UTF-8"); code != 0 || stderr != "" {
		t.Fatalf("with the window program beside it: exit %d, stderr %q", code, stderr)
	}
	var got []byte
	for i := 0; i < 100 && len(got) == 0; i++ { // the window program runs on its own
		got, _ = os.ReadFile(marker)
		if len(got) == 0 {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if strings.TrimSpace(string(got)) != "started 0" {
		t.Fatalf("the window program was not started without arguments: %q", got)
	}
	// A window program that cannot show a window ends at once: its
	// message and exit code reach the caller (not a 0 for a window that
	// never opened).
	if err := os.WriteFile(gui, []byte("#!/bin/sh\necho 'no display' >&2\nexit 2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, stderr := run("ja_JP.UTF-8"); code != 2 || !strings.Contains(stderr, "no display") {
		t.Errorf("with a window program that fails: exit %d, stderr %q, want 2 and its message", code, stderr)
	}
	if err := os.Remove(gui); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"ja_JP.UTF-8": "見つかりません", "en_US.UTF-8": "was not found"} {
		code, stderr := run(lang)
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, gui) || !strings.Contains(stderr, "PATH") {
			t.Errorf("%s without the window program: exit %d, stderr %q", lang, code, stderr)
		}
	}
}
