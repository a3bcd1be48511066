package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildSetup builds an NSIS installer of version from programs built here
// (the console program under both names: the window program's cgo cross
// build takes minutes, and the installer only copies files), the PATH
// helper and an icon. It needs makensis, ImageMagick's convert and Go.
func buildSetup(t *testing.T, version string) string {
	t.Helper()
	need(t, "makensis", "convert")
	dist := t.TempDir()
	root, _ := filepath.Abs("..")
	gobuild := func(out string, args ...string) {
		cmd := exec.Command("go", append([]string{"build", "-trimpath", "-o", filepath.Join(dist, out)}, args...)...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", out, err, b)
		}
	}
	gobuild("rootip-cert-cli.exe", "-tags", "cli", "-ldflags", "-s -w -X rootip-cert/internal/cli.Version="+version, ".")
	gobuild("pathedit.exe", "-ldflags", "-s -w -H=windowsgui", "./packaging/windows/pathedit")
	cli, err := os.ReadFile(filepath.Join(dist, "rootip-cert-cli.exe"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "rootip-cert.exe"), cli, 0o755); err != nil {
		t.Fatal(err)
	}
	out(t, nil, "convert", "-size", "32x32", "xc:#1f5fa8", filepath.Join(dist, "rootip-cert.ico"))
	numeric := strings.TrimSpace(out(t, nil, "./version.sh", "--numeric", version))
	setup := filepath.Join(dist, "rootip-cert-setup-"+version+".exe")
	out(t, nil, "makensis", "-INPUTCHARSET", "UTF8", "-V2", "-DVERSION="+version, "-DNUMERIC="+numeric, "-DDIST="+dist,
		"-DOUTFILE="+setup, filepath.Join("windows", "rootip-cert.nsi"))
	return setup
}

// TestNSISUpgradeInPlace installs version A silently into a folder of the
// user's choosing (/D=), then version B over it without naming the
// folder, as an update does: B goes into A's folder, one uninstall entry
// says B, the installed program reports B, the Japanese shortcut is still
// there, PATH holds the folder once and no second copy appears in the
// default folder; then the silent uninstall removes everything.
func TestNSISUpgradeInPlace(t *testing.T) {
	const a, b = "1.2.3", "1.3.0"
	setupA, setupB := buildSetup(t, a), buildSetup(t, b)
	w := newWine(t)
	user := w.user(t)
	dir := w.c("Tools", "rootip-cert")
	winDir := `C:\Tools\rootip-cert`
	menu := w.c("users", user, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs")
	lnk := filepath.Join(menu, jaName+".lnk")
	uninstall := `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall`

	if code, res := w.code(t, setupA, "/S", "/D="+winDir); code != 0 {
		t.Fatalf("install %s: exit %d\n%s", a, code, res)
	}
	if code, res := w.code(t, setupB, "/S"); code != 0 {
		t.Fatalf("install %s over %s: exit %d\n%s", b, a, code, res)
	}
	if _, err := os.Stat(w.c("users", user, "AppData", "Local", "Programs", "rootip-cert")); !os.IsNotExist(err) {
		t.Errorf("the upgrade installed a second copy in the default folder (%v)", err)
	}
	for _, exe := range []string{winDir + `\bin\rootip-cert-cli.exe`, winDir + `\rootip-cert.exe`} {
		if code, v := w.code(t, "cmd", "/c", exe, "version"); code != 0 || !strings.Contains(v, "rootip-cert "+b+" ") {
			t.Errorf("%s after the upgrade: exit %d, %q, want version %s", exe, code, v, b)
		}
	}
	entries := w.regExport(t, uninstall)
	if n := strings.Count(entries, `"DisplayName"="`+jaName+`"`); n != 1 {
		t.Errorf("%d uninstall entries named %s, want 1:\n%s", n, jaName, entries)
	}
	entry := w.regExport(t, `HKCU\`+uninstKey)
	for _, want := range []string{`"DisplayVersion"="` + b + `"`, `"InstallLocation"="` + strings.ReplaceAll(winDir, `\`, `\\`) + `"`} {
		if !strings.Contains(entry, want) {
			t.Errorf("uninstall entry lacks %s:\n%s", want, entry)
		}
	}
	if _, err := os.Stat(lnk); err != nil {
		t.Errorf("the shortcut is gone after the upgrade: %v", err)
	}
	if _, path := w.regValue(t, `HKCU\Environment`, "Path"); strings.Count(path, winDir+`\bin`) != 1 {
		t.Errorf("PATH after the upgrade, want %s\\bin once:\n%s", winDir, path)
	}

	if code, res := w.code(t, filepath.Join(dir, "uninstall.exe"), "/S", "_?="+winDir); code != 0 {
		t.Fatalf("uninstall: exit %d\n%s", code, res)
	}
	_ = os.Remove(filepath.Join(dir, "uninstall.exe")) // _?= ran it in place
	_ = os.Remove(dir)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		left, _ := filepath.Glob(filepath.Join(dir, "*"))
		t.Errorf("uninstall left %s: %v", dir, left)
	}
	if _, err := os.Stat(lnk); !os.IsNotExist(err) {
		t.Error("uninstall left the shortcut")
	}
	if e := w.regExport(t, `HKCU\`+uninstKey); e != "" {
		t.Errorf("uninstall left its entry:\n%s", e)
	}
	if _, path := w.regValue(t, `HKCU\Environment`, "Path"); strings.Contains(path, "rootip-cert") {
		t.Errorf("uninstall left PATH with rootip-cert:\n%s", path)
	}

	// All users: B /ALLUSERS follows A /ALLUSERS into its folder too.
	machineDir := `C:\Tools\rootip-cert-all`
	if code, res := w.code(t, setupA, "/S", "/ALLUSERS", "/D="+machineDir); code != 0 {
		t.Fatalf("install %s for all users: exit %d\n%s", a, code, res)
	}
	if code, res := w.code(t, setupB, "/S", "/ALLUSERS"); code != 0 {
		t.Fatalf("install %s over %s for all users: exit %d\n%s", b, a, code, res)
	}
	if code, v := w.code(t, "cmd", "/c", machineDir+`\bin\rootip-cert-cli.exe`, "version"); code != 0 || !strings.Contains(v, "rootip-cert "+b+" ") {
		t.Errorf("all-users program after the upgrade: exit %d, %q, want version %s", code, v, b)
	}
	if _, err := os.Stat(w.c("Program Files", "rootip-cert")); !os.IsNotExist(err) {
		t.Errorf("the all-users upgrade installed a second copy in Program Files (%v)", err)
	}
	if code, res := w.code(t, w.c("Tools", "rootip-cert-all", "uninstall.exe"), "/S", "_?="+machineDir); code != 0 {
		t.Fatalf("all-users uninstall: exit %d\n%s", code, res)
	}
	if e := w.regExport(t, `HKLM\`+uninstKey); e != "" {
		t.Errorf("all-users uninstall left its entry:\n%s", e)
	}
}
