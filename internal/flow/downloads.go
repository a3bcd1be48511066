package flow

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/firefox"
)

// maxPreferences bounds a Chromium Preferences file (usually tens of KiB).
const maxPreferences = 8 << 20

// DownloadDirs are the folders a downloaded certificate may land in, for
// this user: the Downloads folder (and its Japanese name ダウンロード, and
// the XDG download directory on Linux), and the folder each browser is set
// to download into where its settings can be read (Chrome/Edge/Chromium
// Preferences download.default_directory, Firefox browser.download.dir or,
// with browser.download.folderList 0, the desktop). Only existing
// directories are returned, each once.
func DownloadDirs(goos, home string, getenv func(string) string) []string {
	var cand []string
	add := func(dirs ...string) {
		for _, d := range dirs {
			if d != "" {
				cand = append(cand, d)
			}
		}
	}
	if goos == "windows" && getenv("USERPROFILE") != "" {
		home = getenv("USERPROFILE")
	}
	add(filepath.Join(home, "Downloads"), filepath.Join(home, "ダウンロード"))
	if goos != "windows" && goos != "darwin" {
		add(xdgDownloadDir(home, getenv))
	}
	for _, prefs := range chromiumPreferences(goos, home, getenv) {
		add(chromiumDownloadDir(prefs))
	}
	desktop := filepath.Join(home, "Desktop")
	if roots := firefox.Roots(goos, home, getenv); len(roots) > 0 {
		profiles, _ := firefox.Discover(roots)
		for _, p := range profiles {
			add(firefoxDownloadDir(p.Dir, desktop))
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, d := range cand {
		d = filepath.Clean(d)
		key := d
		if goos == "windows" || goos == "darwin" {
			key = strings.ToLower(d)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			out = append(out, d)
		}
	}
	return out
}

// DownloadDirs are this user's download folders (see the function).
func (f *Flow) DownloadDirs() []string {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	return DownloadDirs(runtime.GOOS, home, os.Getenv)
}

// xdgDownloadDir reads XDG_DOWNLOAD_DIR from user-dirs.dirs
// (XDG_DOWNLOAD_DIR="$HOME/ダウンロード").
func xdgDownloadDir(home string, getenv func(string) string) string {
	cfg := getenv("XDG_CONFIG_HOME")
	if cfg == "" {
		cfg = filepath.Join(home, ".config")
	}
	data, err := boundedio.ReadFile(filepath.Join(cfg, "user-dirs.dirs"), 64<<10)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		v, ok := strings.CutPrefix(line, "XDG_DOWNLOAD_DIR=")
		if !ok {
			continue
		}
		v = strings.Trim(v, `"`)
		if rest, ok := strings.CutPrefix(v, "$HOME"); ok {
			v = home + rest
		}
		if filepath.IsAbs(v) {
			return v
		}
	}
	return ""
}

// chromiumPreferences are the Preferences files of Chrome, Edge and
// Chromium profiles (Default and "Profile N").
func chromiumPreferences(goos, home string, getenv func(string) string) []string {
	var roots []string
	switch goos {
	case "windows":
		local := getenv("LOCALAPPDATA")
		if local == "" {
			local = filepath.Join(home, "AppData", "Local")
		}
		roots = []string{filepath.Join(local, "Google", "Chrome", "User Data"), filepath.Join(local, "Microsoft", "Edge", "User Data"),
			filepath.Join(local, "Chromium", "User Data")}
	case "darwin":
		support := filepath.Join(home, "Library", "Application Support")
		roots = []string{filepath.Join(support, "Google", "Chrome"), filepath.Join(support, "Microsoft Edge"), filepath.Join(support, "Chromium")}
	default:
		cfg := getenv("XDG_CONFIG_HOME")
		if cfg == "" {
			cfg = filepath.Join(home, ".config")
		}
		roots = []string{filepath.Join(cfg, "google-chrome"), filepath.Join(cfg, "microsoft-edge"), filepath.Join(cfg, "chromium")}
	}
	var out []string
	for _, r := range roots {
		out = append(out, filepath.Join(r, "Default", "Preferences"))
		more, _ := filepath.Glob(filepath.Join(r, "Profile *", "Preferences"))
		if len(more) > 16 {
			more = more[:16]
		}
		out = append(out, more...)
	}
	return out
}

// chromiumDownloadDir is a Preferences file's download.default_directory
// ("" when unset or unreadable).
func chromiumDownloadDir(path string) string {
	data, err := boundedio.ReadFile(path, maxPreferences)
	if err != nil {
		return ""
	}
	var prefs struct {
		Download struct {
			DefaultDirectory string `json:"default_directory"`
		} `json:"download"`
	}
	if json.Unmarshal(data, &prefs) != nil || !filepath.IsAbs(prefs.Download.DefaultDirectory) {
		return ""
	}
	return prefs.Download.DefaultDirectory
}

// firefoxDownloadDir is where a Firefox profile saves downloads when it
// is not the Downloads folder: browser.download.dir with folderList 2, the
// desktop with folderList 0.
func firefoxDownloadDir(profileDir, desktop string) string {
	list, _ := firefox.ReadPref(profileDir, "browser.download.folderList")
	switch list {
	case "0":
		return desktop
	case "2":
		raw, ok := firefox.ReadPref(profileDir, "browser.download.dir")
		var dir string
		if ok && json.Unmarshal([]byte(raw), &dir) == nil && filepath.IsAbs(dir) {
			return dir
		}
	}
	return ""
}
