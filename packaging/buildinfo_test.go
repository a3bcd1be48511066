package packaging

import (
	"debug/buildinfo"
	"os"
	"path/filepath"
	"testing"
)

// shipped is each program as the Makefile builds it: the console ones
// with tag cli (no window linked) and Go's classic garbage collector (its
// start-up touches fewer pages: see CONSOLE_GOEXPERIMENT), the windows
// with neither.
var shipped = []struct {
	dir, name  string // dist/ (make dist), bin/ (make build) or the macOS bundle
	tags, gcex string
}{
	{"dist", "rootip-cert-cli.exe", "cli", "nogreenteagc"},
	{"dist", "rootip-cert.exe", "no_emoji", ""},
	{"bin", "rootip-cert", "cli", "nogreenteagc"},
	{"bin", "rootip-cert-gui", "no_emoji", ""},
	{macOSPrograms, "rootip-cert", "cli", "nogreenteagc"},
	{macOSPrograms, "rootip-cert-gui", "no_emoji", ""},
}

// macOSPrograms is where packaging/macos/build.sh puts the programs (on a
// Mac: the macOS job of .github/workflows/ci.yml).
const macOSPrograms = "rootip-cert.app/Contents/MacOS"

func TestShippedBuildSettings(t *testing.T) {
	for _, c := range shipped {
		t.Run(c.dir+"/"+c.name, func(t *testing.T) {
			path := filepath.Join("..", c.dir, c.name)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("needs %s/%s (make dist or packaging/macos/build.sh; make test builds dist/ and bin/ first)", c.dir, c.name)
			}
			info, err := buildinfo.ReadFile(path)
			if err != nil {
				t.Fatalf("read build info: %v", err)
			}
			got := map[string]string{}
			for _, s := range info.Settings {
				got[s.Key] = s.Value
			}
			if got["-tags"] != c.tags || got["GOEXPERIMENT"] != c.gcex || got["-trimpath"] != "true" {
				t.Errorf("built with -tags=%q GOEXPERIMENT=%q -trimpath=%q; want -tags=%q GOEXPERIMENT=%q -trimpath=true",
					got["-tags"], got["GOEXPERIMENT"], got["-trimpath"], c.tags, c.gcex)
			}
		})
	}
}
