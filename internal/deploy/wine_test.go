//go:build linux

package deploy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/testsupport/winetest"
	"rootip-cert/platform/autoselect"
)

func TestMain(m *testing.M) {
	code := m.Run()
	winetest.CloseShared()
	os.Exit(code)
}

// needWine returns the prefix this package's Wine tests share (Japanese
// locale), skipping the test where Wine cannot run.
func needWine(t *testing.T) *winetest.Prefix {
	t.Helper()
	return winetest.Shared(t, "LANG=ja_JP.UTF-8")
}

// TestRegFileUnderWine imports the .reg with Wine's own `reg import` and
// reads the HKLM values back with `reg query`.
func TestRegFileUnderWine(t *testing.T) {
	w := needWine(t)
	cn := `root "ip" CA \ 1`
	fx := newFixture(t, cn, "https://acme.rootip-cloud.net")
	dir := t.TempDir()
	reg := filepath.Join(dir, "autoselect-hklm.reg")
	if err := os.WriteFile(reg, build(t, fx.in)[RegPath].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	w.MustRun(t, time.Minute, w.Wine, "reg", "import", `Z:`+strings.ReplaceAll(reg, "/", `\`))
	want, _ := autoselect.Rule(fx.in.SystemURL, cn)
	for _, p := range autoselect.Policies() {
		out := w.MustRun(t, time.Minute, w.Wine, "reg", "query", `HKLM\`+p.Key, "/v", "1")
		var got string
		for _, l := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
			f := strings.SplitN(strings.TrimSpace(l), "    ", 3)
			if len(f) == 3 && f[0] == "1" {
				if f[1] != "REG_SZ" {
					t.Errorf("%s value 1 is %s, want REG_SZ", p.Browser, f[1])
				}
				got = f[2]
			}
		}
		if got != want {
			t.Errorf("%s: HKLM value 1 = %q, want %q\n%s", p.Browser, got, want, out)
		}
	}
}

// TestWindowsBundleUnderWine runs the bundle's own install.cmd and
// uninstall.cmd with Wine's cmd.exe, the tool's console build (go build
// -tags cli) installed where the installers put rootip-cert-cli.exe: a wrong password.txt gives exit code 3 through cmd
// and installs nothing; install.cmd puts the certificate in CurrentUser\MY
// with its key, and `list --json --store windows` (detect.ps1's query)
// then satisfies the Detection; after uninstall.cmd nothing is detected.
// PowerShell itself is not available here; its filter is generated from
// the same Detection (TestDetectionConditions).
func TestWindowsBundleUnderWine(t *testing.T) {
	w := needWine(t)
	dir := t.TempDir()
	// The console build of the tool (main package, tag cli: no window).
	exe := filepath.Join(dir, CLIExe)
	winetest.CrossBuild(t, "build", "-tags", "cli", "-o", exe, "rootip-cert")
	// Install the tool where the per-user installers put it (InstallDirs[0]).
	first := InstallDirs[0]
	if first.Env != "LOCALAPPDATA" {
		t.Fatalf("the first install folder is under %%%s%%, not %%LOCALAPPDATA%%", first.Env)
	}
	toolDir := filepath.Join(append([]string{w.Path, "drive_c", "users", winetest.User(), "AppData", "Local"}, strings.Split(first.Sub+`\`+CLIDir, `\`)...)...)
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(toolDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(toolDir, CLIExe), data, 0o755); err != nil {
		t.Fatal(err)
	}

	// Wine keeps RSA keys only (its PFX import refuses EC keys).
	in := newKeyFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net", pki.RSA2048).in
	in.Systems = []System{Windows}
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "bundle")
	if _, err := Write(bundle, files); err != nil {
		t.Fatal(err)
	}
	winPath := func(rel string) string { return `Z:` + strings.ReplaceAll(filepath.Join(bundle, rel), "/", `\`) }
	cliPath := `C:\users\` + winetest.User() + `\AppData\Local\` + first.CLI()
	det := Detection{SHA256: in.Identity.SHA256()}
	detected := func() bool {
		t.Helper()
		// A fresh prefix has no CurrentUser\MY yet: list reports that as an
		// error (exit 1) beside an empty list, which detects nothing.
		out, code := w.Run(t, 2*time.Minute, w.Wine, append([]string{cliPath}, ListArgs...)...)
		if code != 0 && code != 1 {
			t.Fatalf("list under Wine: exit %d\n%s", code, out)
		}
		var doc struct {
			Certificates []map[string]any `json:"certificates"`
		}
		start := strings.Index(out, "{")
		if start < 0 || json.Unmarshal([]byte(out[start:]), &doc) != nil {
			t.Fatalf("list --json under Wine:\n%s", out)
		}
		hits := 0
		for _, c := range doc.Certificates {
			if det.Matches(c) {
				hits++
			}
		}
		if hits > 1 {
			t.Fatalf("%d entries detected, want at most one:\n%s", hits, out)
		}
		return hits == 1
	}
	if detected() {
		t.Fatal("detected in a fresh prefix")
	}

	pwFile := filepath.Join(bundle, filepath.FromSlash(PasswordPath))
	if err := os.WriteFile(pwFile, []byte("wrong\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := w.Run(t, 3*time.Minute, w.Wine, "cmd", "/c", winPath(InstallCmdPath)); code != 3 {
		t.Fatalf("install.cmd with a wrong password: exit %d, want 3\n%s", code, out)
	}
	if detected() {
		t.Fatal("detected after a failed install")
	}
	if err := os.WriteFile(pwFile, files[indexOf(files, PasswordPath)].Data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := w.Run(t, 3*time.Minute, w.Wine, "cmd", "/c", winPath(InstallCmdPath)); code != 0 {
		t.Fatalf("install.cmd: exit %d\n%s", code, out)
	}
	if !detected() {
		t.Fatal("not detected after install.cmd")
	}
	if out, code := w.Run(t, 3*time.Minute, w.Wine, "cmd", "/c", winPath(UninstallCmdPath)); code != 0 {
		t.Fatalf("uninstall.cmd: exit %d\n%s", code, out)
	}
	if detected() {
		t.Fatal("still detected after uninstall.cmd")
	}
}

func indexOf(files []File, path string) int {
	for i, f := range files {
		if f.Path == path {
			return i
		}
	}
	return -1
}
