// Command pathedit adds a folder to the Windows PATH, or removes it, in the
// registry, for the NSIS installer (packaging/windows/rootip-cert.nsi).
// NSIS strings stop at 1024 characters here (NSIS_MAX_STRLEN), so NSIS
// itself would truncate a long PATH; this helper reads and writes the whole
// value, keeps its type (REG_EXPAND_SZ stays unexpanded) and every other
// entry exactly as it was, and tells running programs (Explorer) with
// WM_SETTINGCHANGE.
//
//	pathedit add|remove user|machine DIR
//
// Exit codes: 0 done (also when nothing had to change), 1 the registry
// could not be read or written, 2 usage.
package main

import "strings"

// Add returns path with dir appended as its last entry, and whether that
// changed anything (dir already present: unchanged).
func Add(path, dir string) (string, bool) {
	for _, e := range strings.Split(path, ";") {
		if same(e, dir) {
			return path, false
		}
	}
	switch {
	case strings.TrimSpace(path) == "":
		return dir, true
	case strings.HasSuffix(path, ";"):
		return path + dir + ";", true // so that Remove gives path back exactly
	}
	return path + ";" + dir, true
}

// Remove returns path without any entry naming dir, the other entries and
// separators as they were, and whether anything was removed.
func Remove(path, dir string) (string, bool) {
	entries := strings.Split(path, ";")
	kept := entries[:0:0]
	for _, e := range entries {
		if !same(e, dir) {
			kept = append(kept, e)
		}
	}
	if len(kept) == len(entries) {
		return path, false
	}
	return strings.Join(kept, ";"), true
}

// same: Windows paths compare without case, quotes or a trailing backslash.
func same(entry, dir string) bool {
	norm := func(s string) string {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		return strings.ToLower(strings.TrimRight(s, `\/`))
	}
	return norm(entry) != "" && norm(entry) == norm(dir)
}
