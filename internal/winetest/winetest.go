// Package winetest runs Windows programs and cross-built Windows test
// binaries under Wine 8 in a throwaway prefix, for the tests that prove
// Windows behaviour on Linux. It is test support only: nothing in the
// product imports it.
//
// A prefix is booted once per New (about ten seconds), gets the
// ProcessPrng stub that Go's runtime needs under Wine 8 (PLATFORM-NOTES),
// and is removed with the test. The harnesses of platform/winstore,
// internal/deploy and packaging predate this package; they can move onto
// it.
package winetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Prefix is one booted Wine prefix.
type Prefix struct {
	t    testing.TB
	Wine string   // the wine64 loader
	Dir  string   // a scratch directory that holds the prefix
	Env  []string // the environment every Wine call gets
}

// Loader finds Debian's wine64 (the package puts it outside PATH).
func Loader() string {
	if p, err := exec.LookPath("wine64"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		return "/usr/lib/wine/wine64"
	}
	return ""
}

// New boots a fresh prefix, or skips the test where Wine or mingw is
// missing. extraEnv is added to every Wine call (KEY=VALUE).
func New(t testing.TB, extraEnv ...string) *Prefix {
	t.Helper()
	if runtime.GOARCH != "amd64" || runtime.GOOS != "linux" {
		t.Skip("Wine tests run on linux/amd64")
	}
	wine := Loader()
	if wine == "" {
		t.Skip("needs Wine (Debian wine64; make test installs it)")
	}
	if _, err := exec.LookPath("x86_64-w64-mingw32-gcc"); err != nil {
		t.Skip("needs mingw (Debian gcc-mingw-w64-x86-64; make test installs it)")
	}
	p := &Prefix{t: t, Wine: wine, Dir: t.TempDir()}
	p.Env = append(os.Environ(), "WINEPREFIX="+filepath.Join(p.Dir, "prefix"), "WINEDEBUG=-all", "WINEARCH=win64", "DISPLAY=")
	p.Env = append(p.Env, extraEnv...)
	start := time.Now()
	p.MustWine(3*time.Minute, "wineboot", "--init")
	// Keep the prefix's wineserver up between the runs (each fresh start
	// costs seconds): wait for wineboot's to end, start a persistent one.
	if server := filepath.Join(filepath.Dir(wine), "wineserver"); fileExists(server) {
		if out, err := p.Run(time.Minute, "", server, "-w"); err != nil {
			t.Fatalf("wineserver -w: %v\n%s", err, out)
		}
		start := exec.Command(server, "-p") // no pipes: the daemon would hold them
		start.Env = p.Env
		if err := start.Run(); err != nil {
			t.Fatalf("wineserver -p: %v", err)
		}
		t.Cleanup(func() {
			kill := exec.Command(server, "-k")
			kill.Env = p.Env
			_ = kill.Run()
		})
	}
	t.Logf("fresh Wine prefix in %s", time.Since(start).Round(time.Millisecond))
	stub := filepath.Join(moduleRoot(t), "platform", "winstore", "testdata", "processprng.c")
	out, err := exec.Command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o",
		filepath.Join(p.Dir, "prefix", "drive_c", "windows", "system32", "bcryptprimitives.dll"), stub, "-lbcrypt").CombinedOutput()
	if err != nil {
		t.Fatalf("build the ProcessPrng stub: %v\n%s", err, out)
	}
	return p
}

func moduleRoot(t testing.TB) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// Run runs name with args in the prefix's environment, bounded by timeout,
// and returns the combined output and the error (an *exec.ExitError for a
// non-zero exit). Output goes through a file, not a pipe: Wine's helper
// processes live on with the persistent wineserver and would hold a pipe
// open.
func (p *Prefix) Run(timeout time.Duration, dir, name string, args ...string) (string, error) {
	cmd := exec.Command("timeout", append([]string{fmt.Sprintf("%ds", int(timeout.Seconds())), name}, args...)...)
	cmd.Env, cmd.Dir = p.Env, dir
	log, err := os.CreateTemp(p.Dir, "out")
	if err != nil {
		return "", err
	}
	defer os.Remove(log.Name())
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	err = cmd.Run()
	out, _ := os.ReadFile(log.Name())
	return string(out), err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// MustWine runs a Windows program under Wine and fails the test if it fails.
func (p *Prefix) MustWine(timeout time.Duration, args ...string) string {
	p.t.Helper()
	out, err := p.Run(timeout, "", p.Wine, args...)
	if err != nil {
		p.t.Fatalf("wine %v: %v\n%s", args, err, out)
	}
	return out
}

// RegAdd sets one registry value (`reg add KEY /v NAME /t TYPE /d DATA /f`).
func (p *Prefix) RegAdd(key, name, typ, data string) {
	p.t.Helper()
	p.MustWine(time.Minute, "reg", "add", key, "/v", name, "/t", typ, "/d", data, "/f")
}

// RegDelete removes one registry value; a value that is not there is fine.
func (p *Prefix) RegDelete(key, name string) {
	p.t.Helper()
	_, _ = p.Run(time.Minute, "", p.Wine, "reg", "delete", key, "/v", name, "/f")
}

// Build cross-compiles a package for windows/amd64 without cgo into the
// prefix's directory: a test binary when test is set (go test -c), else a
// program (go build) with the build tags given.
func (p *Prefix) Build(pkg string, test bool, tags ...string) string {
	p.t.Helper()
	exe := filepath.Join(p.Dir, strings.ReplaceAll(strings.TrimPrefix(pkg, "./"), "/", "_")+".exe")
	args := []string{"build"}
	if test {
		args = []string{"test", "-c"}
	}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	args = append(args, "-o", exe, pkg)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		p.t.Fatalf("cross-compile %s: %v\n%s", pkg, err, out)
	}
	return exe
}

// WinPath is a Linux path as the Windows program sees it (drive Z:).
func WinPath(path string) string {
	abs, _ := filepath.Abs(path)
	return "Z:" + strings.ReplaceAll(abs, "/", `\`)
}
