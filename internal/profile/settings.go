package profile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"rootip-cert/internal/boundedio"
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

// maxSettingsSize bounds the settings file; real ones are under 200 bytes.
const maxSettingsSize = 64 << 10

// LoadSettings reads settings from path; a missing file gives empty settings.
// A remembered system address that NormalizeURL now refuses (one saved with
// a password in it, say) is dropped, so it goes no further.
func LoadSettings(path string) (Settings, error) {
	var s Settings
	data, err := boundedio.ReadFile(path, maxSettingsSize)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("load settings: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return Settings{}, fmt.Errorf("load settings %s: %w", path, err)
	}
	if s.URL != "" {
		if _, err := NormalizeURL(s.URL); err != nil {
			s.URL = ""
		}
	}
	return s, nil
}

// SaveSettings writes settings to path atomically (temp file + rename).
func SaveSettings(path string, s Settings) error {
	if err := SaveJSON(path, s); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// SaveJSON writes v as indented JSON to path atomically: a temporary file
// in the same folder (created, private, when missing), then a rename, so
// that a reader sees the old file or the new one, never half of one. The
// tool's own files (settings, the renewal memory) are written this way.
func SaveJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", filepath.Base(path), err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// NormalizeURL turns what a user typed as the system address into an https
// URL with a host: "xxxx.rootip-cloud.net" becomes "https://xxxx.rootip-cloud.net/".
// The host is made canonical (CanonicalHost: lower-case, punycode, no
// trailing dot). It refuses, with an error that Is ErrBadURL and never
// repeats the input: another scheme than https, a user name or password
// (also ErrUserinfo), an empty host, spaces or control characters, and a
// port outside 1..65535.
func NormalizeURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, badURL(URLEmpty)
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	// Look for userinfo before parsing: a parse error may quote the input.
	if strings.Contains(authority(raw), "@") {
		return nil, badURL(URLUserinfo)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole input, password included: keep its cause only.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, syntaxError(err)
	}
	if u.User != nil {
		return nil, badURL(URLUserinfo)
	}
	if u.Scheme != "https" {
		return nil, badURL(URLScheme)
	}
	if u.Opaque != "" {
		return nil, badURL(URLNoHost)
	}
	host, err := CanonicalHost(u.Hostname())
	if err != nil {
		return nil, err
	}
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, badURL(URLPort)
		}
		u.Host = net.JoinHostPort(host, strconv.Itoa(n))
	} else if strings.Contains(host, ":") {
		u.Host = "[" + host + "]"
	} else {
		u.Host = host
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

// syntaxError is url.Parse's refusal (its cause, without the input) with
// its reason: a character a host may not hold, a bad % escape, else syntax.
func syntaxError(cause error) error {
	var host url.InvalidHostError
	var esc url.EscapeError
	switch {
	case errors.As(cause, &host):
		return &URLError{Reason: URLHostChars, Cause: cause}
	case errors.As(cause, &esc):
		return &URLError{Reason: URLEscape, Cause: cause}
	case strings.HasPrefix(cause.Error(), "invalid port"):
		return &URLError{Reason: URLPort, Cause: cause}
	}
	return &URLError{Reason: URLSyntax, Cause: cause}
}

// authority returns the part of raw between "://" and the first /, ? or #.
func authority(raw string) string {
	_, rest, _ := strings.Cut(raw, "://")
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}
