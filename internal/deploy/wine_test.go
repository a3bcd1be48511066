//go:build linux

package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
)

// wine64 finds Debian's loader (the wine64 package puts it outside PATH).
func wine64() string {
	if p, err := exec.LookPath("wine64"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		return "/usr/lib/wine/wine64"
	}
	return ""
}

// winePrefix is one fresh Wine prefix that this package's Wine tests share
// (booting one costs tens of seconds), with a persistent wineserver.
type winePrefix struct {
	wine, dir, prefix, server string
	env                       []string
	err                       error
}

var (
	wineOnce   sync.Once
	sharedWine winePrefix
)

func TestMain(m *testing.M) {
	code := m.Run()
	sharedWine.close()
	os.Exit(code)
}

// needWine returns the shared prefix, booting it on first use; it skips
// the test where Wine is missing.
func needWine(t *testing.T) *winePrefix {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Skip("Wine tests run on amd64")
	}
	wine := wine64()
	if wine == "" {
		t.Skip("needs Wine (Debian wine64; make test installs it)")
	}
	wineOnce.Do(func() { sharedWine.boot(wine) })
	if sharedWine.err != nil {
		t.Fatal(sharedWine.err)
	}
	return &sharedWine
}

func (w *winePrefix) boot(wine string) {
	w.wine = wine
	if w.dir, w.err = os.MkdirTemp("", "rootip-deploy-wine"); w.err != nil {
		return
	}
	w.prefix = filepath.Join(w.dir, "prefix")
	w.env = append(os.Environ(), "WINEPREFIX="+w.prefix, "WINEDEBUG=-all", "WINEARCH=win64", "DISPLAY=", "LANG=ja_JP.UTF-8")
	if _, code, err := w.exec(3*time.Minute, wine, "wineboot", "--init"); err != nil || code != 0 {
		w.err = fmt.Errorf("wineboot --init: exit %d %v", code, err)
		return
	}
	// Keep the prefix's wineserver up between the runs (each fresh start
	// costs seconds): wait for wineboot's to end, start a persistent one.
	if server := filepath.Join(filepath.Dir(wine), "wineserver"); fileExists(server) {
		if _, _, err := w.exec(time.Minute, server, "-w"); err != nil {
			w.err = err
			return
		}
		start := exec.Command(server, "-p") // no pipes: the daemon would hold them
		start.Env = w.env
		if err := start.Run(); err != nil {
			w.err = fmt.Errorf("wineserver -p: %w", err)
			return
		}
		w.server = server
	}
}

func (w *winePrefix) close() {
	if w.server != "" {
		kill := exec.Command(w.server, "-k")
		kill.Env = w.env
		_ = kill.Run()
	}
	if w.dir != "" {
		os.RemoveAll(w.dir)
	}
}

// exec runs name under timeout in the prefix's folder. Output goes through
// a file, not a pipe: Wine's helper processes (services.exe ...) live on
// with the persistent wineserver and would hold a pipe open.
func (w *winePrefix) exec(timeout time.Duration, name string, args ...string) (string, int, error) {
	cmd := exec.Command("timeout", append([]string{fmt.Sprintf("%ds", int(timeout.Seconds())), name}, args...)...)
	cmd.Env, cmd.Dir = w.env, w.dir
	log, err := os.CreateTemp(w.dir, "out")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(log.Name())
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	err = cmd.Run()
	out, _ := os.ReadFile(log.Name())
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ExitCode() == 124 {
			return string(out), 124, fmt.Errorf("%s %v timed out", name, args)
		}
		return string(out), ee.ExitCode(), nil
	}
	return string(out), 0, err
}

