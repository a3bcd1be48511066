//go:build unix

package harden

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// childEnv makes the test binary run childMain instead of the tests: the
// limit is changed in a process of its own, not in the one running go test.
const childEnv = "ROOTIP_HARDEN_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

// childMain starts from a non-zero core limit, calls DisableCoreDumps, and
// prints the limit it then has and the one a shell it starts inherits.
func childMain() int {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		fmt.Println("error: getrlimit:", err)
		return 1
	}
	// Make the starting point non-zero so that the call has work to do.
	start := unix.Rlimit{Cur: 1 << 20, Max: lim.Max}
	if lim.Max != unix.RLIM_INFINITY && lim.Max < start.Cur {
		start.Max = start.Cur // allowed as root; otherwise the parent skips
	}
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &start); err != nil {
		fmt.Println("skip: cannot raise the core limit to start from:", err)
		return 0
	}
	// Twice: main may call it and a subcommand again, once the hard limit
	// is already 0.
	for range 2 {
		if err := DisableCoreDumps(); err != nil {
			fmt.Println("error: DisableCoreDumps:", err)
			return 1
		}
	}
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		fmt.Println("error: getrlimit:", err)
		return 1
	}
	fmt.Printf("self soft=%d hard=%d\n", lim.Cur, lim.Max)
	out, err := exec.Command("/bin/sh", "-c", "echo child soft=$(ulimit -S -c) hard=$(ulimit -H -c)").CombinedOutput()
	if err != nil {
		fmt.Println("error: /bin/sh:", err)
		return 1
	}
	fmt.Print(string(out))
	return 0
}

func TestDisableCoreDumpsSetsAndIsInherited(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.WaitDelay = time.Second
	done := make(chan struct{})
	var out []byte
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("child did not finish in 20 s")
	}
	got := string(out)
	if strings.HasPrefix(got, "skip: ") {
		t.Skip(strings.TrimSpace(got))
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, got)
	}
	for _, want := range []string{"self soft=0 hard=0\n", "child soft=0 hard=0\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("child output lacks %q:\n%s", want, got)
		}
	}
}
