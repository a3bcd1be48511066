package facts

import (
	"os"
	"os/exec"
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
