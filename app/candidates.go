package app

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// defaultCandidates finds certificate files the user probably means: every
// .p12/.pfx in Downloads (ダウンロード) and next to the program, the vendor's
// file name (クライアント証明書.p12, クライアント証明書 (1).p12 …) first, then
// the newest.
func defaultCandidates() []string {
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "Downloads"), filepath.Join(home, "ダウンロード"))
	}
	type cand struct {
		path   string
		vendor bool
		mod    int64
	}
	var found []cand
	seen := map[string]bool{}
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			ext := strings.ToLower(filepath.Ext(name))
			if e.IsDir() || (ext != ".p12" && ext != ".pfx") {
				continue
			}
			p := filepath.Join(d, name)
			if seen[p] {
				continue
			}
			seen[p] = true
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			found = append(found, cand{p, strings.HasPrefix(name, "クライアント証明書"), info.ModTime().UnixNano()})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].vendor != found[j].vendor {
			return found[i].vendor
		}
		return found[i].mod > found[j].mod
	})
	out := make([]string, 0, len(found))
	for _, c := range found {
		out = append(out, c.path)
	}
	if len(out) > 6 {
		out = out[:6]
	}
	return out
}
