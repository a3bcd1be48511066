package firefox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestRootsPerOS(t *testing.T) {
	linux := Roots("linux", "/home/u", env(nil))
	want := []string{"/home/u/.mozilla/firefox", "/home/u/.config/mozilla/firefox",
		"/home/u/snap/firefox/common/.mozilla/firefox", "/home/u/.var/app/org.mozilla.firefox/.mozilla/firefox"}
	// Roots joins with this OS's separator (the goos argument picks the
	// layout): compare in that form, so that the test holds on Windows too.
	for i, w := range want {
		if linux[i].Dir != filepath.FromSlash(w) {
			t.Errorf("linux root %d = %s, want %s", i, linux[i].Dir, filepath.FromSlash(w))
		}
	}
	if xdg := Roots("linux", "/home/u", env(map[string]string{"XDG_CONFIG_HOME": "/cfg"})); xdg[1].Dir != filepath.FromSlash("/cfg/mozilla/firefox") {
		t.Errorf("XDG root = %s", xdg[1].Dir)
	}
	if w := Roots("windows", `C:\Users\u`, env(map[string]string{"APPDATA": `C:\Users\u\AppData\Roaming`})); !strings.HasSuffix(w[0].Dir, filepath.Join("Mozilla", "Firefox")) {
		t.Errorf("windows root = %s", w[0].Dir)
	}
	if m := Roots("darwin", "/Users/u", env(nil)); m[0].Dir != filepath.FromSlash("/Users/u/Library/Application Support/Firefox") {
		t.Errorf("macOS root = %s", m[0].Dir)
	}
}

