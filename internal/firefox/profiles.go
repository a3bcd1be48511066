// Package firefox finds Firefox profiles (profiles.ini, installs.ini) in
// every place each OS and packaging keeps them, and reads the preferences
// that decide where Firefox takes client certificates from. It only parses:
// the NSS store adapter opens the databases.
package firefox

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"rootip-cert/internal/boundedio"
)

// Root is a Firefox data directory (the one holding profiles.ini).
type Root struct {
	Dir    string
	Flavor string // "", "snap", "flatpak", "xdg"
}

// Roots lists where Firefox keeps profiles for goos, given the user's home
// directory and environment.
func Roots(goos, home string, getenv func(string) string) []Root {
	switch goos {
	case "windows":
		if appdata := getenv("APPDATA"); appdata != "" {
			return []Root{{Dir: filepath.Join(appdata, "Mozilla", "Firefox")}}
		}
		return []Root{{Dir: filepath.Join(home, "AppData", "Roaming", "Mozilla", "Firefox")}}
	case "darwin":
		return []Root{{Dir: filepath.Join(home, "Library", "Application Support", "Firefox")}}
	}
	xdg := getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		xdg = filepath.Join(home, ".config")
	}
	return []Root{
		{Dir: filepath.Join(home, ".mozilla", "firefox")},
		{Dir: filepath.Join(xdg, "mozilla", "firefox"), Flavor: "xdg"}, // Firefox ≥ 147 without ~/.mozilla
		{Dir: filepath.Join(home, "snap", "firefox", "common", ".mozilla", "firefox"), Flavor: "snap"},
		{Dir: filepath.Join(home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox"), Flavor: "flatpak"},
	}
}

// Profile is one Firefox profile.
type Profile struct {
	Name string
	Dir  string // absolute
	Root Root
	// Default: the profile Firefox opens (installs.ini's Default for an
	// installation, else profiles.ini's Default=1).
	Default bool
	// Legacy: the profile only has the old cert8.db database.
	Legacy bool
	// NoDatabase: the profile never ran; its database will be created.
	NoDatabase bool
}

// section is one [name] of an INI file.
type section struct {
	name string
	keys map[string]string
}

// parseINI reads Mozilla's INI dialect: [sections], key=value, ; and #
// comments, a UTF-8 BOM, CRLF line ends.
func parseINI(data []byte) []section {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var out []section
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == ';' || line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			out = append(out, section{name: line[1 : len(line)-1], keys: map[string]string{}})
		case len(out) > 0:
			if k, v, ok := strings.Cut(line, "="); ok {
				out[len(out)-1].keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// maxSmall bounds what is read of profiles.ini, installs.ini, prefs.js,
// user.js and policies.json (real ones are a few KiB to a few hundred).
const maxSmall = 1 << 20

// readSmall reads one of those files: at most maxSmall bytes, never a FIFO
// or a device (boundedio). Its errors read "read PATH: ...".
func readSmall(path string) ([]byte, error) { return boundedio.ReadFile(path, maxSmall) }

// ProfilesIn reads root's profiles.ini and installs.ini. A root without
// profiles.ini has no profiles (nil, nil).
func ProfilesIn(root Root) ([]Profile, error) {
	data, err := readSmall(filepath.Join(root.Dir, "profiles.ini"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	secs := parseINI(data)
	installDefaults := map[string]bool{}
	if inst, err := readSmall(filepath.Join(root.Dir, "installs.ini")); err == nil {
		secs = append(secs, parseINI(inst)...)
	}
	for _, s := range secs {
		if strings.HasPrefix(s.name, "Install") || !strings.HasPrefix(s.name, "Profile") {
			if d := s.keys["Default"]; d != "" && d != "1" {
				installDefaults[filepath.Clean(d)] = true
			}
		}
	}
	var out []Profile
	seen := map[string]bool{}
	for _, s := range secs {
		if !strings.HasPrefix(s.name, "Profile") || s.keys["Path"] == "" {
			continue
		}
		p := s.keys["Path"]
		dir := p
		if s.keys["IsRelative"] != "0" {
			dir = filepath.Join(root.Dir, filepath.FromSlash(p))
		}
		dir = filepath.Clean(dir)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		prof := Profile{Name: s.keys["Name"], Dir: dir, Root: root}
		prof.Default = installDefaults[filepath.Clean(p)] || installDefaults[filepath.Clean(filepath.FromSlash(p))] ||
			(len(installDefaults) == 0 && s.keys["Default"] == "1")
		_, errNew := os.Stat(filepath.Join(dir, "cert9.db"))
		_, errOld := os.Stat(filepath.Join(dir, "cert8.db"))
		prof.Legacy = errNew != nil && errOld == nil
		prof.NoDatabase = errNew != nil && errOld != nil
		out = append(out, prof)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Default && !out[j].Default })
	return out, nil
}

// ListError is a root whose profiles.ini exists but cannot be read (no
// permission, a FIFO or a folder in its place, too large): the profiles it
// lists are unknown, not absent.
type ListError struct {
	Path string // profiles.ini
	Err  error
}

func (e *ListError) Error() string { return "list Firefox profiles: " + e.Err.Error() }
func (e *ListError) Unwrap() error { return e.Err }

// ListErrors returns every *ListError inside err (Discover joins one per
// root that could not be read).
func ListErrors(err error) []*ListError {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*ListError
		for _, e := range j.Unwrap() {
			out = append(out, ListErrors(e)...)
		}
		return out
	}
	var le *ListError
	if errors.As(err, &le) {
		return []*ListError{le}
	}
	return nil
}

// Discover lists the profiles of every root that exists. A root whose
// profiles.ini cannot be read adds a *ListError to the joined error; the
// profiles of the other roots are still returned.
func Discover(roots []Root) ([]Profile, error) {
	var out []Profile
	var errs []error
	for _, r := range roots {
		ps, err := ProfilesIn(r)
		if err != nil {
			errs = append(errs, &ListError{Path: filepath.Join(r.Dir, "profiles.ini"), Err: err})
			continue
		}
		out = append(out, ps...)
	}
	return out, errors.Join(errs...)
}
