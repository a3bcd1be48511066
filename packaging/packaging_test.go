package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/testsupport/winetest"
)

// dist is where make dist puts the artifacts; the tests skip without them.
const version = "0.1.0"

func artifact(t *testing.T, name string) string {
	t.Helper()
	p, _ := filepath.Abs(filepath.Join("..", "dist", name))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("needs %s (make dist; make test builds it first)", name)
	}
	return p
}

func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (make test installs it)", tool)
		}
	}
}

func out(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	if env != nil {
		cmd.Env = env
	}
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, b)
	}
	return string(b)
}

func TestMSITables(t *testing.T) {
	need(t, "msiinfo")
	msi := artifact(t, "rootip-cert-"+version+".msi")
	props := out(t, nil, "msiinfo", "export", msi, "Property")
	for _, want := range []string{"ProductVersion\t" + version, "UpgradeCode\t{6D1F6A4E-2C1B-4F7E-9A35-3B8F0C2D7E51}"} {
		if !strings.Contains(props, want) {
			t.Errorf("Property table lacks %q:\n%s", want, props)
		}
	}
	if strings.Contains(props, "ALLUSERS\t1") {
		t.Error("the MSI installs for all users (needs administrator rights)")
	}
	if up := out(t, nil, "msiinfo", "export", msi, "Upgrade"); !strings.Contains(up, "WIX_UPGRADE_DETECTED") {
		t.Errorf("no major-upgrade row:\n%s", up)
	}
	dirs := out(t, nil, "msiinfo", "export", msi, "Directory")
	if !strings.Contains(dirs, "LocalAppDataFolder") {
		t.Errorf("not installed under the user's LocalAppData:\n%s", dirs)
	}
	if sc := out(t, nil, "msiinfo", "export", msi, "Shortcut"); !strings.Contains(sc, "ProgramMenuFolder") {
		t.Errorf("no Start-menu shortcut:\n%s", sc)
	}
	if reg := out(t, nil, "msiinfo", "export", msi, "Registry"); !strings.Contains(reg, `Software\Classes\.p12\OpenWithProgids`) {
		t.Errorf("no .p12 association:\n%s", reg)
	}
}

func TestSignatures(t *testing.T) {
	need(t, "osslsigncode")
	ca := artifact(t, filepath.Join("sign", "test-codesign.pem"))
	for _, f := range []string{"rootip-cert.exe", "rootip-cert-" + version + ".msi"} {
		res := out(t, nil, "osslsigncode", "verify", "-CAfile", ca, "-in", artifact(t, f))
		if !strings.Contains(res, "Signature verification: ok") {
			t.Errorf("%s: %s", f, res)
		}
	}
}

// TestMSIUnderWine installs silently as IT would (msiexec /i … /qn), runs
// the installed program, uninstalls and checks the files are gone.
func TestMSIUnderWine(t *testing.T) {
	msi := artifact(t, "rootip-cert-"+version+".msi")
	w := winetest.New(t)
	prefix := w.Path
	w.MustRun(t, 3*time.Minute, w.Wine, "msiexec", "/i", msi, "/qn")
	matches, _ := filepath.Glob(filepath.Join(prefix, "drive_c", "users", "*", "AppData", "Local", "Programs", "rootip-cert", "rootip-cert.exe"))
	if len(matches) != 1 {
		t.Fatal("the program was not installed under the user's LocalAppData\\Programs")
	}
	if v := w.MustRun(t, 2*time.Minute, w.Wine, matches[0], "version", "--json"); !strings.Contains(v, `"os": "windows"`) {
		t.Fatalf("installed program: %s", v)
	}
	links, _ := filepath.Glob(filepath.Join(prefix, "drive_c", "users", "*", "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", "*.lnk"))
	if len(links) == 0 {
		t.Error("no Start-menu shortcut")
	}
	w.MustRun(t, 3*time.Minute, w.Wine, "msiexec", "/x", msi, "/qn")
	if _, err := os.Stat(matches[0]); !os.IsNotExist(err) {
		t.Fatal("uninstall left the program")
	}
}

func TestDeb(t *testing.T) {
	need(t, "dpkg-deb")
	deb := artifact(t, "rootip-cert_"+version+"_amd64.deb")
	info := out(t, nil, "dpkg-deb", "--info", deb)
	for _, want := range []string{"Package: rootip-cert", "Version: " + version, "libnss3"} {
		if !strings.Contains(info, want) {
			t.Errorf("control lacks %q:\n%s", want, info)
		}
	}
	contents := out(t, nil, "dpkg-deb", "--contents", deb)
	for _, want := range []string{"./usr/bin/rootip-cert", "./usr/share/applications/jp.co.rootip.cert.desktop",
		"./usr/share/icons/hicolor/256x256/apps/rootip-cert.png", "./usr/share/doc/rootip-cert/copyright"} {
		if !strings.Contains(contents, want) {
			t.Errorf("the package lacks %s", want)
		}
	}
	if _, err := exec.LookPath("lintian"); err == nil {
		res, _ := exec.Command("lintian", deb).CombinedOutput()
		for _, line := range strings.Split(string(res), "\n") {
			if strings.HasPrefix(line, "E:") {
				t.Errorf("lintian: %s", line)
			}
		}
	}
	root := t.TempDir()
	out(t, nil, "dpkg", "-x", deb, root)
	v := out(t, append(os.Environ(), "LANG=ja_JP.UTF-8"), filepath.Join(root, "usr", "bin", "rootip-cert"), "version")
	if !strings.Contains(v, "rootip-cert") {
		t.Errorf("installed binary: %s", v)
	}
}

func TestTarXZ(t *testing.T) {
	tarball := artifact(t, "rootip-cert-"+version+"-linux-amd64.tar.xz")
	list := out(t, nil, "tar", "-tJf", tarball)
	for _, want := range []string{"usr/local/bin/rootip-cert", "usr/local/share/applications/jp.co.rootip.cert.desktop", "Makefile"} {
		if !strings.Contains(list, want) {
			t.Errorf("the tarball lacks %s", want)
		}
	}
}
