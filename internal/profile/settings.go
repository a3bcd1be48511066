package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Settings are what the tool remembers for the user between runs.
type Settings struct {
	URL        string    `json:"url,omitempty"`         // the system address
	LastImport time.Time `json:"last_import,omitempty"` // when this tool last installed a certificate
}

// UpdateSettings loads, changes and saves the settings at path.
func UpdateSettings(path string, change func(*Settings)) error {
	s, err := LoadSettings(path)
	if err != nil {
		s = Settings{} // a damaged file is replaced, not kept
	}
	change(&s)
	return SaveSettings(path, s)
}

// SettingsPath is where Settings live: the user's config directory.
func SettingsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find config directory: %w", err)
	}
	return filepath.Join(dir, "rootip-cert", "settings.json"), nil
}

// LoadSettings reads settings from path; a missing file gives empty settings.
func LoadSettings(path string) (Settings, error) {
	var s Settings
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return Settings{}, fmt.Errorf("read settings %s: %w", path, err)
	}
	return s, nil
}

// SaveSettings writes settings to path atomically (temp file + rename).
func SaveSettings(path string, s Settings) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".settings-*")
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save settings: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// NormalizeURL turns what a user typed as the system address into an https
// URL with a host: "xxxx.rootip-cloud.net" becomes "https://xxxx.rootip-cloud.net/".
func NormalizeURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("empty system address")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse system address: %w", err)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("system address %q: scheme must be https", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("system address %q: no host", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}
