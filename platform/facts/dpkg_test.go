package facts

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestDpkgVersion(t *testing.T) {
	const status = `Package: chromium-common
Status: install ok installed
Version: 156.0.8078.114-1~deb12u1
Description: the files of Chromium
 Package: chromium
 Version: 1.0

Package: chromium
Status: deinstall ok config-files
Version: 120.0.6099.224-1~deb12u1

Package: chromium
Status: install ok installed
Architecture: amd64
Version: 156.0.8078.114-1~deb12u1

Package: firefox-esr
Status: install ok unpacked
Version: 1:140.5.0esr-1~deb12u1`
	for pkg, want := range map[string]string{
		"chromium":      "156.0.8078.114-1~deb12u1", // not the config files left of an older one, nor chromium-common's
		"firefox-esr":   "1:140.5.0esr-1~deb12u1",   // the last stanza, with no blank line after it
		"google-chrome": "",
		"chrom":         "",
	} {
		if got := dpkgVersion(strings.NewReader(status), pkg); got != want {
			t.Errorf("dpkgVersion(%q) = %q, want %q", pkg, got, want)
		}
	}
	if got := debianUpstream("156.0.8078.114-1~deb12u1"); got != "156.0.8078.114" {
		t.Errorf("debianUpstream = %q", got)
	}
}

// TestDpkgVersionAgreesWithDpkgQuery: on a machine with dpkg, the version
// read from its database is the one dpkg-query prints, for a sample of
// the installed packages (and the browsers, where installed).
func TestDpkgVersionAgreesWithDpkgQuery(t *testing.T) {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Skip("no dpkg here")
	}
	out, err := exec.Command("dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\n").Output()
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for i, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		name, abbrev, _ := strings.Cut(line, "\t")
		browser := name == "chromium" || name == "firefox-esr" || name == "google-chrome" || name == "microsoft-edge"
		if strings.HasPrefix(abbrev, "ii") && (i%40 == 0 || browser) {
			pkgs = append(pkgs, name)
		}
	}
	if len(pkgs) == 0 {
		t.Fatal("dpkg-query listed no installed package")
	}
	for _, pkg := range pkgs {
		want, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
		if err != nil {
			t.Fatalf("dpkg-query %s: %v", pkg, err)
		}
		f, err := os.Open(dpkgStatus)
		if err != nil {
			t.Fatal(err)
		}
		got := dpkgVersion(f, pkg)
		f.Close()
		if got != string(want) {
			t.Errorf("%s: read %q from %s, dpkg-query says %q", pkg, got, dpkgStatus, want)
		}
	}
}
