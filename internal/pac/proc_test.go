package pac

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"rootip-cert/internal/pac/pactest"
)

func TestPactestAgrees(t *testing.T) {
	if pactest.Env != HelperEnv || pactest.Name != HelperName {
		t.Fatalf("pactest has %s %s, pac %s %s", pactest.Env, pactest.Name, HelperEnv, HelperName)
	}
}

// recordingDNS is fakeDNS that notes every name it was asked.
type recordingDNS struct {
	mu    sync.Mutex
	asked []string
}

func (r *recordingDNS) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	r.mu.Lock()
	r.asked = append(r.asked, host)
	r.mu.Unlock()
	return dns.LookupIPAddr(ctx, host)
}

// TestLookupsGoToTheParent: the helper asks this process's Resolver for
// every name the script resolves (it has none of its own), and the
// address it gets back is what the script sees.
func TestLookupsGoToTheParent(t *testing.T) {
	r := &recordingDNS{}
	script := `function FindProxyForURL(url, host) {
  return "PROXY " + dnsResolve(host) + ":1; PROXY " + dnsResolve("intra.corp.example") + ":2; " + isResolvable("nowhere.invalid");
}`
	got, err := Evaluate(context.Background(), script, "https://acme.rootip-cloud.net/", r)
	if err != nil || got != "PROXY 203.0.113.10:1; PROXY 10.1.2.3:2; false" {
		t.Fatalf("%q %v", got, err)
	}
	if strings.Join(r.asked, " ") != "acme.rootip-cloud.net intra.corp.example nowhere.invalid" {
		t.Errorf("the resolver was asked %q", r.asked)
	}
}

// children is this process's child processes (zombies included), from /proc.
func children(t *testing.T) []string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	me := strconv.Itoa(os.Getpid())
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid ...: comm may hold spaces, the last ")" ends it.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 && fields[1] == me {
			out = append(out, strings.TrimSuffix(filepath.Dir(p), "/stat")+" "+s[:strings.LastIndexByte(s, ')')+1]+" "+fields[0])
		}
	}
	return out
}

func needProc(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
}

// fakeHelper installs a shell script as the helper for one test.
func fakeHelper(t *testing.T, body string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), HelperName)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(HelperEnv, p)
}

func wantCode(t *testing.T, err error, code string) *Error {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	return pe
}

// TestDeadlineKillsAndReapsTheHelper: a helper that never answers (nor
// watches the time) is killed at the deadline and reaped: no process of
// it is left, not even a zombie. The real helper's endless script too.
func TestDeadlineKillsAndReapsTheHelper(t *testing.T) {
	needProc(t)
	if c := children(t); len(c) != 0 {
		t.Fatalf("children before the test: %v", c)
	}
	for _, tc := range []struct{ name, helper string }{
		{"helper that hangs", "exec sleep 600"},
		{"real helper, endless script", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.helper != "" {
				fakeHelper(t, tc.helper)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := Evaluate(ctx, `function FindProxyForURL(url, host) { for (;;) {} }`, "https://acme.rootip-cloud.net/", dns)
			wantCode(t, err, ErrTimeout)
			if c := children(t); len(c) != 0 {
				t.Errorf("left behind: %v", c)
			}
		})
	}
}

// TestAllocationWithoutEndIsStopped: a script that keeps 1 GiB of
// strings alive passes the helper's memory cap, the helper ends and the
// script is reported as failed, long before its deadline.
func TestAllocationWithoutEndIsStopped(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the address-space cap is enforced by Linux only")
	}
	script := `function FindProxyForURL(url, host) {
  var keep = [];
  for (var i = 0; i < 1024; i++) keep.push("x".repeat(1048576) + i);
  return "DIRECT";
}`
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := Evaluate(ctx, script, "https://acme.rootip-cloud.net/", dns)
	pe := wantCode(t, err, ErrScript)
	if !strings.Contains(pe.Err.Error(), "out of memory") {
		t.Errorf("not stopped by the memory cap: %v", err)
	}
}

// TestGarbageFromTheHelper: whatever a broken helper sends or does, the
// result is a script that failed, and nothing unbounded is read.
func TestGarbageFromTheHelper(t *testing.T) {
	for name, body := range map[string]string{
		"text":             "echo 'hello, this is not a frame at all'",
		"silent exit":      "exit 3",
		"unknown kind":     `printf 'Z\000\000\000\001x'; cat >/dev/null`,
		"huge frame":       `printf 'A\177\377\377\377'; exec sleep 600`,
		"truncated answer": `printf 'A\000\000\000\011DIR'`,
		"huge name":        `printf 'D\000\000\004\001'; head -c 1025 /dev/zero; exec sleep 600`,
		"crash":            "echo 'fatal error: something' >&2; kill -SEGV $$",
	} {
		t.Run(name, func(t *testing.T) {
			fakeHelper(t, body)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_, err := Evaluate(ctx, corporate, "https://acme.rootip-cloud.net/", dns)
			wantCode(t, err, ErrScript)
		})
	}
}

// TestHelperMissing: no helper program where the installation puts it is
// its own reason (a broken installation, not a broken script).
func TestHelperMissing(t *testing.T) {
	t.Setenv(HelperEnv, filepath.Join(t.TempDir(), HelperName))
	_, err := Evaluate(context.Background(), corporate, "https://acme.rootip-cloud.net/", dns)
	wantCode(t, err, ErrMissing)
}

// TestFindHelper: beside the program (symbolic links resolved), else in
// ../libexec/rootip-cert; neither is ErrMissing.
func TestFindHelper(t *testing.T) {
	root := t.TempDir()
	exe := filepath.Join(root, "usr", "bin", "rootip-cert")
	link := filepath.Join(root, "elsewhere", "rootip-cert")
	libexec := filepath.Join(root, "usr", "libexec", "rootip-cert", HelperName)
	beside := filepath.Join(root, "usr", "bin", HelperName)
	write := func(p string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(exe)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if _, err := findHelper(link); err == nil {
		t.Fatal("found a helper where there is none")
	} else {
		wantCode(t, err, ErrMissing)
	}
	write(libexec)
	if p, err := findHelper(link); err != nil || !sameFile(p, libexec) {
		t.Errorf("with libexec: %q %v", p, err)
	}
	write(beside)
	if p, err := findHelper(link); err != nil || !sameFile(p, beside) {
		t.Errorf("beside and in libexec: %q %v, want the one beside", p, err)
	}
}

func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
