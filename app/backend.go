package app

import (
	"context"
	"crypto/x509"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

// Backend is the bridge between the screens and internal/: everything with
// a side effect is a field, so GUI tests run against fake stores, a fixed
// clock and synchronous work.
type Backend struct {
	Profile *profile.Profile
	Lang    i18n.Lang
	Now     func() time.Time
	Version string
	// Stores returns the certificate stores to install into and inspect.
	Stores func() ([]store.Store, error)
	// SettingsPath is where the system address is remembered ("" = none).
	SettingsPath string
	Machine      func() (report.OSInfo, []report.Browser)
	Facts        func() (time.Time, map[string]time.Time)
	// Network lets the demo point the checklist at its loopback server.
	Network func(env *check.Env)
	// Timeout bounds the network checks.
	Timeout time.Duration
	// Sync runs background work inline (tests).
	Sync bool
	// Candidates are .p12 files found next to the program and in Downloads.
	Candidates func() []string
	// GOOS is the OS the window runs on (tests set another).
	GOOS string
}

func (b *Backend) goos() string {
	if b.GOOS != "" {
		return b.GOOS
	}
	return runtime.GOOS
}

func (b *Backend) msg() *i18n.Catalog { return i18n.New(b.Lang) }

func (b *Backend) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// rememberedURL is the saved system address.
func (b *Backend) rememberedURL() string {
	if b.SettingsPath == "" {
		return ""
	}
	s, _ := profile.LoadSettings(b.SettingsPath)
	return s.URL
}

func (b *Backend) remember(change func(*profile.Settings)) {
	if b.SettingsPath != "" {
		_ = profile.UpdateSettings(b.SettingsPath, change)
	}
}

// checkEnv builds the checklist environment for the system address and,
// when known, the identity just read from the file.
func (b *Backend) checkEnv(rawURL string, id *certfile.Identity, p12 string, targets []store.Store) *check.Env {
	env := &check.Env{Msg: b.msg(), Profile: b.Profile, Now: b.Now, Proxy: http.ProxyFromEnvironment,
		Identity: id, P12Path: p12, Resolve: map[string]string{}}
	if u, err := profile.NormalizeURL(rawURL); err == nil {
		env.URL = u
	}
	env.LoadServerCAs = func() *x509.CertPool {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			return x509.NewCertPool()
		}
		return pool
	}
	env.LoadInventory = check.Inventory(targets)
	env.LoadMisplaced = check.Misplaced(targets, b.Profile.Domains)
	for _, t := range targets {
		if sp, ok := t.(store.SignerProvider); ok {
			env.Signers = append(env.Signers, sp)
		}
	}
	if b.SettingsPath != "" {
		s, _ := profile.LoadSettings(b.SettingsPath)
		env.LastImport = s.LastImport
	}
	if b.Facts != nil {
		env.BootTime, env.BrowserStarted = b.Facts()
	}
	if b.Network != nil {
		b.Network(env)
	}
	return env
}

func (b *Backend) timeout() time.Duration {
	if b.Timeout > 0 {
		return b.Timeout
	}
	return 10 * time.Second
}

// inventory lists every store now (for the home banner and deletions).
func (b *Backend) inventory() []store.Entry {
	if b.Stores == nil {
		return nil
	}
	targets, err := b.Stores()
	if err != nil {
		return nil
	}
	_, entries := check.Inventory(targets)(context.Background())
	return entries
}

// defaultCandidates finds クライアント証明書*.p12 next to the program and in
// the user's Downloads folder.
func defaultCandidates() []string {
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "Downloads"), filepath.Join(home, "ダウンロード"))
	}
	var out []string
	for _, d := range dirs {
		matches, _ := filepath.Glob(filepath.Join(d, "*.p12"))
		for _, m := range matches {
			if strings.HasPrefix(filepath.Base(m), "クライアント証明書") {
				out = append(out, m)
			}
		}
	}
	return out
}
