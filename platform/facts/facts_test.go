package facts

import (
	"os"
	"runtime"
	"testing"
)

func TestParseOSRelease(t *testing.T) {
	got := parseOSRelease([]byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\n"))
	if got.Name != "Debian GNU/Linux" || got.Version != "12 (bookworm)" {
		t.Fatalf("os-release = %+v", got)
	}
	if v := versionFrom("Chromium 156.0.8078.73 built on Debian GNU/Linux 12 (bookworm)"); v != "156.0.8078.73" {
		t.Fatalf("versionFrom = %q", v)
	}
	if v := versionFrom("Mozilla Firefox 140.5.0esr"); v != "140.5.0esr" {
		t.Fatalf("versionFrom = %q", v)
	}
}

func TestMachineOnThisHost(t *testing.T) {
	osInfo, browsers := Machine()
	if osInfo.Name == "" {
		t.Fatal("no OS name")
	}
	if runtime.GOOS == "linux" {
		if _, err := os.Stat("/usr/lib/firefox-esr/application.ini"); err == nil {
			found := false
			for _, b := range browsers {
				found = found || (b.Name == "Firefox ESR" && b.Version != "")
			}
			if !found {
				t.Errorf("Firefox ESR is installed but not reported: %+v", browsers)
			}
		}
	}
}
