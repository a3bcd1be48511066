package packaging

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// winePrefix is a fresh Wine prefix in a temporary directory, Japanese
// locale where the machine has one (scripts/deps.sh all generates it).
// It is not internal/testsupport/winetest: that harness keeps one
// wineserver running across calls, and under it the NSIS uninstaller of an
// all-users install returned 0 having removed nothing (CI, 2026-12-02);
// every call here starts Wine afresh, as an installer run by IT does.
type winePrefix struct {
	wine, prefix string
	env          []string
}

func newWine(t *testing.T) *winePrefix {
	t.Helper()
	need(t, "x86_64-w64-mingw32-gcc")
	w := &winePrefix{prefix: filepath.Join(t.TempDir(), "prefix")}
	if p, err := exec.LookPath("wine64"); err == nil {
		w.wine = p
	} else if _, err := os.Stat("/usr/lib/wine/wine64"); err == nil {
		w.wine = "/usr/lib/wine/wine64"
	} else {
		t.Skip("needs Wine (Debian wine64; make test installs it)")
	}
	lang := "ja_JP.UTF-8"
	if locales, _ := exec.Command("locale", "-a").Output(); !bytes.Contains(bytes.ToLower(locales), []byte("ja_jp.utf8")) {
		t.Log("no ja_JP.UTF-8 locale (scripts/deps.sh all generates it): Wine runs under C.UTF-8")
		lang = "C.UTF-8"
	}
	w.env = append(os.Environ(), "WINEPREFIX="+w.prefix, "WINEDEBUG=-all", "WINEARCH=win64", "DISPLAY=", "LANG="+lang, "LC_ALL=")
	w.run(t, "wineboot", "--init")
	// Wine 8 lacks ProcessPrng, which Go's runtime needs (PLATFORM-NOTES).
	out(t, nil, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", filepath.Join(w.prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"),
		filepath.Join("..", "internal", "testsupport", "winetest", "stub", "processprng.c"), "-lbcrypt")
	return w
}

// run runs a Wine program and returns its output; it fails the test on a
// non-zero exit.
func (w *winePrefix) run(t *testing.T, args ...string) string {
	t.Helper()
	return out(t, w.env, "timeout", append([]string{"300", w.wine}, args...)...)
}

// code runs a Wine program and returns its exit code and output.
func (w *winePrefix) code(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("timeout", append([]string{"300", w.wine}, args...)...)
	cmd.Env = w.env
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(b)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(b)
}

// c is a path under the prefix's drive C: ("users/root/…").
func (w *winePrefix) c(rel ...string) string {
	return filepath.Join(append([]string{w.prefix, "drive_c"}, rel...)...)
}

// user is the prefix's Windows user (the Unix user's name).
func (w *winePrefix) user(t *testing.T) string {
	t.Helper()
	dirs, _ := filepath.Glob(w.c("users", "*", "AppData"))
	for _, d := range dirs {
		if u := filepath.Base(filepath.Dir(d)); u != "Public" {
			return u
		}
	}
	t.Fatal("no user profile in the Wine prefix")
	return ""
}

// regExport is the text of `reg export KEY` (UTF-16 in the file, decoded
// here, so Japanese values survive the console's code page), "" when the
// key does not exist.
func (w *winePrefix) regExport(t *testing.T, key string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "export.reg")
	if code, _ := w.code(t, "reg", "export", key, `Z:`+strings.ReplaceAll(file, "/", `\`), "/y"); code != 0 {
		return ""
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	b = bytes.TrimPrefix(b, []byte{0xff, 0xfe})
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}

// regValue is one value's type and text by `reg query` (ASCII values
// only), "", "" when absent.
func (w *winePrefix) regValue(t *testing.T, key, name string) (typ, value string) {
	t.Helper()
	code, res := w.code(t, "reg", "query", key, "/v", name)
	if code != 0 {
		return "", ""
	}
	for _, line := range strings.Split(res, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && strings.EqualFold(f[0], name) && strings.HasPrefix(f[1], "REG_") {
			return f[1], strings.TrimSpace(line[strings.Index(line, f[1])+len(f[1]):])
		}
	}
	return "", ""
}
