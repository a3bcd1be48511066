package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestFindWindow: where the console program looks for the window program
// it starts when run without arguments, as the installers lay them out.
func TestFindWindow(t *testing.T) {
	noPath := func(string) (string, error) { return "", errors.New("not on PATH") }
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	touch := func(p string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("windows: one folder above bin", func(t *testing.T) {
		dir := t.TempDir()
		touch(filepath.Join(dir, "rootip-cert.exe"))
		got, _ := findWindow(filepath.Join(dir, "bin", "rootip-cert-cli.exe"), "windows", noPath, exists)
		if got != filepath.Join(dir, "rootip-cert.exe") {
			t.Errorf("found %q", got)
		}
	})
	t.Run("linux: beside, before PATH", func(t *testing.T) {
		dir := t.TempDir()
		touch(filepath.Join(dir, "rootip-cert-gui"))
		onPath := func(string) (string, error) { return "/elsewhere/rootip-cert-gui", nil }
		got, _ := findWindow(filepath.Join(dir, "rootip-cert"), "linux", onPath, exists)
		if got != filepath.Join(dir, "rootip-cert-gui") {
			t.Errorf("found %q", got)
		}
	})
	t.Run("linux: PATH", func(t *testing.T) {
		onPath := func(name string) (string, error) { return "/opt/x/" + name, nil }
		got, _ := findWindow(filepath.Join(t.TempDir(), "rootip-cert"), "linux", onPath, exists)
		if got != "/opt/x/rootip-cert-gui" {
			t.Errorf("found %q", got)
		}
	})
	t.Run("nowhere: says where it looked", func(t *testing.T) {
		dir := t.TempDir()
		got, tried := findWindow(filepath.Join(dir, "bin", "rootip-cert-cli.exe"), "windows", noPath, exists)
		want := []string{filepath.Join(dir, "rootip-cert.exe"), filepath.Join(dir, "bin", "rootip-cert.exe"), "PATH"}
		if got != "" || len(tried) != len(want) || tried[0] != want[0] || tried[1] != want[1] || tried[2] != want[2] {
			t.Errorf("found %q, tried %q; want tried %q", got, tried, want)
		}
	})
}
