package packaging

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"rootip-cert/internal/testsupport/winetest"
)

// winePrefix is a fresh Wine prefix (internal/testsupport/winetest),
// Japanese locale where the machine has one (scripts/deps.sh all
// generates it): the installers' Japanese names need it.
type winePrefix struct {
	*winetest.Prefix
}

func newWine(t *testing.T) *winePrefix {
	t.Helper()
	lang := "ja_JP.UTF-8"
	if locales, _ := exec.Command("locale", "-a").Output(); !bytes.Contains(bytes.ToLower(locales), []byte("ja_jp.utf8")) {
		t.Log("no ja_JP.UTF-8 locale (scripts/deps.sh all generates it): Wine runs under C.UTF-8")
		lang = "C.UTF-8"
	}
	return &winePrefix{winetest.New(t, "LANG="+lang, "LC_ALL=")}
}

// run runs a Wine program and returns its output; it fails the test on a
// non-zero exit.
func (w *winePrefix) run(t *testing.T, args ...string) string {
	t.Helper()
	return w.MustRun(t, 5*time.Minute, w.Wine, args...)
}

// code runs a Wine program and returns its exit code and output.
func (w *winePrefix) code(t *testing.T, args ...string) (int, string) {
	t.Helper()
	out, code := w.Run(t, 5*time.Minute, w.Wine, args...)
	return code, out
}

// c is a path under the prefix's drive C: ("users/root/…").
func (w *winePrefix) c(rel ...string) string {
	return filepath.Join(append([]string{w.Path, "drive_c"}, rel...)...)
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
