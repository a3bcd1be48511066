package facts

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

func TestLinuxFacts(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	boot := bootTime()
	if boot.IsZero() || boot.After(time.Now()) {
		t.Fatalf("boot time = %v", boot)
	}
	// A process started now must show a start time after boot and before now.
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	started := procStart("/proc/"+strconv.Itoa(cmd.Process.Pid), boot)
	if started.Before(boot) || started.After(time.Now().Add(2*time.Second)) {
		t.Fatalf("start of a fresh process = %v (boot %v)", started, boot)
	}
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Fatal(err)
	}
}

// TestRunningBrowsersFindsABrowserProcess: a process whose name is a
// browser's (a copy of sleep named firefox-esr) is found, with its start.
func TestRunningBrowsersFindsABrowserProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	data, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(t.TempDir(), "firefox-esr")
	if err := os.WriteFile(fake, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(fake, "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	started, ok := runningBrowsers()["Firefox"]
	if !ok {
		t.Fatal("a running firefox-esr process was not found")
	}
	// The oldest Firefox process counts: this one, or a real one older.
	if started.IsZero() || started.After(time.Now().Add(2*time.Second)) {
		t.Fatalf("its start = %v", started)
	}
}

func BenchmarkRunningBrowsers(b *testing.B) {
	for b.Loop() {
		runningBrowsers()
	}
}
