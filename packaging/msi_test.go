package packaging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMSIPatches: the tables build-msi.sh patches after wixl say what the
// two contexts need (msiinfo export).
func TestMSIPatches(t *testing.T) {
	need(t, "msiinfo")
	version := distVersion(t)
	msi := artifact(t, "rootip-cert-"+version+".msi")
	table := func(name string) string { return out(t, nil, "msiinfo", "export", msi, name) }
	if ca := table("CustomAction"); !strings.Contains(ca, "SetMachineDir\t51\tINSTALLDIR\t[ProgramFiles64Folder]rootip-cert\\") ||
		!strings.Contains(ca, "RemoveReminder\t1106\tRootipCertCliExe\tremind --uninstall") {
		t.Errorf("CustomAction:\n%s", ca)
	}
	if seq := table("InstallExecuteSequence"); !strings.Contains(seq, "SetMachineDir\tALLUSERS=1\t990") ||
		!strings.Contains(seq, "WriteEnvironmentStrings\t\t5200") || !strings.Contains(seq, "RemoveEnvironmentStrings\t\t3300") ||
		!strings.Contains(seq, "RemoveReminder\tREMOVE=\"ALL\" AND NOT UPGRADINGPRODUCTCODE\t3450") {
		t.Errorf("InstallExecuteSequence:\n%s", seq)
	}
	if env := table("Environment"); !strings.Contains(env, "PathUser\t=-PATH\t[~];[BINDIR]\tPathUser") ||
		!strings.Contains(env, "PathMachine\t=-*PATH\t[~];[BINDIR]\tPathMachine") {
		t.Errorf("Environment:\n%s", env)
	}
	comp := table("Component")
	for _, want := range []string{"\tALLUSERS=1\t", "\tNOT ALLUSERS=1\t"} {
		if !strings.Contains(comp, want) {
			t.Errorf("Component lacks the condition %q:\n%s", want, comp)
		}
	}
	if reg := table("Registry"); !strings.Contains(reg, "\t-1\tSoftware\\Classes\\.pfx\\OpenWithProgids\t") {
		t.Errorf("the association is not under HKMU (-1):\n%s", reg)
	}
	if up := table("Upgrade"); !strings.Contains(up, "\t"+numeric(t, version)+"\t\t513\t\tWIX_UPGRADE_DETECTED") {
		t.Errorf("a same-version rebuild does not upgrade in place:\n%s", up)
	}
	if files := table("File"); !strings.Contains(files, "rootip-cert-cli.exe") {
		t.Errorf("the MSI lacks the command:\n%s", files)
	}
}

// TestMSIUnderWine installs silently as IT would, per user (msiexec /i …
// /qn) and per machine (ALLUSERS=1, Wine runs as administrator), runs the
// installed command, uninstalls and checks that nothing is left.
func TestMSIUnderWine(t *testing.T) {
	version := distVersion(t)
	msi := artifact(t, "rootip-cert-"+version+".msi")
	w := newWine(t)
	user := w.user(t)
	for _, c := range []struct {
		name, hive, dir, pathKey string
		args                     []string
	}{
		{"per-user", "HKCU", w.c("users", user, "AppData", "Local", "Programs", "rootip-cert"), `HKCU\Environment`, nil},
		{"ALLUSERS=1", "HKLM", w.c("Program Files", "rootip-cert"), `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`, []string{"ALLUSERS=1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w.run(t, append(append([]string{"msiexec", "/i", msi}, c.args...), "/qn")...)
			for _, f := range []string{"rootip-cert.exe", filepath.Join("bin", "rootip-cert-cli.exe")} {
				if _, err := os.Stat(filepath.Join(c.dir, f)); err != nil {
					t.Errorf("not installed: %v", err)
				}
			}
			winDir := `C:\` + strings.ReplaceAll(strings.TrimPrefix(c.dir, w.c()+"/"), "/", `\`)
			if _, cli := w.regValue(t, c.hive+`\Software\rootip\rootip-cert`, "Cli"); !strings.EqualFold(cli, winDir+`\bin\rootip-cert-cli.exe`) {
				t.Errorf("%s\\Software\\rootip\\rootip-cert Cli = %q", c.hive, cli)
			}
			if _, cmd := w.regValue(t, c.hive+`\Software\Classes\rootip-cert.p12\shell\open\command`, "(Default)"); cmd == "" {
				if w.regExport(t, c.hive+`\Software\Classes\rootip-cert.p12\shell\open\command`) == "" {
					t.Error("no .p12 association")
				}
			}
			if _, path := w.regValue(t, c.pathKey, "Path"); !strings.Contains(strings.ToLower(path), strings.ToLower(winDir+`\bin`)) {
				t.Errorf("PATH lacks bin\\: %s", path)
			}
			links, _ := filepath.Glob(w.c("users", user, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", "*.lnk"))
			shared, _ := filepath.Glob(w.c("ProgramData", "Microsoft", "Windows", "Start Menu", "Programs", "*.lnk"))
			if len(links)+len(shared) == 0 {
				t.Error("no Start-menu shortcut")
			}
			cli := winDir + `\bin\rootip-cert-cli.exe`
			if code, v := w.code(t, "cmd", "/c", cli, "version"); code != 0 || !strings.Contains(v, "rootip-cert "+version+" ") {
				t.Errorf("installed command: exit %d, %q", code, v)
			}
			w.run(t, append(append([]string{"msiexec", "/x", msi}, c.args...), "/qn")...)
			if _, err := os.Stat(c.dir); !os.IsNotExist(err) {
				left, _ := filepath.Glob(filepath.Join(c.dir, "*"))
				t.Errorf("uninstall left %s: %v", c.dir, left)
			}
			if e := w.regExport(t, c.hive+`\Software\rootip\rootip-cert`); e != "" {
				t.Errorf("uninstall left:\n%s", e)
			}
			if _, path := w.regValue(t, c.pathKey, "Path"); strings.Contains(path, "rootip-cert") {
				t.Errorf("uninstall left PATH with rootip-cert: %s", path)
			}
		})
	}
}
