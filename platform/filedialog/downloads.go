package filedialog

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Downloads is the user's Downloads folder, where browsers save the
// certificate: Windows' known folder (FOLDERID_Downloads, moved or not),
// XDG_DOWNLOAD_DIR from ~/.config/user-dirs.dirs on Linux (「ダウンロード」
// on a Japanese desktop), ~/Downloads on macOS, and the home folder when
// none of these exists.
func Downloads() string { return downloadsIn(runtime.GOOS, hostDirs()) }

// dirs are the facts Downloads decides from (tests swap them).
type dirs struct {
	home   string
	getenv func(string) string
	read   func(string) ([]byte, error)
	isDir  func(string) bool
	// known is Windows' Downloads known folder ("" elsewhere or unknown).
	known func() string
}

func osDirs() dirs {
	home, _ := os.UserHomeDir()
	return dirs{home: home, getenv: os.Getenv, read: os.ReadFile, known: func() string { return "" },
		isDir: func(p string) bool { fi, err := os.Stat(p); return err == nil && fi.IsDir() }}
}

func downloadsIn(goos string, d dirs) string {
	var candidates []string
	switch goos {
	case "windows":
		candidates = append(candidates, d.known())
	case "darwin":
	default:
		config := d.getenv("XDG_CONFIG_HOME")
		if config == "" || !filepath.IsAbs(config) {
			config = filepath.Join(d.home, ".config")
		}
		if data, err := d.read(filepath.Join(config, "user-dirs.dirs")); err == nil {
			if p, ok := userDir(data, "DOWNLOAD", d.home); ok {
				candidates = append(candidates, p)
			}
		}
		candidates = append(candidates, d.getenv("XDG_DOWNLOAD_DIR"))
	}
	candidates = append(candidates, filepath.Join(d.home, "Downloads"))
	for _, c := range candidates {
		if c != "" && filepath.IsAbs(c) && d.isDir(c) {
			return c
		}
	}
	return d.home
}

// userDir reads XDG_<name>_DIR from a user-dirs.dirs file: lines of
// XDG_DOWNLOAD_DIR="$HOME/ダウンロード" or an absolute path in double quotes,
// with \" \\ \$ escapes, "#" comments. "$HOME/" alone means the home folder.
func userDir(data []byte, name, home string) (string, bool) {
	key := "XDG_" + name + "_DIR="
	found, value := false, ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, key) {
			continue
		}
		v := strings.TrimSpace(strings.TrimPrefix(line, key))
		if len(v) < 2 || v[0] != '"' || !strings.HasSuffix(v, `"`) {
			continue // the format allows only quoted values
		}
		path, ok := unquote(v[1 : len(v)-1])
		if !ok {
			continue
		}
		switch {
		case path == "$HOME" || path == "$HOME/":
			path = home
		case strings.HasPrefix(path, "$HOME/"):
			path = filepath.Join(home, filepath.FromSlash(path[len("$HOME/"):]))
		case !filepath.IsAbs(path):
			continue // relative paths are not allowed
		}
		found, value = true, path // the last assignment wins, as in the shell
	}
	return value, found
}

// unquote undoes the backslash escapes user-dirs.dirs may hold (\" \\ \$);
// a quote without a backslash ends the value too early, so it is refused.
func unquote(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "", false // an unescaped quote inside the value
		}
		if c == '\\' {
			if i+1 == len(s) {
				return "", false
			}
			i++
			c = s[i]
		}
		b.WriteByte(c)
	}
	return b.String(), true
}