// Recorded trees: profiles.ini/installs.ini as Firefox 115-147 write them.
func TestProfilesIn(t *testing.T) {
	base := t.TempDir()
	abs := filepath.Join(base, "elsewhere", "work-profile")
	root := filepath.Join(base, "firefox")
	writeTree(t, root, map[string]string{
		"profiles.ini": "\xef\xbb\xbf[Install4F96D1932A9F858E]\r\nDefault=abcd.default-release\r\nLocked=1\r\n\r\n" +
			"[Profile1]\r\nName=default\r\nIsRelative=1\r\nPath=efgh.default\r\nDefault=1\r\n\r\n" +
			"[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=abcd.default-release\r\n\r\n" +
			"[Profile2]\r\nName=仕事用\r\nIsRelative=0\r\nPath=" + abs + "\r\n\r\n" +
			"[Profile3]\r\nName=old\r\nIsRelative=1\r\nPath=old.profile\r\n\r\n" +
			"[General]\r\nStartWithLastProfile=1\r\nVersion=2\r\n",
		"installs.ini":                       "[4F96D1932A9F858E]\nDefault=abcd.default-release\nLocked=1\n",
		"abcd.default-release/cert9.db":      "x",
		"efgh.default/cert9.db":              "x",
		"old.profile/cert8.db":               "x",
		"../elsewhere/work-profile/prefs.js": "",
	})
	ps, err := ProfilesIn(Root{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 4 {
		t.Fatalf("%d profiles, want 4: %+v", len(ps), ps)
	}
	byName := map[string]Profile{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	if ps[0].Name != "default-release" || !ps[0].Default {
		t.Errorf("first profile = %+v, want the installation's default", ps[0])
	}
	if byName["default"].Default {
		t.Error("Default=1 in profiles.ini must not win over installs.ini")
	}
	if w := byName["仕事用"]; w.Dir != abs || !w.NoDatabase {
		t.Errorf("absolute profile = %+v", w)
	}
	if !byName["old"].Legacy {
		t.Error("cert8.db profile not flagged legacy")
	}
}

func TestProfilesWithoutInstalls(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"profiles.ini": "[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=Profiles/x.default\nDefault=1\n",
	})
	ps, err := ProfilesIn(Root{Dir: root})
	if err != nil || len(ps) != 1 || !ps[0].Default || ps[0].Dir != filepath.Join(root, "Profiles", "x.default") {
		t.Fatalf("profiles = %+v, %v", ps, err)
	}
	if ps, err := ProfilesIn(Root{Dir: filepath.Join(root, "missing")}); ps != nil || err != nil {
		t.Fatalf("missing root = %v, %v", ps, err)
	}
}

func TestDiscoverAcrossRoots(t *testing.T) {
	home := t.TempDir()
	writeTree(t, home, map[string]string{
		"snap/firefox/common/.mozilla/firefox/profiles.ini": "[Profile0]\nName=snap\nIsRelative=1\nPath=s.default\nDefault=1\n",
		".mozilla/firefox/profiles.ini":                     "[Profile0]\nName=deb\nIsRelative=1\nPath=d.default\nDefault=1\n",
	})
	ps, err := Discover(Roots("linux", home, env(nil)))
	if err != nil || len(ps) != 2 {
		t.Fatalf("Discover = %+v, %v", ps, err)
	}
	if ps[1].Root.Flavor != "snap" {
		t.Errorf("snap profile flavor = %q", ps[1].Root.Flavor)
	}
}

func FuzzParseINI(f *testing.F) {
	f.Add([]byte("[Profile0]\nName=x\nPath=y\n"))
	f.Add([]byte("\xef\xbb\xbf[Install1]\r\nDefault=a\r\n"))
	f.Add([]byte("[\n=\n]]]\n;c\n#d\nk=v=w"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range parseINI(data) {
			if s.keys == nil {
				t.Fatal("section without keys map")
			}
		}
	})
}

func TestOSClientCerts(t *testing.T) {
	dir := t.TempDir()
	if on, explicit := OSClientCerts("windows", dir, nil); !on || explicit {
		t.Errorf("default on Windows = %v/%v, want on by default", on, explicit)
	}
	if on, _ := OSClientCerts("linux", dir, nil); on {
		t.Error("Linux has no OS client-certificate module")
	}
	writeTree(t, dir, map[string]string{
		"prefs.js": `// Mozilla User Preferences
user_pref("browser.startup.homepage", "https://example.com");
user_pref("security.osclientcerts.autoload", false);
`,
	})
	if on, explicit := OSClientCerts("darwin", dir, nil); on || !explicit {
		t.Errorf("prefs.js false = %v/%v", on, explicit)
	}
	writeTree(t, dir, map[string]string{"user.js": `user_pref("security.osclientcerts.autoload", true);`})
	if on, _ := OSClientCerts("windows", dir, nil); !on {
		t.Error("user.js must win over prefs.js")
	}
}

func TestPolicyOverridesProfile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"user.js": `user_pref("security.osclientcerts.autoload", true);`})
	locked := []byte(`{"policies": {"Preferences": {"security.osclientcerts.autoload": {"Value": false, "Status": "locked"}}}}`)
	if on, explicit := OSClientCerts("windows", dir, [][]byte{locked}); on || !explicit {
		t.Errorf("locked policy false = %v/%v", on, explicit)
	}
	bare := []byte(`{"policies": {"Preferences": {"security.osclientcerts.autoload": true}}}`)
	if v, ok := PolicyPref(bare, OSClientCertsPref); !ok || v != "true" {
		t.Errorf("bare policy value = %q %v", v, ok)
	}
	for _, bad := range []string{``, `{`, `{"policies": {}}`, `{"policies": {"Preferences": {"other": 1}}}`} {
		if _, ok := PolicyPref([]byte(bad), OSClientCertsPref); ok {
			t.Errorf("PolicyPref(%q) found a value", bad)
		}
	}
	install := t.TempDir()
	writeTree(t, install, map[string]string{"distribution/policies.json": string(locked)})
	if got := InstallPolicies([]string{install, t.TempDir()}); len(got) != 1 {
		t.Errorf("InstallPolicies read %d files, want 1", len(got))
	}
}

func TestSetUserPref(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"user.js": "// mine\nuser_pref(\"security.osclientcerts.autoload\", false);\nuser_pref(\"other\", 1);\n"})
	if err := SetUserPref(dir, OSClientCertsPref, "true"); err != nil {
		t.Fatal(err)
	}
	if on, explicit := OSClientCerts("windows", dir, nil); !on || !explicit {
		t.Fatalf("after SetUserPref: %v/%v", on, explicit)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "user.js"))
	if strings.Count(string(data), OSClientCertsPref) != 1 || !strings.Contains(string(data), "// mine") || !strings.Contains(string(data), `"other", 1`) {
		t.Fatalf("user.js = %q", data)
	}
	fresh := t.TempDir()
	if err := SetUserPref(fresh, OSClientCertsPref, "true"); err != nil {
		t.Fatal(err)
	}
	if v, ok := ReadPref(fresh, OSClientCertsPref); !ok || v != "true" {
		t.Fatalf("new user.js: %q %v", v, ok)
	}
}
