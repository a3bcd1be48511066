// Package winetest is test support, imported only by _test.go files: it
// finds Debian's Wine loader, boots a throwaway 64-bit prefix with a
// persistent wineserver and the ProcessPrng stub that Go programs need
// under Wine 8, runs programs in it, and cross-compiles Go programs and
// test binaries for Windows to run there.
package winetest

import (
	_ "embed"
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
)

// loader finds Debian's wine64 loader (the wine64 package puts it outside
// PATH); "" where Wine is not installed.
func loader() string {
	if p, err := exec.LookPath("wine64"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		return "/usr/lib/wine/wine64"
	}
	return ""
}

// Need returns the loader, skipping the test where Wine cannot run
// (not Linux amd64, Wine or mingw not installed).
func Need(t testing.TB) string {
	t.Helper()
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("Wine tests run on Linux amd64")
	}
	wine := loader()
	if wine == "" {
		t.Skip("needs Wine (Debian wine64; make test installs it)")
	}
	if _, err := exec.LookPath(mingw); err != nil {
		t.Skip("needs mingw (Debian gcc-mingw-w64-x86-64; make test installs it)")
	}
	return wine
}

const mingw = "x86_64-w64-mingw32-gcc"

// prngStub is a stand-in bcryptprimitives.dll: Wine 8 lacks ProcessPrng,
// which the Go (>= 1.22) runtime calls at start-up.
//
//go:embed stub/processprng.c
var prngStub []byte

// Prefix is one booted Wine prefix.
type Prefix struct {
	Wine string   // the loader
	Dir  string   // a scratch folder; the prefix is Dir/prefix
	Path string   // WINEPREFIX
	Env  []string // the environment every program in the prefix gets
	// server is the persistent wineserver, killed by Close.
	server string
}

