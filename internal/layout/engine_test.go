package layout

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// heavyAtStart are packages whose initialisers cost every start of a
// program that links them: the ECMAScript engine, which only the helper
// program rootip-cert-pac may link (internal/pac runs it as a separate
// process), and the profiler's HTTP handlers.
var heavyAtStart = []string{"github.com/dop251/goja", "net/http/pprof"}

func deps(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v go list %v: %v\n%s", env, args, err, out)
	}
	d := strings.Fields(string(out))
	if len(d) < 50 {
		t.Fatalf("%v go list %v returned %d packages: the check is broken", env, args, len(d))
	}
	return d
}

func heavy(d string) bool {
	for _, h := range heavyAtStart {
		if d == h || strings.HasPrefix(d, h+"/") {
			return true
		}
	}
	return false
}

// TestMainProgramsLinkNoScriptEngine: neither the command (tag cli, for
// this OS and for Windows as make dist builds it) nor the window program
// links the script engine or net/http/pprof; the helper program does link
// the engine (else this check would prove nothing).
func TestMainProgramsLinkNoScriptEngine(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		tags string
	}{
		{"command", nil, "cli"},
		{"command for Windows", []string{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"}, "cli"},
		{"window", nil, os.Getenv("GUITAGS")},
	} {
		for _, d := range deps(t, tc.env, "-tags", tc.tags, "rootip-cert") {
			if heavy(d) {
				t.Errorf("the %s links %s", tc.name, d)
			}
		}
	}
	if !slices.ContainsFunc(deps(t, nil, "rootip-cert/internal/pac/rootip-cert-pac"), heavy) {
		t.Errorf("the helper program does not link %s: the check looks for the wrong names", heavyAtStart[0])
	}
}
