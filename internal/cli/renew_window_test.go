package cli

import (
	"strings"
	"testing"

	"rootip-cert/internal/pki/pkitest"
)

// TestRenewWindowIsNeverSilent: the program opens the window for
// `renew --window` before the command line runs; should the command line
// see the flag anyway, it says where the window is and exits 2 instead of
// printing the state as if the flag were not there.
func TestRenewWindowIsNeverSilent(t *testing.T) {
	s := newSeason(t, pkitest.Now)
	r := s.run("", "renew", "--window")
	if r.code != ExitUsage || !strings.Contains(r.stderr, WindowProgram) || r.stdout != "" {
		t.Fatalf("renew --window: exit %d\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}
