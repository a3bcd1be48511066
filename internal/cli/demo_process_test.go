//go:build !windows

package cli

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDemoLeavesNoSecretBehind runs the built console program's demo and
// ends it early as users do — `| head` (the reader goes away), Ctrl-C,
// kill, a closed terminal, a full disk — and asserts that its temporary
// folder (クライアント証明書.p12 and its private key, the scratch store) is
// gone afterwards. The renewal demo waits a few seconds for its
// "download", so a signal or a closed pipe meets it at work.
func TestDemoLeavesNoSecretBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the console program")
	}
	bin := filepath.Join(t.TempDir(), "rootip-cert")
	if out, err := exec.Command("go", "build", "-tags", "cli", "-o", bin, "rootip-cert").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	start := func(t *testing.T, args ...string) (*exec.Cmd, string) {
		tmp := t.TempDir()
		cmd := exec.Command(bin, append(args, "--lang", "ja")...)
		cmd.Env = []string{"TMPDIR=" + tmp, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
		return cmd, tmp
	}
	demoDirs := func(t *testing.T, tmp string) []string {
		t.Helper()
		found, err := filepath.Glob(filepath.Join(tmp, "rootip-cert-demo-*"))
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	// firstLine starts cmd with its output on a pipe and returns once the
	// demo said its first line, its folder made.
	firstLine := func(t *testing.T, cmd *exec.Cmd, tmp string) *os.File {
		t.Helper()
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = w
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil {
			t.Fatalf("no first line: %v", err)
		}
		if len(demoDirs(t, tmp)) != 1 {
			t.Fatalf("after %q, no demo folder in %s", line, tmp)
		}
		return r
	}

	t.Run("reader gone before the first line", func(t *testing.T) {
		cmd, tmp := start(t, "demo", "--break", "no-cert")
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		cmd.Stdout = w
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err = cmd.Run()
		w.Close()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed {
			t.Errorf("exit: %v, want %d (stopped, not killed by SIGPIPE)\n%s", err, ExitFailed, stderr.String())
		}
		if left := demoDirs(t, tmp); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})

	t.Run("reader gone after the first line (| head -1)", func(t *testing.T) {
		cmd, tmp := start(t, "demo", "--renewal")
		r := firstLine(t, cmd, tmp)
		r.Close()
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed {
			t.Errorf("exit: %v, want %d (stopped, not killed by SIGPIPE)", err, ExitFailed)
		}
		if left := demoDirs(t, tmp); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, tmp := start(t, "demo", "--renewal")
			r := firstLine(t, cmd, tmp)
			defer r.Close()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			// Ended by that signal still, as a shell expects.
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("%v: %v, want killed by %v", sig, err, sig)
			}
			if left := demoDirs(t, tmp); len(left) != 0 {
				t.Errorf("%v: left behind: %v", sig, left)
			}
		})
	}

	t.Run("output cannot be written (a full disk)", func(t *testing.T) {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip("no /dev/full here")
		}
		defer full.Close()
		cmd, tmp := start(t, "demo", "--break", "no-cert")
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err = cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != ExitFailed || !strings.Contains(stderr.String(), "出力を書き込めないため、デモを中止して") {
			t.Errorf("exit: %v, want %d and the reason\n%s", err, ExitFailed, stderr.String())
		}
		if left := demoDirs(t, tmp); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	})
}
