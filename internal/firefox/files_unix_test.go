//go:build unix

package firefox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/testsupport/specialfile"
)

func TestFIFOsAndDevicesAreRefusedQuickly(t *testing.T) {
	t.Run("profiles.ini FIFO", func(t *testing.T) {
		root := t.TempDir()
		specialfile.Pipe(t, filepath.Join(root, "profiles.ini"))
		var err error
		specialfile.Within(t, "ProfilesIn", func() { _, err = ProfilesIn(Root{Dir: root}) })
		if !errors.Is(err, boundedio.ErrNotRegular) || !strings.Contains(err.Error(), "profiles.ini") {
			t.Fatalf("ProfilesIn = %v; want not a regular file, naming profiles.ini", err)
		}
	})
	t.Run("profiles.ini to /dev/zero", func(t *testing.T) {
		root := t.TempDir()
		if err := os.Symlink("/dev/zero", filepath.Join(root, "profiles.ini")); err != nil {
			t.Fatal(err)
		}
		var err error
		specialfile.Within(t, "ProfilesIn", func() { _, err = ProfilesIn(Root{Dir: root}) })
		if !errors.Is(err, boundedio.ErrNotRegular) {
			t.Fatalf("ProfilesIn = %v; want not a regular file", err)
		}
	})
	t.Run("installs.ini FIFO", func(t *testing.T) {
		root := t.TempDir()
		writeTree(t, root, map[string]string{
			"profiles.ini":          "[Profile0]\nName=default\nIsRelative=1\nPath=abcd.default\n",
			"abcd.default/cert9.db": "x",
		})
		specialfile.Pipe(t, filepath.Join(root, "installs.ini"))
		var ps []Profile
		var err error
		specialfile.Within(t, "ProfilesIn", func() { ps, err = ProfilesIn(Root{Dir: root}) })
		if err != nil || len(ps) != 1 {
			t.Fatalf("ProfilesIn = %v, %v; want the one profile (installs.ini skipped)", ps, err)
		}
	})
	t.Run("prefs.js and user.js FIFOs", func(t *testing.T) {
		dir := t.TempDir()
		specialfile.Pipe(t, filepath.Join(dir, "prefs.js"))
		specialfile.Pipe(t, filepath.Join(dir, "user.js"))
		var ok bool
		specialfile.Within(t, "ReadPref", func() { _, ok = ReadPref(dir, OSClientCertsPref) })
		if ok {
			t.Error("a preference was read from a FIFO")
		}
		var err error
		specialfile.Within(t, "SetUserPref", func() { err = SetUserPref(dir, OSClientCertsPref, "true") })
		if !errors.Is(err, boundedio.ErrNotRegular) {
			t.Errorf("SetUserPref over a FIFO user.js = %v; want not a regular file", err)
		}
		if fi, err := os.Lstat(filepath.Join(dir, "user.js")); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("user.js FIFO was replaced: %v %v", fi, err)
		}
	})
	t.Run("policies.json FIFO", func(t *testing.T) {
		install := t.TempDir()
		specialfile.Pipe(t, filepath.Join(install, "distribution", "policies.json"))
		var got [][]byte
		specialfile.Within(t, "InstallPolicies", func() { got = InstallPolicies([]string{install}) })
		if len(got) != 0 {
			t.Errorf("InstallPolicies read %d files from a FIFO", len(got))
		}
	})
}
