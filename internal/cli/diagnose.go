package cli

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"strings"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "diagnose", flags: []string{"json", "url", "resolve", "server-ca", "p12", "password-file",
		"timeout", "store", "nss-db", "nss-password-file"}, run: runDiagnose})
}

func runDiagnose(r *run) int {
	if len(r.opts.Args) != 0 {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": "diagnose [--url URL]"}))
		return ExitUsage
	}
	env, err := r.checkEnv()
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": err.Error()}))
		return ExitUsage
	}
	r.inventory(env)
	r.rememberURL()
	return r.reportChecks(check.Run(context.Background(), env, check.All(), r.opts.Timeout))
}

// checkEnv builds the checklist's environment from the flags.
func (r *run) checkEnv() (*check.Env, error) {
	env := &check.Env{Msg: r.msg, Profile: r.prof, Now: r.env.Now, Proxy: http.ProxyFromEnvironment,
		Resolve: map[string]string{}, ProxyInfo: r.proxyInfo()}
	if host := r.urlHost(); host != "" {
		raw := r.opts.URL
		if raw == "" {
			raw = r.rememberedURL()
		}
		u, err := profile.NormalizeURL(raw)
		if err != nil {
			return nil, err
		}
		env.URL = u
	}
	for _, spec := range r.opts.Resolve {
		parts := strings.Split(spec, ":")
		if len(parts) < 3 {
			return nil, fmt.Errorf("--resolve %q: want HOST:PORT:ADDR", spec)
		}
		env.Resolve[parts[0]+":"+parts[1]] = strings.Trim(strings.Join(parts[2:], ":"), "[]")
	}
	extra := x509.NewCertPool() // parsed now so that a bad --server-ca is a usage error
	for _, f := range r.opts.ServerCA {
		if err := addCAFile(extra, f); err != nil {
			return nil, err
		}
	}
	if len(r.opts.ServerCA) > 0 {
		env.ExtraCAs = extra
	}
	files := r.opts.ServerCA
	env.LoadServerCAs = func() *x509.CertPool {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		for _, f := range files {
			_ = addCAFile(pool, f)
		}
		return pool
	}
	if r.opts.P12 != "" {
		env.P12Path = r.opts.P12
		pw, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
		if err != nil {
			return nil, err
		}
		env.Identity, _, env.P12Err = certfile.Open(r.opts.P12, pw)
	}
	if path, err := r.settingsPath(); err == nil {
		if s, err := profile.LoadSettings(path); err == nil {
			env.LastImport = s.LastImport
		}
	}
	if r.env.Facts != nil {
		env.BootTime, env.BrowserStarted = r.env.Facts()
	}
	return env, nil
}

func (r *run) rememberedURL() string {
	if path, err := r.settingsPath(); err == nil {
		if s, err := profile.LoadSettings(path); err == nil {
			return s.URL
		}
	}
	return ""
}

func addCAFile(pool *x509.CertPool, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--server-ca: %w", err)
	}
	if strings.Contains(string(data), "-----BEGIN") {
		if !pool.AppendCertsFromPEM(data) {
			return fmt.Errorf("--server-ca %s: no certificate in the PEM file", path)
		}
		return nil
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		return fmt.Errorf("--server-ca %s: %w", path, err)
	}
	pool.AddCert(c)
	return nil
}

// inventory arranges for every store to be listed into the checklist's
// environment, concurrently with the network checks.
func (r *run) inventory(env *check.Env) {
	targets, err := r.stores()
	if err != nil {
		return
	}
	env.LoadInventory = check.Inventory(targets)
	env.LoadMisplaced = check.Misplaced(targets, r.prof.Domains)
	for _, t := range targets {
		if sp, ok := t.(store.SignerProvider); ok {
			env.Signers = append(env.Signers, sp)
		}
	}
}

// diagnoseJSON is the `diagnose --json` document.
type diagnoseJSON struct {
	Checks   []check.Finding `json:"checks"`
	Failed   int             `json:"failed"`
	Warnings int             `json:"warnings"`
	Elapsed  float64         `json:"elapsed_seconds"`
}

// reportChecks prints a run and returns the exit code (1 when a check failed).
func (r *run) reportChecks(res check.Result) int {
	if r.opts.JSON {
		r.writeJSON(diagnoseJSON{Checks: res.Checks, Failed: res.Failed, Warnings: res.Warnings, Elapsed: res.Elapsed.Seconds()})
	} else {
		r.printChecks(res)
	}
	if res.Failed > 0 {
		return ExitFailed
	}
	return ExitOK
}

var statusMark = map[check.Status]string{check.OK: "✓", check.Warn: "!", check.Fail: "✗", check.Skip: "-"}

func (r *run) printChecks(res check.Result) {
	w := r.env.Stdout
	next := ""
	for _, f := range res.Checks {
		fmt.Fprintf(w, "%s %s — %s\n", statusMark[f.Status], f.Title, f.Detail)
		if f.Fix != "" {
			ref := ""
			if f.Manual != "" {
				ref = " (" + r.msg.T("diagnose.manual", map[string]any{"Section": f.Manual}) + ")"
			}
			fmt.Fprintf(w, "    → %s%s\n", f.Fix, ref)
		}
		if next == "" && f.Status == check.Fail && f.Fix != "" {
			next = f.Fix
		}
	}
	if next == "" {
		for _, f := range res.Checks {
			if f.Status == check.Warn && f.Fix != "" {
				next = f.Fix
				break
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.msg.T("diagnose.summary", map[string]any{"Total": len(res.Checks), "Failed": res.Failed, "Warnings": res.Warnings}))
	if next != "" {
		fmt.Fprintln(w, r.msg.T("diagnose.next", map[string]any{"Fix": next}))
	} else {
		fmt.Fprintln(w, r.msg.T("diagnose.all_ok"))
	}
}

// proxyInfo describes the proxy environment variables (the OS settings
// readers for Windows and macOS add theirs with their adapters).
func (r *run) proxyInfo() string {
	var parts []string
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"} {
		if v := r.env.Getenv(k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	if r.env.Proxy != nil {
		if osProxy := r.env.Proxy(); osProxy != "" {
			parts = append(parts, osProxy)
		}
	}
	return strings.Join(parts, " ")
}
