package shared

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// recorder stands in for a test to see what Fixture's getter tells it.
type recorder struct {
	testing.TB
	fatal string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.fatal = fmt.Sprintf(format, args...) }

func TestFixtureBuildsOnce(t *testing.T) {
	builds := 0
	get := Fixture(func() (*int, error) { builds++; v := 42; return &v, nil })
	a, b := get(t), get(t)
	if builds != 1 || a != b || *a != 42 {
		t.Errorf("two gets: %d builds, %p and %p, want one build and one value", builds, a, b)
	}
}

func TestFixtureFailsEveryTestWhenTheBuildFailed(t *testing.T) {
	builds := 0
	get := Fixture(func() (int, error) { builds++; return 0, errors.New("no entropy") })
	for i := 0; i < 2; i++ {
		r := &recorder{TB: t}
		get(r)
		if !strings.Contains(r.fatal, "no entropy") {
			t.Errorf("get %d: Fatalf said %q, want the build's error", i+1, r.fatal)
		}
	}
	if builds != 1 {
		t.Errorf("%d builds, want one", builds)
	}
}
