package firefox

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/boundedio"
)

func TestSmallFileLimits(t *testing.T) {
	dir := t.TempDir()
	// Exactly at the limit is read (the old reader refused it), one byte more is not.
	line := "user_pref(\"" + OSClientCertsPref + "\", false);\n"
	pad := strings.Repeat("/", maxSmall-len(line)-1) + "\n"
	writeTree(t, dir, map[string]string{"prefs.js": pad + line})
	if v, ok := ReadPref(dir, OSClientCertsPref); !ok || v != "false" {
		t.Errorf("prefs.js of exactly %d bytes: %q %v", maxSmall, v, ok)
	}
	writeTree(t, dir, map[string]string{"prefs.js": "/" + pad + line})
	if _, ok := ReadPref(dir, OSClientCertsPref); ok {
		t.Errorf("prefs.js of %d bytes was read", maxSmall+1)
	}
	if _, err := readSmall(filepath.Join(dir, "prefs.js")); !errors.Is(err, boundedio.ErrTooLarge) {
		t.Errorf("readSmall over the limit = %v", err)
	}
}
