package xvfb

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStart: two servers at once get two displays, each with its socket,
// and a server is gone once its test has ended.
func TestStart(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("needs Xvfb (scripts/deps.sh all)")
	}
	var first string
	t.Run("two", func(t *testing.T) {
		first = Start(t, "640x480x24")
		second := Start(t, "640x480x24")
		if first == second {
			t.Fatalf("both servers on %s", first)
		}
		for _, d := range []string{first, second} {
			if !exists("/tmp/.X11-unix/X" + strings.TrimPrefix(d, ":")) {
				t.Errorf("no socket for %s", d)
			}
		}
	})
	if exists("/tmp/.X" + strings.TrimPrefix(first, ":") + "-lock") {
		t.Errorf("the server on %s outlived its test", first)
	}
}
