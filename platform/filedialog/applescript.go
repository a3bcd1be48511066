package filedialog

import (
	"strings"
)

// appleScript is the osascript program for an open (save false) or save
// panel. Titles and paths are passed as AppleScript string literals.
func appleScript(save bool, title, startDir, defaultName string, filters []Filter) string {
	var b strings.Builder
	if save {
		b.WriteString("POSIX path of (choose file name with prompt " + asString(title))
		if defaultName != "" {
			b.WriteString(" default name " + asString(defaultName))
		}
	} else {
		b.WriteString("POSIX path of (choose file with prompt " + asString(title))
		if types := appleTypes(filters); len(types) > 0 {
			b.WriteString(" of type {" + strings.Join(types, ", ") + "}")
		}
	}
	if startDir != "" {
		b.WriteString(" default location (POSIX file " + asString(startDir) + ")")
	}
	b.WriteString(")")
	return b.String()
}

// appleTypes are the filters' file name extensions ("*.p12" → "p12"), which
// choose file accepts as types; a pattern that is not "*.ext" is left out.
func appleTypes(filters []Filter) []string {
	var out []string
	for _, f := range filters {
		for _, p := range f.Patterns {
			ext, ok := strings.CutPrefix(p, "*.")
			if ok && ext != "" && !strings.ContainsAny(ext, "*?[") {
				out = append(out, asString(strings.ToLower(ext)))
			}
		}
	}
	return out
}

// asString is an AppleScript string literal: backslash and quote escaped.
func asString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}

// appleCancelled tells osascript's "User canceled. (-128)" from a failure.
func appleCancelled(stderr string) bool { return strings.Contains(stderr, "(-128)") }
