package toolchain

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const root = "../.."

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// wanted is the toolchain go.mod asks for: its toolchain line, else its go line.
func wanted(t *testing.T) string {
	t.Helper()
	mod := read(t, "go.mod")
	if m := regexp.MustCompile(`(?m)^toolchain (go\S+)$`).FindStringSubmatch(mod); m != nil {
		return m[1]
	}
	m := regexp.MustCompile(`(?m)^go (1\.\d+\.\d+)$`).FindStringSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go 1.N.P line")
	}
	return "go" + m[1]
}

var (
	setting  = regexp.MustCompile(`GOTOOLCHAIN\s*(?::=|=|:)\s*([A-Za-z0-9.+_-]+)`)
	runsGo   = regexp.MustCompile(`(?m)(^|[\s;&|(])(go|"\$go"|\$go|"\$\{?GO\}?"|\$\{?GO\}?) (build|run|test|vet|install|mod|list|env|generate|tool)\b`)
	goSetupV = regexp.MustCompile(`go-version:\s*"?([^"\s}]+)"?`)
)

// settings returns every GOTOOLCHAIN value name sets.
func settings(s string) []string {
	var out []string
	for _, m := range setting.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestEveryPlaceSelectsTheGoModToolchain(t *testing.T) {
	want := wanted(t)
	check := func(name string, min int) {
		t.Helper()
		got := settings(read(t, name))
		if len(got) < min {
			t.Errorf("%s sets GOTOOLCHAIN %d times, want at least %d (to %s)", name, len(got), min, want)
		}
		for _, g := range got {
			if g != want {
				t.Errorf("%s sets GOTOOLCHAIN=%s, go.mod asks for %s", name, g, want)
			}
		}
	}
	check("Makefile", 1)
	check(".ci/run", 1)
	// The English and the Japanese first screen both show the export.
	readme := read(t, "README.md")
	if n := strings.Count(readme, "export GOTOOLCHAIN="+want+" "); n != 2 {
		t.Errorf("README shows `export GOTOOLCHAIN=%s` %d times, want 2 (English and Japanese)", want, n)
	}
	check("README.md", 2)

	// Every script that runs go selects it itself (it may be run alone).
	scripts := 0
	for _, dir := range []string{"scripts", "packaging"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sh") {
				return err
			}
			name, _ := filepath.Rel(root, p)
			if runsGo.MatchString(read(t, name)) {
				scripts++
				check(name, 1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scripts < 5 { // vuln, bench, bench-wine, packaging/windows/build-exe, packaging/macos/build
		t.Errorf("found %d scripts that run go; the walk is broken", scripts)
	}

	workflows, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if err != nil || len(workflows) == 0 {
		t.Fatalf("no workflows: %v", err)
	}
	for _, w := range workflows {
		name, _ := filepath.Rel(root, w)
		body := read(t, name)
		check(name, 1)
		setups := goSetupV.FindAllStringSubmatch(body, -1)
		if strings.Count(body, "actions/setup-go") != len(setups) {
			t.Errorf("%s: a setup-go step without go-version", name)
		}
		for _, m := range setups {
			if "go"+m[1] != want {
				t.Errorf("%s: setup-go go-version %s, go.mod asks for %s", name, m[1], want)
			}
		}
	}
}