// run is exec for a test: it fails the test on a timeout.
func (w *winePrefix) run(t *testing.T, timeout time.Duration, name string, args ...string) (string, int) {
	t.Helper()
	out, code, err := w.exec(timeout, name, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return out, code
}

func (w *winePrefix) mustRun(t *testing.T, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	out, code := w.run(t, timeout, name, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s", name, args, code, out)
	}
	return out
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
	w.mustRun(t, time.Minute, w.wine, "reg", "import", `Z:`+strings.ReplaceAll(reg, "/", `\`))
	want, _ := AutoSelectRule(fx.in.SystemURL, cn)
	for _, p := range PolicyKeys() {
		out := w.mustRun(t, time.Minute, w.wine, "reg", "query", `HKLM\`+p.Key, "/v", "1")
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
	if _, err := exec.LookPath("x86_64-w64-mingw32-gcc"); err != nil {
		t.Skip("needs mingw (Debian gcc-mingw-w64-x86-64; make test installs it)")
	}
	dir := t.TempDir()
	// The console build of the tool (main package, tag cli: no window).
	exe := filepath.Join(dir, CLIExe)
	build := exec.Command("go", "build", "-tags", "cli", "-o", exe, "rootip-cert")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("cross-compile the command line: %v\n%s", err, out)
	}
	// Wine 8 lacks ProcessPrng, which Go's runtime needs: the stub DLL of
	// platform/winstore's Wine test, built with mingw.
	stub, _ := filepath.Abs(filepath.Join("..", "..", "platform", "winstore", "testdata", "processprng.c"))
	w.mustRun(t, time.Minute, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o",
		filepath.Join(w.prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"), stub, "-lbcrypt")
	// Install the tool where the per-user installers put it (InstallDirs[0]).
	first := InstallDirs[0]
	if first.Env != "LOCALAPPDATA" {
		t.Fatalf("the first install folder is under %%%s%%, not %%LOCALAPPDATA%%", first.Env)
	}
	toolDir := filepath.Join(append([]string{w.prefix, "drive_c", "users", wineUser(), "AppData", "Local"}, strings.Split(first.Sub+`\`+CLIDir, `\`)...)...)
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
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.RSA2048})
	if err != nil {
		t.Fatal(err)
	}
	p12, err := leaf.P12(pki.Modern, secret, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	id, err := certfile.Decode(p12, secret)
	if err != nil {
		t.Fatal(err)
	}
	in := newFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net").in
	in.Identity, in.Systems = id, []System{Windows}
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "bundle")
	if _, err := Write(bundle, files); err != nil {
		t.Fatal(err)
	}
	winPath := func(rel string) string { return `Z:` + strings.ReplaceAll(filepath.Join(bundle, rel), "/", `\`) }
	cliPath := `C:\users\` + wineUser() + `\AppData\Local\` + first.CLI()
	det := Detection{SHA256: id.SHA256()}
	detected := func() bool {
		t.Helper()
		// A fresh prefix has no CurrentUser\MY yet: list reports that as an
		// error (exit 1) beside an empty list, which detects nothing.
		out, code := w.run(t, 2*time.Minute, w.wine, append([]string{cliPath}, ListArgs...)...)
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
	if out, code := w.run(t, 3*time.Minute, w.wine, "cmd", "/c", winPath(InstallCmdPath)); code != 3 {
		t.Fatalf("install.cmd with a wrong password: exit %d, want 3\n%s", code, out)
	}
	if detected() {
		t.Fatal("detected after a failed install")
	}
	if err := os.WriteFile(pwFile, files[indexOf(files, PasswordPath)].Data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := w.run(t, 3*time.Minute, w.wine, "cmd", "/c", winPath(InstallCmdPath)); code != 0 {
		t.Fatalf("install.cmd: exit %d\n%s", code, out)
	}
	if !detected() {
		t.Fatal("not detected after install.cmd")
	}
	if out, code := w.run(t, 3*time.Minute, w.wine, "cmd", "/c", winPath(UninstallCmdPath)); code != 0 {
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

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// wineUser is the Windows user name Wine gives the prefix (the Unix one).
func wineUser() string {
	for _, k := range []string{"USER", "LOGNAME"} {
		if u := os.Getenv(k); u != "" {
			return u
		}
	}
	return "root"
}
