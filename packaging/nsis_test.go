package packaging

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"rootip-cert/internal/reminder"
)

const (
	jaName    = "root ipクラウド 電子証明書ツール"
	uninstKey = `Software\Microsoft\Windows\CurrentVersion\Uninstall\rootip-cert`
)

// TestNSISNamesMatchTheProgram: the names the NSIS uninstaller removes by
// itself are the program's (the reminder's Run value and task).
func TestNSISNamesMatchTheProgram(t *testing.T) {
	nsi, err := os.ReadFile(filepath.Join("windows", "rootip-cert.nsi"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"REMIND": reminder.TaskName, "RUNKEY": reminder.RunKey, "NAME": jaName} {
		m := regexp.MustCompile(`(?m)^!define ` + name + ` "([^"]*)"`).FindSubmatch(nsi)
		if m == nil || string(m[1]) != want {
			t.Errorf("rootip-cert.nsi defines %s as %q, the program uses %q", name, m, want)
		}
	}
}

// TestNSISUnderWine installs the NSIS installer silently (/S) as a user
// and then with /ALLUSERS, checks the files, the Japanese Start-menu
// shortcut, the uninstall entry, the association, PATH (a long one, kept
// whole), runs the installed command from bin\, and uninstalls silently:
// nothing may remain.
func TestNSISUnderWine(t *testing.T) {
	version := distVersion(t)
	setup := artifact(t, "rootip-cert-setup-"+version+".exe")
	w := newWine(t)
	user := w.user(t)
	// A PATH longer than NSIS's 1024-character strings, with an
	// unexpanded variable: it must come back exactly.
	long := strings.Repeat(`C:\Program Files\Some Vendor\Tool\bin;`, 40) + `%USERPROFILE%\bin`
	w.run(t, "reg", "add", `HKCU\Environment`, "/v", "Path", "/t", "REG_EXPAND_SZ", "/d", long, "/f")

	for _, c := range []struct {
		name, hive, dir, menu, scope string
		args                         []string
	}{
		{"per-user", "HKCU", w.c("users", user, "AppData", "Local", "Programs", "rootip-cert"),
			w.c("users", user, "AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs"), "user", []string{"/S"}},
		{"all users", "HKLM", w.c("Program Files", "rootip-cert"),
			w.c("ProgramData", "Microsoft", "Windows", "Start Menu", "Programs"), "machine", []string{"/S", "/ALLUSERS"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if code, res := w.code(t, append([]string{setup}, c.args...)...); code != 0 {
				t.Fatalf("install: exit %d\n%s", code, res)
			}
			for _, f := range []string{"rootip-cert.exe", filepath.Join("bin", "rootip-cert-cli.exe"), "uninstall.exe"} {
				if _, err := os.Stat(filepath.Join(c.dir, f)); err != nil {
					t.Errorf("not installed: %v", err)
				}
			}
			lnk := filepath.Join(c.menu, jaName+".lnk")
			if _, err := os.Stat(lnk); err != nil {
				t.Errorf("no Start-menu shortcut with the Japanese name: %v", err)
			}
			entry := w.regExport(t, c.hive+`\`+uninstKey)
			winDir := `C:\` + strings.ReplaceAll(strings.TrimPrefix(c.dir, w.c()+"/"), "/", `\`)
			for _, want := range []string{`"DisplayName"="` + jaName + `"`, `"DisplayVersion"="` + version + `"`,
				`"Publisher"="root ip, Inc."`, `"InstallLocation"="` + strings.ReplaceAll(winDir, `\`, `\\`) + `"`,
				`"QuietUninstallString"="\"` + strings.ReplaceAll(winDir, `\`, `\\`) + `\\uninstall.exe\" /S`} {
				if !strings.Contains(entry, want) {
					t.Errorf("uninstall entry lacks %s:\n%s", want, entry)
				}
			}
			for _, ext := range []string{".p12", ".pfx"} {
				if w.regExport(t, c.hive+`\Software\Classes\`+ext+`\OpenWithProgids`) == "" {
					t.Errorf("no %s association", ext)
				}
			}
			if cmd := w.regExport(t, c.hive+`\Software\Classes\rootip-cert.p12\shell\open\command`); !strings.Contains(cmd, `rootip-cert.exe\" \"%1\"`) {
				t.Errorf("the association does not open the window on the file:\n%s", cmd)
			}
			pathKey := `HKCU\Environment`
			if c.scope == "machine" {
				pathKey = `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`
			}
			typ, path := w.regValue(t, pathKey, "Path")
			if !strings.Contains(path, winDir+`\bin`) || strings.Contains(path, winDir+`;`) {
				t.Errorf("PATH does not hold %s\\bin (only):\n%s", winDir, path)
			}
			if c.scope == "user" && (typ != "REG_EXPAND_SZ" || path != long+";"+winDir+`\bin`) {
				t.Errorf("the long PATH was not kept whole (%s):\n%s", typ, path)
			}
			// The command from its installed place, through cmd (exit code).
			cli := winDir + `\bin\rootip-cert-cli.exe`
			if code, v := w.code(t, "cmd", "/c", cli, "version"); code != 0 || !strings.Contains(v, "rootip-cert "+version+" ") {
				t.Errorf("installed command: exit %d, %q", code, v)
			}
			if code, _ := w.code(t, "cmd", "/c", cli, "inspect"); code != 2 {
				t.Errorf("a usage error through cmd: exit %d, want 2", code)
			}

			uninstall := filepath.Join(c.dir, "uninstall.exe")
			if code, res := w.code(t, uninstall, "/S", "_?="+winDir); code != 0 {
				t.Fatalf("uninstall: exit %d\n%s", code, res)
			}
			// _?= ran it in place: it cannot delete itself then.
			_ = os.Remove(uninstall)
			_ = os.Remove(c.dir)
			if _, err := os.Stat(c.dir); !os.IsNotExist(err) {
				left, _ := filepath.Glob(filepath.Join(c.dir, "*"))
				t.Errorf("uninstall left %s: %v", c.dir, left)
			}
			if _, err := os.Stat(lnk); !os.IsNotExist(err) {
				t.Error("uninstall left the shortcut")
			}
			if e := w.regExport(t, c.hive+`\`+uninstKey); e != "" {
				t.Errorf("uninstall left its entry:\n%s", e)
			}
			if e := w.regExport(t, c.hive+`\Software\Classes\rootip-cert.p12`); e != "" {
				t.Errorf("uninstall left the association:\n%s", e)
			}
			typ, after := w.regValue(t, pathKey, "Path")
			if strings.Contains(after, "rootip-cert") {
				t.Errorf("uninstall left PATH with rootip-cert:\n%s", after)
			}
			if c.scope == "user" && (typ != "REG_EXPAND_SZ" || after != long) {
				t.Errorf("uninstall did not give PATH back (%s):\n%s\nwant\n%s", typ, after, long)
			}
		})
	}
}
