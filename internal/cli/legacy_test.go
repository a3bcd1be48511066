package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"rootip-cert/internal/store"
)

// TestImportSkippedLegacyProfileExitsPartial: an import that wrote to one
// store but skipped a Firefox profile in the old format says so in both
// languages and exits 7, not 0; when nothing was written it stays exit 1.
// (The real cert8.db profile is in internal/hostile.)
func TestImportSkippedLegacyProfileExitsPartial(t *testing.T) {
	f := testdata(t)
	legacyErr := fmt.Errorf("old cert8.db database: %w", store.ErrOutdated)
	for _, tc := range []struct {
		lang, want string
	}{
		{"ja", "古い形式(cert8.db)"},
		{"en", "old format (cert8.db)"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			modern := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/new.default")
			old := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/old.default")
			old.Unavailable = legacyErr
			r := runWithStores(t, "", []store.Store{modern, old}, "import", f.good, "--lang", tc.lang)
			if r.code != ExitPartial {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitPartial, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, old.Location()) || !strings.Contains(r.stdout, tc.want) || !strings.Contains(r.stdout, "7") {
				t.Errorf("output does not name the skipped legacy profile:\n%s", r.stdout)
			}
			if got, err := modern.List(context.Background()); err != nil || len(got) != 1 {
				t.Errorf("the modern profile holds %d entries (%v), want 1", len(got), err)
			}
			only := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/old.default")
			only.Unavailable = legacyErr
			if r := runWithStores(t, "", []store.Store{only}, "import", f.good, "--lang", tc.lang); r.code != ExitFailed {
				t.Errorf("nothing installed: exit %d, want %d", r.code, ExitFailed)
			}
		})
	}
}
