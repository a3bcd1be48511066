//go:build linux

package winstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/testsupport/winetest"
)

// TestWindowsSuitesUnderWine cross-compiles the Windows tests of this
// package, of platform/autoselect and of platform/facts and runs them with Wine in a fresh prefix:
// import of legacy and AES files into 個人 with the key and the friendly
// name, a wrong password writing nothing, re-import over a working entry
// that never leaves zero entries (a failing add injected), delete with the
// key container and only the CA certificates import added, a certificate
// planted in the wrong store, registry facts planted with `wine reg add`,
// the HKLM auto-select policy and its .reg file through `reg import`, and
// a mutual-TLS request to a TLS 1.3-capable server signed by the stored
// CryptoAPI key, capped at TLS 1.2. The suite's TestMain fails when a test
// leaves a certificate, key or policy value behind. The prefix comes from
// internal/testsupport/winetest (with its ProcessPrng stub for Wine 8).
func TestWindowsSuitesUnderWine(t *testing.T) {
	w := winetest.New(t, "ROOTIP_WINE_PLANTED=1")
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
		w.MustRun(t, time.Minute, w.Wine, "reg", "add", r[0], "/v", r[1], "/t", r[2], "/d", r[3], "/f")
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
			"TestMutualTLSWithStoredKey", "TestECIdentities", "TestStoreReportsMisplaced"}},
		{"rootip-cert/platform/autoselect", "../autoselect", []string{"TestAutoSelectPolicy", "TestAutoSelectRegImport"}},
		{"rootip-cert/platform/facts", "../facts", []string{"TestRegistryFacts"}},
	} {
		out := w.RunTests(t, suite.pkg, suite.dir, suite.must...)
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
// subsystem) under Wine with no console, its output redirected to a file:
// the CLI still answers.
func TestAppExeUnderWine(t *testing.T) {
	exe, _ := filepath.Abs(filepath.Join("..", "..", "dist", "rootip-cert.exe"))
	if _, err := os.Stat(exe); err != nil {
		t.Skip("needs dist/rootip-cert.exe (make windows; make test builds it first)")
	}
	w := winetest.New(t)
	if out := w.MustRun(t, 2*time.Minute, w.Wine, exe, "version", "--json"); !strings.Contains(out, `"os": "windows"`) {
		t.Fatalf("rootip-cert.exe version --json under Wine:\n%s", out)
	}
}
