package app

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// pinnedRenders holds every screen's rendering at every scale, language
// and theme to one digest of its pixels each, kept in a text file (the
// reference images at scale 1.0 are PNGs, golden_test.go; at 1.5 and 2.0
// in both themes they would be some 25 MB). A rendering that differs from
// its digest, or has none, is written to testdata/failed/NAME.png so that
// it can be looked at; ROOTIP_PIN_RENDERS=1 rewrites the file (after
// looking at testdata/failed/).
type pinnedRenders struct {
	path        string
	want, got   map[string]string
	changed     []string
	rewriteFile bool
}

func newPinnedRenders(t *testing.T, path string) *pinnedRenders {
	t.Helper()
	p := &pinnedRenders{path: path, want: map[string]string{}, got: map[string]string{}, rewriteFile: os.Getenv("ROOTIP_PIN_RENDERS") == "1"}
	f, err := os.Open(path)
	if err != nil {
		if p.rewriteFile && os.IsNotExist(err) {
			return p
		}
		t.Fatalf("read the pinned renderings: %v (ROOTIP_PIN_RENDERS=1 writes them)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, digest, ok := strings.Cut(sc.Text(), " "); ok && !strings.HasPrefix(name, "#") {
			p.want[name] = digest
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// add pins one rendering by the digest of its size and RGBA pixels.
func (p *pinnedRenders) add(t *testing.T, name string, img image.Image) {
	t.Helper()
	n := asNRGBA(img)
	h := sha256.New()
	fmt.Fprintf(h, "%dx%d\n", n.Rect.Dx(), n.Rect.Dy())
	h.Write(n.Pix)
	digest := hex.EncodeToString(h.Sum(nil))
	p.got[name] = digest
	if p.want[name] == digest {
		return
	}
	p.changed = append(p.changed, name)
	if err := os.MkdirAll("testdata/failed", 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join("testdata/failed", name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, n); err != nil {
		t.Fatal(err)
	}
}

// check fails for every rendering that changed, was missing or was not
// rendered at all, unless the file is being rewritten.
func (p *pinnedRenders) check(t *testing.T) {
	t.Helper()
	if t.Failed() && !p.rewriteFile {
		return
	}
	var missing []string
	for name := range p.want {
		if _, ok := p.got[name]; !ok {
			missing = append(missing, name)
		}
	}
	if p.rewriteFile {
		names := make([]string, 0, len(p.got))
		for name := range p.got {
			names = append(names, name)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("# Digests of every screen's rendering (app/pinned_test.go); ROOTIP_PIN_RENDERS=1 rewrites them.\n")
		for _, name := range names {
			fmt.Fprintf(&b, "%s %s\n", name, p.got[name])
		}
		if err := os.WriteFile(p.path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s: %d renderings, %d changed (in testdata/failed/)", p.path, len(names), len(p.changed))
		return
	}
	sort.Strings(missing)
	if len(p.changed) > 0 || len(missing) > 0 {
		t.Errorf("renderings changed: %v (see testdata/failed/); pinned but not rendered: %v; ROOTIP_PIN_RENDERS=1 rewrites testdata/renders.txt after you looked", p.changed, missing)
	}
}
