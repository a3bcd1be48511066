//go:build linux

package winstore

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

// TestWindowsSuitesUnderWine cross-compiles the Windows tests of this
// package and of platform/facts and runs them with Wine in a fresh prefix:
// import of legacy and AES files into 個人 with the key and the friendly
// name, a wrong password writing nothing, re-import over a working entry
// that never leaves zero entries (a failing add injected), delete with the
// key container and only the CA certificates import added, a certificate
// planted in the wrong store, registry facts planted with `wine reg add`,
// the HKLM auto-select policy and its .reg file through `reg import`, and
// a mutual-TLS request to a TLS 1.3-capable server signed by the stored
// CryptoAPI key, capped at TLS 1.2. The suite's TestMain fails when a test
// leaves a certificate, key or policy value behind. Wine 8 lacks
// ProcessPrng, which Go's runtime needs: a stub bcryptprimitives.dll is
// built with mingw.
func TestWindowsSuitesUnderWine(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("Wine tests run on amd64")
	}
	wine := wine64()
	if wine == "" {
		t.Skip("needs Wine (Debian wine64; make test installs it)")
	}
	if _, err := exec.LookPath("x86_64-w64-mingw32-gcc"); err != nil {
		t.Skip("needs mingw (Debian gcc-mingw-w64-x86-64; make test installs it)")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "WINEPREFIX="+filepath.Join(dir, "prefix"), "WINEDEBUG=-all", "WINEARCH=win64",
		"DISPLAY=", "ROOTIP_WINE_PLANTED=1")
	runIn := func(dir string, timeout time.Duration, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command("timeout", append([]string{fmt.Sprintf("%ds", int(timeout.Seconds())), name}, args...)...)
		cmd.Env, cmd.Dir = env, dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run := func(timeout time.Duration, name string, args ...string) string {
		t.Helper()
		return runIn(".", timeout, name, args...)
	}
	start := time.Now()
	run(3*time.Minute, wine, "wineboot", "--init")
	t.Logf("fresh Wine prefix in %s", time.Since(start).Round(time.Millisecond))
	sys32 := filepath.Join(dir, "prefix", "drive_c", "windows", "system32")
	run(time.Minute, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", filepath.Join(sys32, "bcryptprimitives.dll"),
		filepath.Join("testdata", "processprng.c"), "-lbcrypt")
	const cv = `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	const is = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	for _, r := range [][]string{
		{cv, "ProductName", "REG_SZ", "Windows 10 Pro"},
		{cv, "DisplayVersion", "REG_SZ", "23H2"},
		{cv, "CurrentBuild", "REG_SZ", "22631"},
		{cv, "UBR", "REG_DWORD", "2861"},
		{is, "ProxyEnable", "REG_DWORD", "1"},
		{is, "ProxyServer", "REG_SZ", "http=proxy.example.co.jp:8080;https=secure.example.co.jp:8443"},
		{is, "ProxyOverride", "REG_SZ", "*.corp.example;<local>"},
		{is, "AutoConfigURL", "REG_SZ", "http://wpad.example.co.jp/proxy.pac"},
		{`HKCU\Software\Google\Chrome\BLBeacon`, "version", "REG_SZ", "118.0.5993.118"},
	} {
		run(time.Minute, wine, "reg", "add", r[0], "/v", r[1], "/t", r[2], "/d", r[3], "/f")
	}
	// Each test binary runs in its package directory, for its testdata.
	// Every test named must run and pass (TestCNGAndPSS and the EC
	// subtests skip under Wine: the Windows runner runs them).
	for _, suite := range []struct {
		pkg, dir string
		must     []string
	}{
		{"rootip-cert/platform/winstore", ".", []string{"TestImportListDeleteInPersonalStore", "TestDeleteKeepsTheUsersCA",
			"TestReimportNeverLeavesZero", "TestWrongPasswordWritesNothing", "TestInventoryFindsWrongStore",
			"TestMutualTLSWithStoredKey", "TestECIdentities", "TestAutoSelectPolicy", "TestAutoSelectRegImport",
			"TestStoreReportsMisplaced"}},
		{"rootip-cert/platform/facts", "../facts", []string{"TestRegistryFacts"}},
	} {
		exe := filepath.Join(dir, filepath.Base(suite.pkg)+".test.exe")
		build := exec.Command("go", "test", "-c", "-o", exe, suite.pkg)
		build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("cross-compile %s: %v\n%s", suite.pkg, err, out)
		}
		out := runIn(suite.dir, 5*time.Minute, wine, exe, "-test.v")
		if !strings.Contains(out, "\nPASS") {
			t.Fatalf("%s under Wine:\n%s", suite.pkg, out)
		}
		for _, must := range suite.must {
			if !strings.Contains(out, "--- PASS: "+must+" ") {
				t.Errorf("%s did not pass under Wine:\n%s", must, out)
			}
		}
		t.Logf("%s under Wine:\n%s", suite.pkg, lastLines(out, 14))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestAppExeUnderWine runs the whole app's .exe (make windows, GUI
// subsystem) from a console-less pipe under Wine: the CLI still answers.
func TestAppExeUnderWine(t *testing.T) {
	exe, _ := filepath.Abs(filepath.Join("..", "..", "dist", "rootip-cert.exe"))
	if _, err := os.Stat(exe); err != nil {
		t.Skip("needs dist/rootip-cert.exe (make windows; make test builds it first)")
	}
	wine := wine64()
	if wine == "" {
		t.Skip("needs Wine")
	}
	dir := t.TempDir()
	env := append(os.Environ(), "WINEPREFIX="+filepath.Join(dir, "prefix"), "WINEDEBUG=-all", "WINEARCH=win64", "DISPLAY=")
	boot := exec.Command("timeout", "180s", wine, "wineboot", "--init")
	boot.Env = env
	if out, err := boot.CombinedOutput(); err != nil {
		t.Fatalf("wineboot: %v\n%s", err, out)
	}
	stub := exec.Command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o",
		filepath.Join(dir, "prefix", "drive_c", "windows", "system32", "bcryptprimitives.dll"), filepath.Join("testdata", "processprng.c"), "-lbcrypt")
	if out, err := stub.CombinedOutput(); err != nil {
		t.Fatalf("stub: %v\n%s", err, out)
	}
	cmd := exec.Command("timeout", "120s", wine, exe, "version", "--json")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"os": "windows"`) {
		t.Fatalf("rootip-cert.exe version --json under Wine: %v\n%s", err, out)
	}
}