// Boot makes a fresh prefix under a new temporary folder, its programs
// run with extra added to the environment. Close removes it.
func Boot(wine string, extra ...string) (*Prefix, error) {
	dir, err := os.MkdirTemp("", "rootip-wine")
	if err != nil {
		return nil, fmt.Errorf("wine prefix folder: %w", err)
	}
	p := &Prefix{Wine: wine, Dir: dir, Path: filepath.Join(dir, "prefix")}
	p.Env = append(append(os.Environ(), "WINEPREFIX="+p.Path, "WINEDEBUG=-all", "WINEARCH=win64", "DISPLAY="), extra...)
	if err := p.boot(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func (p *Prefix) boot() error {
	if out, code, err := p.Exec(3*time.Minute, p.Wine, "wineboot", "--init"); err != nil || code != 0 {
		return fmt.Errorf("wineboot --init: exit %d %v\n%s", code, err, out)
	}
	// Keep the prefix's wineserver up between the runs (each fresh start
	// costs seconds): wait for wineboot's to end, start a persistent one.
	if server := filepath.Join(filepath.Dir(p.Wine), "wineserver"); exists(server) {
		if _, _, err := p.Exec(time.Minute, server, "-w"); err != nil {
			return err
		}
		start := exec.Command(server, "-p") // no pipes: the daemon would hold them
		start.Env = p.Env
		if err := start.Run(); err != nil {
			return fmt.Errorf("wineserver -p: %w", err)
		}
		p.server = server
	}
	src := filepath.Join(p.Dir, "processprng.c")
	if err := os.WriteFile(src, prngStub, 0o644); err != nil {
		return fmt.Errorf("write the ProcessPrng stub: %w", err)
	}
	dll := filepath.Join(p.Path, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if out, code, err := p.Exec(time.Minute, mingw, "-shared", "-O2", "-o", dll, src, "-lbcrypt"); err != nil || code != 0 {
		return fmt.Errorf("build the ProcessPrng stub: exit %d %v\n%s", code, err, out)
	}
	return nil
}

// New boots a fresh prefix for one test (skipping it where Wine cannot
// run) and closes it when the test ends.
func New(t testing.TB, extra ...string) *Prefix {
	t.Helper()
	wine := Need(t)
	start := time.Now()
	p, err := Boot(wine, extra...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	t.Logf("fresh Wine prefix in %s", time.Since(start).Round(time.Millisecond))
	return p
}

var shared struct {
	once sync.Once
	p    *Prefix
	err  error
}

// Shared returns the one prefix that a test binary's Wine tests share
// (booting one costs tens of seconds), booted on first use; the package's
// TestMain calls CloseShared. It skips the test where Wine cannot run.
func Shared(t testing.TB, extra ...string) *Prefix {
	t.Helper()
	wine := Need(t)
	shared.once.Do(func() { shared.p, shared.err = Boot(wine, extra...) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.p
}

// CloseShared closes the shared prefix, if one was booted.
func CloseShared() {
	if shared.p != nil {
		shared.p.Close()
	}
}

// Kill ends every program running in the prefix (wineserver -k); the
// prefix stays usable (the next program starts a wineserver).
func (p *Prefix) Kill() {
	if server := filepath.Join(filepath.Dir(p.Wine), "wineserver"); exists(server) {
		kill := exec.Command("timeout", "20", server, "-k")
		kill.Env = p.Env
		_ = kill.Run()
	}
}

// Close stops the prefix's wineserver and removes its folder.
func (p *Prefix) Close() {
	if p.server != "" {
		kill := exec.Command(p.server, "-k")
		kill.Env = p.Env
		_ = kill.Run()
	}
	os.RemoveAll(p.Dir)
}

// Exec runs name under timeout in the prefix's scratch folder; ExecIn in
// dir. The error is for a program that could not run or timed out; a
// program's own failure is its exit code. Output goes through a file, not
// a pipe: Wine's helper processes (services.exe ...) live on with the
// persistent wineserver and would hold a pipe open.
func (p *Prefix) Exec(timeout time.Duration, name string, args ...string) (string, int, error) {
	return p.ExecIn(p.Dir, timeout, name, args...)
}

// ExecIn is Exec in the folder dir.
func (p *Prefix) ExecIn(dir string, timeout time.Duration, name string, args ...string) (string, int, error) {
	cmd := exec.Command("timeout", append([]string{fmt.Sprintf("%ds", int(timeout.Seconds())), name}, args...)...)
	cmd.Env, cmd.Dir = p.Env, dir
	log, err := os.CreateTemp(p.Dir, "out")
	if err != nil {
		return "", 0, fmt.Errorf("output file for %s: %w", name, err)
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
	if err != nil {
		return string(out), 0, fmt.Errorf("run %s: %w", name, err)
	}
	return string(out), 0, nil
}

// Run is Exec for a test: it fails the test when the program cannot run
// or times out, and returns its output and exit code.
func (p *Prefix) Run(t testing.TB, timeout time.Duration, name string, args ...string) (string, int) {
	t.Helper()
	out, code, err := p.Exec(timeout, name, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return out, code
}

// MustRun is Run that also fails the test on a non-zero exit code.
func (p *Prefix) MustRun(t testing.TB, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	out, code := p.Run(t, timeout, name, args...)
	if code != 0 {
		t.Fatalf("%s %v: exit %d\n%s", name, args, code, out)
	}
	return out
}

// CrossBuild runs go (build or test -c) for 64-bit Windows without cgo,
// failing the test when it does not compile.
func CrossBuild(t testing.TB, args ...string) {
	t.Helper()
	build := exec.Command("go", args...)
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("cross-compile (go %s): %v\n%s", strings.Join(args, " "), err, out)
	}
}

// RunTests cross-compiles the tests of the Go package pkg, runs them
// verbosely under Wine in the folder dir (the package's own, for its
// testdata) and fails unless the binary passes and every test named in
// must passed (rather than skipped). It returns the binary's output.
func (p *Prefix) RunTests(t testing.TB, pkg, dir string, must ...string) string {
	t.Helper()
	exe := filepath.Join(p.Dir, filepath.Base(pkg)+".test.exe")
	CrossBuild(t, "test", "-c", "-o", exe, pkg)
	out, code, err := p.ExecIn(dir, 5*time.Minute, p.Wine, exe, "-test.v")
	if err != nil || code != 0 || !strings.Contains(out, "\nPASS") {
		t.Fatalf("%s under Wine: exit %d %v\n%s", pkg, code, err, out)
	}
	for _, name := range must {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass under Wine:\n%s", name, out)
		}
	}
	return out
}

// User is the Windows user name Wine gives a prefix (the Unix one).
func User() string {
	for _, k := range []string{"USER", "LOGNAME"} {
		if u := os.Getenv(k); u != "" {
			return u
		}
	}
	return "root"
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// RegAdd sets one registry value in the prefix (`reg add KEY /v NAME /t
// TYPE /d DATA /f`), failing the test when it cannot.
func (p *Prefix) RegAdd(t testing.TB, key, name, typ, data string) {
	t.Helper()
	p.MustRun(t, time.Minute, p.Wine, "reg", "add", key, "/v", name, "/t", typ, "/d", data, "/f")
}

// RegDelete removes one registry value; a value that is not there is fine.
func (p *Prefix) RegDelete(t testing.TB, key, name string) {
	t.Helper()
	p.Run(t, time.Minute, p.Wine, "reg", "delete", key, "/v", name, "/f")
}

// Build cross-compiles pkg for 64-bit Windows into the prefix's folder: a
// test binary when test is set (go test -c), else a program (go build)
// with the build tags given. It returns the .exe's path.
func (p *Prefix) Build(t testing.TB, pkg string, test bool, tags ...string) string {
	t.Helper()
	exe := filepath.Join(p.Dir, strings.ReplaceAll(strings.TrimPrefix(pkg, "./"), "/", "_")+".exe")
	args := []string{"build"}
	if test {
		args = []string{"test", "-c"}
	}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	CrossBuild(t, append(args, "-o", exe, pkg)...)
	return exe
}

// WinPath is a Linux path as a Windows program in the prefix sees it
// (drive Z:).
func WinPath(path string) string {
	abs, _ := filepath.Abs(path)
	return "Z:" + strings.ReplaceAll(abs, "/", `\`)
}
