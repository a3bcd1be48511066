package opener

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDesktopEntryCommand(t *testing.T) {
	for _, tc := range []struct {
		name, exec string
		want       []string
	}{
		{"file code", "nautilus --new-window %U", []string{"nautilus", "--new-window", "file:///home/a%20b"}},
		{"path code", "thunar %F", []string{"thunar", "/home/a b"}},
		{"no code: the path at the end", "pcmanfm", []string{"pcmanfm", "/home/a b"}},
		{"quoted program with a blank", `"/opt/my fm/fm" %f`, []string{"/opt/my fm/fm", "/home/a b"}},
		{"escapes inside quotes", `sh -c "echo \"\$1\"" %f`, []string{"sh", "-c", `echo "$1"`, "/home/a b"}},
		{"icon, name, entry, percent", "fm %i --title=%c --from %k 100%% %f", []string{"fm", "--icon", "folder", "--title=Files",
			"--from", "/apps/fm.desktop", "100%", "/home/a b"}},
		{"deprecated codes dropped", "fm %d %f", []string{"fm", "/home/a b"}},
		{"string escapes", `fm\s--x %f`, []string{"fm", "--x", "/home/a b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := readDesktopEntry("/apps/fm.desktop", strings.NewReader(
				"[Desktop Entry]\nName=Files\nName[ja]=ファイル\nIcon=folder\nExec="+tc.exec+"\n[Desktop Action x]\nExec=other\n"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.command("/home/a b")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("command = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDesktopEntryRefusesBrokenExec(t *testing.T) {
	for _, text := range []string{"[Desktop Entry]\nName=x\n", "[Desktop Entry]\nExec=\"fm %f\n", "[Other]\nExec=fm\n"} {
		e, err := readDesktopEntry("x.desktop", strings.NewReader(text))
		if err == nil {
			_, err = e.command("/tmp")
		}
		if err == nil {
			t.Errorf("%q: no error", text)
		}
	}
}

func TestFindDesktopEntry(t *testing.T) {
	home, sys := t.TempDir(), t.TempDir()
	write := func(path, exec string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("[Desktop Entry]\nExec="+exec+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(home, "applications", "fm.desktop"), "home-fm")
	write(filepath.Join(sys, "applications", "fm.desktop"), "sys-fm")
	write(filepath.Join(sys, "applications", "kde4", "dolphin.desktop"), "dolphin")
	dirs := dataDirs(func(k string) string {
		return map[string]string{"XDG_DATA_HOME": home, "XDG_DATA_DIRS": sys}[k]
	})
	for id, want := range map[string]string{"fm.desktop": "home-fm", "kde4-dolphin.desktop": "dolphin"} {
		e, err := findDesktopEntry(id, dirs)
		if err != nil || e.exec != want {
			t.Errorf("%s: %q %v, want %q", id, e.exec, err, want)
		}
	}
	if _, err := findDesktopEntry("missing.desktop", dirs); err == nil {
		t.Error("a missing entry was found")
	}
	if _, err := findDesktopEntry("../x.desktop", dirs); err == nil {
		t.Error("an id with a slash was looked up")
	}
}

func TestDataDirsDefaults(t *testing.T) {
	got := dataDirs(func(k string) string { return map[string]string{"HOME": "/home/u"}[k] })
	want := []string{"/home/u/.local/share", "/usr/local/share", "/usr/share"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dataDirs = %q, want %q", got, want)
	}
}
