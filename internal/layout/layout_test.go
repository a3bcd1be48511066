package layout

import (
	"os/exec"
	"strings"
	"testing"
)

func TestOnlyAppImportsFyne(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "rootip-cert/internal/...", "rootip-cert/platform/...").CombinedOutput()
	if err != nil && !strings.Contains(string(out), "matched no packages") {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list returned %d packages: the check is broken", len(deps))
	}
	for _, d := range deps {
		if strings.HasPrefix(d, "fyne.io/") || d == "rootip-cert/app" {
			t.Errorf("internal/ or platform/ depends on %s", d)
		}
	}
}
