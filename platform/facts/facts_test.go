package facts

import (
	"os"
	"runtime"
	"testing"
	"time"
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
	osInfo, browsers := Machine(nil)
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

// TestMachineTakesTheRunningReading: which browsers run comes from the
// reading the caller passes (the flow's one scan of the processes), not
// from a scan of Machine's own: the same installed browsers, running or
// not as the reading says.
func TestMachineTakesTheRunningReading(t *testing.T) {
	_, idle := Machine(nil)
	if len(idle) == 0 {
		t.Skip("no browser installed on this host")
	}
	running := map[string]time.Time{}
	for _, name := range []string{"Firefox", "Chrome", "Chromium", "Edge", "Safari"} { // every OS's names
		running[name] = time.Now()
	}
	_, busy := Machine(running)
	if len(busy) != len(idle) {
		t.Fatalf("installed browsers differ with the reading: %+v and %+v", idle, busy)
	}
	for i := range idle {
		if idle[i].Running || !busy[i].Running || idle[i].Name != busy[i].Name {
			t.Errorf("browser %d: %+v with no browser running, %+v with every one running", i, idle[i], busy[i])
		}
	}
}
