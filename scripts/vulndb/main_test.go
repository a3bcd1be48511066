package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func osvDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	entryA = `{
  "id": "GO-2026-0002",
  "modified": "2026-03-01T00:00:00Z",
  "affected": [
    {"package": {"name": "golang.org/x/net", "ecosystem": "Go"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.38.0"}]}]},
    {"package": {"name": "stdlib", "ecosystem": "Go"}}
  ]
}`
	entryB = `{"id": "GO-2026-0001", "modified": "2026-05-01T12:00:00Z",
  "affected": [{"package": {"name": "golang.org/x/net", "ecosystem": "Go"}}]}`
)

func TestBuildWritesV1Layout(t *testing.T) {
	in := osvDir(t, map[string]string{"GO-2026-0002.json": entryA, "GO-2026-0001.json": entryB, "README.md": "not an entry"})
	out := filepath.Join(t.TempDir(), "db")
	n, err := build(in, out)
	if err != nil || n != 2 {
		t.Fatalf("build = %d, %v", n, err)
	}
	for name, want := range map[string]string{
		"index/db.json": `{"modified":"2026-05-01T12:00:00Z"}`,
		"index/modules.json": `[{"path":"golang.org/x/net","vulns":[{"id":"GO-2026-0001","modified":"2026-05-01T12:00:00Z"},` +
			`{"id":"GO-2026-0002","modified":"2026-03-01T00:00:00Z"}]},` +
			`{"path":"stdlib","vulns":[{"id":"GO-2026-0002","modified":"2026-03-01T00:00:00Z"}]}]`,
		"ID/GO-2026-0002.json": entryA, // byte for byte
		"ID/GO-2026-0001.json": entryB,
	} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(got) != want {
			t.Errorf("%s = %s, %v\nwant %s", name, got, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "ID", "README.md")); err == nil {
		t.Error("a non-JSON file was copied")
	}
	if _, err := os.Stat(out + ".tmp"); err == nil {
		t.Error("temporary folder left behind")
	}
	// Deterministic: a second build from the same files is identical.
	out2 := filepath.Join(t.TempDir(), "db")
	if _, err := build(in, out2); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index/db.json", "index/modules.json"} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(out2, name))
		if string(a) != string(b) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if _, err := build(in, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("build over an existing database: %v", err)
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"empty":        {},
		"misnamed":     {"GO-2026-0009.json": entryB},
		"bad id":       {"x.json": `{"id": "x", "affected": []}`},
		"not json":     {"GO-2026-0001.json": `{`},
		"no module":    {"GO-2026-0001.json": `{"id": "GO-2026-0001", "affected": [{"package": {}}]}`},
		"bad modified": {"GO-2026-0001.json": `{"id": "GO-2026-0001", "modified": "yesterday"}`},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "db")
			if _, err := build(osvDir(t, files), out); err == nil {
				t.Fatal("accepted")
			}
			for _, p := range []string{out, out + ".tmp"} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s was left behind", p)
				}
			}
		})
	}
}
