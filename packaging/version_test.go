package packaging

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// numeric is packaging/version.sh --numeric V.
func numeric(t *testing.T, v string) string {
	t.Helper()
	return strings.TrimSpace(out(t, nil, "./version.sh", "--numeric", v))
}

// TestVersionScript runs packaging/version.sh in a scratch git repository:
// no tag, a tag, commits after it, a dirty tree, and the numeric forms.
func TestVersionScript(t *testing.T) {
	need(t, "git")
	repo := t.TempDir()
	script, err := os.ReadFile("version.sh")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repo, "packaging"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "packaging", "version.sh"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "VERSION=")
	git := func(args ...string) string {
		return strings.TrimSpace(out(t, env, "git", append([]string{"-C", repo}, args...)...))
	}
	version := func(args ...string) (string, int) {
		cmd := exec.Command(filepath.Join(repo, "packaging", "version.sh"), args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return stderr.String(), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(stdout.String()), 0
	}
	check := func(name, want, wantNumeric string) {
		t.Helper()
		if got, code := version(); got != want || code != 0 {
			t.Errorf("%s: version.sh = %q (exit %d), want %q", name, got, code, want)
		}
		if got, code := version("--numeric"); got != wantNumeric || code != 0 {
			t.Errorf("%s: version.sh --numeric = %q (exit %d), want %q", name, got, code, wantNumeric)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")
	check("no tag", "0.0.0-dev+"+git("rev-parse", "--short=7", "HEAD"), "0.0.0.0")
	git("tag", "v1.2.3")
	check("tag", "1.2.3", "1.2.3.0")
	if err := os.WriteFile(filepath.Join(repo, "README"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "README")
	git("commit", "-q", "-m", "second")
	check("a commit after the tag", "1.2.3-1-g"+git("rev-parse", "--short=7", "HEAD"), "1.2.3.1")
	if err := os.WriteFile(filepath.Join(repo, "README"), []byte("y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("dirty", "1.2.3-1-g"+git("rev-parse", "--short=7", "HEAD")+".dirty", "1.2.3.1")
	for v, want := range map[string]string{"2.0.1": "2.0.1.0", "2.0.1-rc1": "2.0.1.0", "0.0.0-dev+abc1234.dirty": "0.0.0.0", "3.4.5-12-gdeadbee": "3.4.5.12"} {
		if got, code := version("--numeric", v); got != want || code != 0 {
			t.Errorf("--numeric %s = %q (exit %d), want %q", v, got, code, want)
		}
	}
	for _, bad := range []string{"v1", "1.2", "dev", "256.0.0", "1.2.70000"} {
		if msg, code := version("--numeric", bad); code != 2 || !strings.Contains(msg, bad) {
			t.Errorf("--numeric %s: exit %d, %q", bad, code, msg)
		}
	}
}

// versionResource reads a PE file's version resource: the ProductVersion
// string and the fixed FILEVERSION (a.b.c.d).
func versionResource(t *testing.T, path string) (product, file string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var key []byte
	for _, u := range utf16.Encode([]rune("ProductVersion\x00")) {
		key = binary.LittleEndian.AppendUint16(key, u)
	}
	if k := bytes.Index(b, key); k >= 6 {
		start := k - 6 // wLength, wValueLength, wType, then the key
		words := int(binary.LittleEndian.Uint16(b[start+2:]))
		pos := k + len(key)
		pos += (4 - (pos-start)%4) % 4
		var u []uint16
		for i := 0; i < words && pos+2*i+1 < len(b); i++ {
			if c := binary.LittleEndian.Uint16(b[pos+2*i:]); c != 0 {
				u = append(u, c)
			}
		}
		product = string(utf16.Decode(u))
	}
	if f := bytes.Index(b, []byte{0xbd, 0x04, 0xef, 0xfe}); f >= 0 && f+16 <= len(b) {
		ms, ls := binary.LittleEndian.Uint32(b[f+8:]), binary.LittleEndian.Uint32(b[f+12:])
		file = fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	return product, file
}

// TestOneVersionEverywhere: the version make dist built is the one that
// `rootip-cert version` prints, the .deb's, the MSI's ProductVersion (its
// numeric form), and the version resources of both programs and of the
// NSIS installer (whose uninstall DisplayVersion TestNSISUnderWine checks).
func TestOneVersionEverywhere(t *testing.T) {
	version := distVersion(t)
	num := numeric(t, version)
	bin, _ := filepath.Abs(filepath.Join("..", "bin", "rootip-cert"))
	if v := out(t, nil, bin, "version"); !strings.Contains(v, "rootip-cert "+version+" ") {
		t.Errorf("rootip-cert version: %q, want %s", v, version)
	}
	if _, err := exec.LookPath("dpkg-deb"); err == nil {
		if v := strings.TrimSpace(out(t, nil, "dpkg-deb", "--field", artifact(t, "rootip-cert_"+version+"_amd64.deb"), "Version")); v != version {
			t.Errorf(".deb Version %q, want %s", v, version)
		}
	}
	if _, err := exec.LookPath("msiinfo"); err == nil {
		props := out(t, nil, "msiinfo", "export", artifact(t, "rootip-cert-"+version+".msi"), "Property")
		if !strings.Contains(strings.ReplaceAll(props, "\r", "")+"\n", "\nProductVersion\t"+num+"\n") {
			t.Errorf("MSI ProductVersion is not %s:\n%s", num, props)
		}
	}
	for _, exe := range []string{"rootip-cert.exe", "rootip-cert-cli.exe", "rootip-cert-setup-" + version + ".exe"} {
		product, file := versionResource(t, artifact(t, exe))
		if product != version || file != num {
			t.Errorf("%s: version resource ProductVersion %q, FILEVERSION %s; want %s, %s", exe, product, file, version, num)
		}
	}
}

// TestWindowsBinaries: the window program is a GUI-subsystem program (no
// console window on a double-click), the command a console one (cmd waits
// for it and gets its exit code), both 64-bit, within the size budget of
// issue 21.
func TestWindowsBinaries(t *testing.T) {
	for _, c := range []struct {
		name      string
		subsystem uint16
		maxMB     int64
	}{
		{"rootip-cert.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, 40},
		{"rootip-cert-cli.exe", pe.IMAGE_SUBSYSTEM_WINDOWS_CUI, 15},
	} {
		path := artifact(t, c.name)
		f, err := pe.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
		f.Close()
		if !ok {
			t.Errorf("%s is not a 64-bit program", c.name)
			continue
		}
		if oh.Subsystem != c.subsystem {
			t.Errorf("%s: subsystem %d, want %d", c.name, oh.Subsystem, c.subsystem)
		}
		if fi, _ := os.Stat(path); fi.Size() > c.maxMB<<20 {
			t.Errorf("%s: %d MB, budget %d MB", c.name, fi.Size()>>20, c.maxMB)
		}
	}
}

// TestCLIWithoutFyne: the command's build (tag cli) links no fyne.io or
// go-gl package, for Windows (CGO_ENABLED=0, as make dist builds it), for
// macOS (with cgo, as packaging/macos/build.sh builds it on a Mac) and for
// this OS.
func TestCLIWithoutFyne(t *testing.T) {
	for _, env := range [][]string{{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"}, {"GOOS=darwin", "GOARCH=arm64", "CGO_ENABLED=1"}, {}} {
		cmd := exec.Command("go", "list", "-deps", "-tags", "cli", "-f", "{{.ImportPath}}", "rootip-cert")
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v go list: %v\n%s", env, err, b)
		}
		deps := strings.Fields(string(b))
		if len(deps) < 50 {
			t.Fatalf("%v: go list gave %d packages: the check is broken", env, len(deps))
		}
		for _, d := range deps {
			if strings.HasPrefix(d, "fyne.io/") || strings.HasPrefix(d, "github.com/go-gl/") || d == "rootip-cert/app" {
				t.Errorf("%v: the command links %s", env, d)
			}
		}
	}
}
