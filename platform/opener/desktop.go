package opener

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// A desktop entry (freedesktop.org Desktop Entry Specification 1.5): the
// parts needed to start its program on one file. Portable, so it is
// tested everywhere.
type desktopEntry struct {
	path, name, icon, exec, tryExec string
	hidden                          bool
}

// readDesktopEntry reads the [Desktop Entry] group of a .desktop file.
func readDesktopEntry(path string, r io.Reader) (desktopEntry, error) {
	e := desktopEntry{path: path}
	sc := bufio.NewScanner(r)
	in := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			in = line == "[Desktop Entry]"
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !in || !ok {
			continue
		}
		value = unescapeValue(strings.TrimSpace(value))
		switch strings.TrimSpace(key) {
		case "Name":
			e.name = value
		case "Icon":
			e.icon = value
		case "Exec":
			e.exec = value
		case "TryExec":
			e.tryExec = value
		case "Hidden":
			e.hidden = value == "true"
		}
	}
	if err := sc.Err(); err != nil {
		return e, fmt.Errorf("read %s: %w", path, err)
	}
	if e.exec == "" {
		return e, fmt.Errorf("read %s: no Exec line", path)
	}
	return e, nil
}

// unescapeValue undoes a string value's escapes (\s \n \t \r \\).
func unescapeValue(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 's':
			b.WriteByte(' ')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default: // kept for the Exec quoting rules
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// splitExec splits an Exec value into arguments: blanks separate them,
// double quotes group them, and inside quotes a backslash escapes
// " ` $ and \.
func splitExec(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\' && i+1 < len(s) && strings.IndexByte("\"`$\\", s[i+1]) >= 0:
			i++
			cur.WriteByte(s[i])
		case c == '"':
			quoted, inArg = !quoted, true
		case !quoted && (c == ' ' || c == '\t'):
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		return nil, errors.New("unterminated quote in Exec")
	}
	if inArg {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, errors.New("empty Exec")
	}
	return args, nil
}

// command is the entry's program and arguments for one file: %f %F the
// path, %u %U its file: URI, %i the icon, %c the name, %k the entry's own
// path, %% a percent sign; the deprecated codes are dropped. An Exec
// without a file code gets the path at the end (as xdg-open does).
func (e desktopEntry) command(path string) ([]string, error) {
	args, err := splitExec(e.exec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.path, err)
	}
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	var out []string
	used := false
	for _, a := range args {
		switch a {
		case "%f", "%F":
			out, used = append(out, path), true
			continue
		case "%u", "%U":
			out, used = append(out, uri), true
			continue
		case "%i":
			if e.icon != "" {
				out = append(out, "--icon", e.icon)
			}
			continue
		}
		var b strings.Builder
		for i := 0; i < len(a); i++ {
			if a[i] != '%' || i+1 == len(a) {
				b.WriteByte(a[i])
				continue
			}
			i++
			switch a[i] {
			case '%':
				b.WriteByte('%')
			case 'f', 'F':
				b.WriteString(path)
				used = true
			case 'u', 'U':
				b.WriteString(uri)
				used = true
			case 'c':
				b.WriteString(e.name)
			case 'k':
				b.WriteString(e.path)
			}
		}
		if b.Len() > 0 || a == "" {
			out = append(out, b.String())
		}
	}
	if !used {
		out = append(out, path)
	}
	return out, nil
}

// findDesktopEntry looks for a desktop file ID in the data directories'
// applications folders, first match wins; a "-" in the ID may stand for
// a subfolder ("kde4-dolphin.desktop" is kde4/dolphin.desktop).
func findDesktopEntry(id string, dataDirs []string) (desktopEntry, error) {
	if id == "" || strings.ContainsAny(id, "/\\") {
		return desktopEntry{}, fmt.Errorf("bad desktop file id %q", id)
	}
	names := []string{id}
	for i := strings.IndexByte(id, '-'); i > 0; i = next(id, i) {
		names = append(names, id[:i]+"/"+id[i+1:])
	}
	for _, dir := range dataDirs {
		for _, n := range names {
			p := filepath.Join(dir, "applications", filepath.FromSlash(n))
			f, err := os.Open(p)
			if err != nil {
				continue
			}
			e, err := readDesktopEntry(p, f)
			f.Close()
			if err != nil {
				return e, err
			}
			return e, nil
		}
	}
	return desktopEntry{}, fmt.Errorf("%s: %w", id, os.ErrNotExist)
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '-')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// dataDirs are XDG_DATA_HOME then XDG_DATA_DIRS, with the spec's defaults.
func dataDirs(getenv func(string) string) []string {
	home := getenv("XDG_DATA_HOME")
	if home == "" {
		if h := getenv("HOME"); h != "" {
			home = filepath.Join(h, ".local", "share")
		}
	}
	var dirs []string
	if home != "" {
		dirs = append(dirs, home)
	}
	rest := getenv("XDG_DATA_DIRS")
	if rest == "" {
		rest = "/usr/local/share:/usr/share"
	}
	for _, d := range filepath.SplitList(rest) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}
