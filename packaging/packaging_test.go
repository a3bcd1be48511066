package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// distVersion is the version make dist built (dist/VERSION, written by
// packaging/build.sh from packaging/version.sh); the tests skip without it.
func distVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "dist", "VERSION"))
	if err != nil {
		t.Skip("needs dist/VERSION (make dist; make test builds it first)")
	}
	return strings.TrimSpace(string(b))
}

// artifact is dist/name, made by make dist; the tests skip without it.
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
	version := distVersion(t)
	msi := artifact(t, "rootip-cert-"+version+".msi")
	props := out(t, nil, "msiinfo", "export", msi, "Property")
	for _, want := range []string{"ProductVersion\t" + numeric(t, version), "UpgradeCode\t{6D1F6A4E-2C1B-4F7E-9A35-3B8F0C2D7E51}"} {
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
	for _, want := range []string{"ProgramsDir\tLocalAppDataFolder\tPrograms", "INSTALLDIR\tProgramsDir\trootip-cert", "BINDIR\tINSTALLDIR\tbin", "ProgramFiles64Folder\tTARGETDIR"} {
		if !strings.Contains(dirs, want) {
			t.Errorf("Directory lacks %q (per-user under LocalAppData, ALLUSERS=1 under ProgramFiles64Folder):\n%s", want, dirs)
		}
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
	version := distVersion(t)
	for _, f := range []string{"rootip-cert.exe", "rootip-cert-cli.exe", "rootip-cert-setup-" + version + ".exe", "rootip-cert-" + version + ".msi"} {
		res := out(t, nil, "osslsigncode", "verify", "-CAfile", ca, "-in", artifact(t, f))
		if !strings.Contains(res, "Signature verification: ok") {
			t.Errorf("%s: %s", f, res)
		}
	}
}

func TestDeb(t *testing.T) {
	need(t, "dpkg-deb")
	version := distVersion(t)
	deb := artifact(t, "rootip-cert_"+version+"_amd64.deb")
	info := out(t, nil, "dpkg-deb", "--info", deb)
	for _, want := range []string{"Package: rootip-cert", "Version: " + version, "libnss3"} {
		if !strings.Contains(info, want) {
			t.Errorf("control lacks %q:\n%s", want, info)
		}
	}
	contents := out(t, nil, "dpkg-deb", "--contents", deb)
	for _, want := range []string{"./usr/bin/rootip-cert\n", "./usr/bin/rootip-cert-gui\n", "./usr/libexec/rootip-cert/rootip-cert-pac\n", "./usr/share/applications/jp.co.rootip.cert.desktop",
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
	tarball := artifact(t, "rootip-cert-"+distVersion(t)+"-linux-amd64.tar.xz")
	list := out(t, nil, "tar", "-tJf", tarball)
	for _, want := range []string{"usr/local/bin/rootip-cert\n", "usr/local/bin/rootip-cert-gui\n", "usr/local/libexec/rootip-cert/rootip-cert-pac\n", "usr/local/share/applications/jp.co.rootip.cert.desktop", "Makefile"} {
		if !strings.Contains(list, want) {
			t.Errorf("the tarball lacks %s", want)
		}
	}
}
