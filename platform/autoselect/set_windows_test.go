package autoselect

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// The suite also runs on the GitHub Windows runner (elevated), in the
// runner's own HKLM: TestMain fails the run when a test left a policy key or
// value behind, and each test restores the keys it touches (policyState).
func TestMain(m *testing.M) {
	before := policySnapshot()
	code := m.Run()
	after := policySnapshot()
	for v := range after {
		if !before[v] {
			fmt.Println("the tests left this policy key or value behind: " + v)
			code = 1
		}
	}
	os.Exit(code)
}

// policySnapshot names every value of the browsers' policy keys, in HKLM
// and HKCU.
func policySnapshot() map[string]bool {
	s := map[string]bool{}
	for _, root := range []struct {
		name string
		key  registry.Key
	}{{"HKLM", registry.LOCAL_MACHINE}, {"HKCU", registry.CURRENT_USER}} {
		for _, p := range Policies() {
			k, err := registry.OpenKey(root.key, p.Key, registry.QUERY_VALUE)
			if err != nil {
				continue
			}
			s[`key `+root.name+`\`+p.Key] = true
			for n, v := range policyValues(k) {
				s[`value `+root.name+`\`+p.Key+` `+n+"="+v] = true
			}
			k.Close()
		}
	}
	return s
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// policyState records a policy key as it was, and restores it when the
// test ends: its values, and whether it (and its parents) existed.
func policyState(t *testing.T, root registry.Key, path string) {
	t.Helper()
	var created []string
	for p := path; p != "" && p != `SOFTWARE\Policies`; {
		k, err := registry.OpenKey(root, p, registry.QUERY_VALUE)
		if err != nil {
			created = append(created, p) // deepest first
		} else {
			k.Close()
		}
		i := len(p) - 1
		for i >= 0 && p[i] != '\\' {
			i--
		}
		if i < 0 {
			break
		}
		p = p[:i]
	}
	before := map[string]string{}
	if k, err := registry.OpenKey(root, path, registry.QUERY_VALUE); err == nil {
		before = policyValues(k)
		k.Close()
	}
	t.Cleanup(func() {
		if k, err := registry.OpenKey(root, path, registry.QUERY_VALUE|registry.SET_VALUE); err == nil {
			for n, v := range policyValues(k) {
				if old, ok := before[n]; !ok {
					k.DeleteValue(n)
				} else if old != v {
					k.SetStringValue(n, old)
				}
			}
			k.Close()
		}
		for _, p := range created {
			if err := registry.DeleteKey(root, p); err != nil && !errors.Is(err, registry.ErrNotExist) {
				t.Errorf("cleanup %s: %v", p, err)
			}
		}
	})
}

func readPolicy(t *testing.T, path string) map[string]string {
	t.Helper()
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, path, registry.QUERY_VALUE)
	if err != nil {
		return nil
	}
	defer k.Close()
	return policyValues(k)
}

// TestAutoSelectPolicy: elevated, the rule goes to HKLM once per browser
// (idempotent); not elevated, write writes nothing and says
// ErrNeedsAdmin. The runner's keys are restored afterwards.
func TestAutoSelectPolicy(t *testing.T) {
	rule, err := Rule(mustURL("https://acme.rootip-cloud.net/"), "rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Policies() {
		path := p.Key
		policyState(t, registry.LOCAL_MACHINE, path)
		policyState(t, registry.CURRENT_USER, path)
	}
	was := isElevated
	t.Cleanup(func() { isElevated = was })
	isElevated = func() bool { return false }
	if w, err := write(rule); !errors.Is(err, ErrNeedsAdmin) || len(w) != 0 {
		t.Fatalf("not elevated: %v, %v; want ErrNeedsAdmin and nothing written", w, err)
	}
	for _, p := range Policies() {
		browser, path := p.Browser, p.Key
		for _, v := range readPolicy(t, path) {
			if v == rule {
				t.Fatalf("%s: the rule was written without elevation", browser)
			}
		}
	}
	isElevated = was
	if !Elevated() {
		t.Skip("not elevated: HKLM cannot be written here (the GitHub runner is elevated)")
	}
	for i := 0; i < 2; i++ { // twice: one value
		if _, err := write(rule); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range Policies() {
		browser, path := p.Browser, p.Key
		found := 0
		for _, v := range readPolicy(t, path) {
			if v == rule {
				found++
			}
		}
		if found != 1 {
			t.Errorf("%s: the rule is in HKLM %d times, want once", browser, found)
		}
		if k, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE); err == nil {
			vals := policyValues(k)
			k.Close()
			for _, v := range vals {
				if v == rule {
					t.Errorf("%s: the rule went to HKCU too", browser)
				}
			}
		}
	}
}

// TestAutoSelectRegImport: the .reg file regFile renders, put
// through `reg import` (Wine's reg.exe here, Windows' on the runner), gives
// exactly the rule in each browser's HKLM list, next to a rule already
// there, which it keeps.
func TestAutoSelectRegImport(t *testing.T) {
	if !Elevated() {
		t.Skip("not elevated: reg import into HKLM needs administrator rights (the GitHub runner is elevated)")
	}
	rule, err := Rule(mustURL("https://acme.rootip-cloud.net/"), "ルート CA")
	if err != nil {
		t.Fatal(err)
	}
	other := `{"pattern":"https://other.example","filter":{}}`
	for _, p := range Policies() {
		path := p.Key
		policyState(t, registry.LOCAL_MACHINE, path)
		k, _, err := registry.CreateKey(registry.LOCAL_MACHINE, path, registry.SET_VALUE)
		if err != nil {
			t.Fatal(err)
		}
		k.SetStringValue("1", other)
		k.Close()
	}
	data, err := regFile(rule)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp("", "rootip-cert-*.reg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(f.Name()) })
	f.Write(data)
	f.Close()
	if out, err := exec.Command("reg", "import", f.Name()).CombinedOutput(); err != nil {
		t.Fatalf("reg import: %v\n%s", err, out)
	}
	for _, p := range Policies() {
		browser, path := p.Browser, p.Key
		got := readPolicy(t, path)
		if got["1"] != other || got["2"] != rule || len(got) != 2 {
			t.Errorf("%s policy after reg import = %q", browser, got)
		}
	}
}
