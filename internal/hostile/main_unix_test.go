//go:build unix

package hostile

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bin is the console binary under test, built once in TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "rootip-hostile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "rootip-cert")
	build := exec.Command("go", "build", "-tags", "cli", "-o", bin, "rootip-cert")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build the console binary: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// maxRSS bounds the child's peak resident memory: the binary itself needs
// about 20 MB; reading /dev/zero or a 2 GB file, or deriving a key with
// 2×10⁹ iterations' worth of buffers, would go far past it.
const maxRSS = 200 << 20

// deadline is how long a run may take before it counts as a hang. It is
// generous (a loaded CI machine); a FIFO open or an endless read never ends.
const deadline = 30 * time.Second

type result struct {
	code           int
	stdout, stderr string
	maxRSS         int64 // bytes
}

// output is stdout and stderr together.
func (r result) output() string { return r.stdout + r.stderr }

// env is a scratch environment: its own home and config folder, no proxy
// variables, the given language.
func env(home, lang string) []string {
	return []string{
		"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"LANG=" + lang, "PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir(),
	}
}

// run runs the binary with args and environment e; a run that does not end
// within deadline is killed (its whole process group) and fails the test.
func run(t *testing.T, e []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = e
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("rootip-cert %s: still running after %v (a hang); killed\nstdout: %s\nstderr: %s", strings.Join(args, " "), deadline, clip(out.String()), clip(errb.String()))
	}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("rootip-cert %s: %v", strings.Join(args, " "), err)
		}
	}
	r := result{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return r
}

// checkSane fails on what no run may show: a panic, a stack trace, a peak
// memory over maxRSS.
func checkSane(t *testing.T, r result) {
	t.Helper()
	for _, bad := range []string{"panic:", "goroutine ", "runtime error", ".go:"} {
		if strings.Contains(r.output(), bad) {
			t.Errorf("output has %q:\n%s", bad, clip(r.output()))
		}
	}
	if r.maxRSS == 0 {
		t.Errorf("no peak memory from getrusage")
	}
	if r.maxRSS > maxRSS {
		t.Errorf("peak memory %d MB, over %d MB", r.maxRSS>>20, maxRSS>>20)
	}
}

var japanese = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}]`)

// checkNamed fails unless some line of the output names the file (its
// path, or at least its base name) in the expected language: with Japanese
// script for ja, without for en.
func checkNamed(t *testing.T, r result, path, lang string) {
	t.Helper()
	for _, line := range strings.Split(r.output(), "\n") {
		if !strings.Contains(line, path) && !strings.Contains(line, filepath.Base(path)+" ") {
			continue
		}
		rest := strings.ReplaceAll(line, path, "")
		if (lang == "ja") == japanese.MatchString(rest) {
			return
		}
	}
	t.Errorf("no %s line names %s:\n%s", lang, path, clip(r.output()))
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
