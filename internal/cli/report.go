package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"rootip-cert/internal/check"
	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "report", flags: []string{"json", "url", "resolve", "server-ca", "p12", "password-file",
		"timeout", "store", "nss-db", "nss-password-file", "user-id", "screenshot", "done", "format", "out", "from", "mask"},
		run: runReport})
}

func runReport(r *run) int {
	if r.opts.JSON {
		r.opts.Format = "json"
	}
	if len(r.opts.Args) != 0 || (r.opts.Format != "txt" && r.opts.Format != "json" && r.opts.Format != "zip") {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": "report [--format txt|json|zip] [--out FILE]"}))
		return ExitUsage
	}
	env, err := r.checkEnv()
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": err.Error()}))
		return ExitUsage
	}
	r.inventory(env)
	var res check.Result
	if r.opts.From != "" {
		if res, err = readResult(r.opts.From); err != nil {
			fmt.Fprintln(r.env.Stderr, r.msg.T("report.bad_from", map[string]any{"Detail": err.Error()}))
			return ExitUsage
		}
	} else {
		res = check.Run(context.Background(), env, check.All(), r.opts.Timeout)
	}
	in := report.Input{Now: r.env.Now(), AppVersion: Version, UserID: r.opts.UserID, SystemAddress: env.URL,
		Mask: r.opts.Mask, Inventory: env.Inventory, Result: res, Done: r.opts.Done, Profile: r.prof, Proxy: env.ProxyInfo}
	if in.Proxy == "" {
		in.Proxy = r.msg.T("report.proxy_none")
	}
	if r.env.Machine != nil {
		in.OS, in.Browsers = r.env.Machine()
	}
	for _, s := range env.Stores {
		if strings.HasPrefix(s.Browser, "Firefox") {
			in.Firefox = append(in.Firefox, report.FirefoxProf{Name: s.Browser, Location: s.Location,
				OSClientCerts: errors.Is(s.Available, store.ErrServedElsewhere)})
		}
	}
	rep, err := report.Build(in)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": err.Error()}))
		return ExitUsage
	}
	for _, s := range r.opts.Screenshots {
		if err := rep.AddScreenshot(s); err != nil {
			fmt.Fprintln(r.env.Stderr, r.msg.T("report.bad_screenshot", map[string]any{"Detail": err.Error()}))
			return ExitUsage
		}
	}
	var data []byte
	switch r.opts.Format {
	case "txt":
		data = []byte(rep.Text(r.msg, r.prof))
	case "json":
		data, err = rep.JSON()
	case "zip":
		data, err = rep.ZIP(r.msg, r.prof)
		if r.opts.Out == "" {
			r.opts.Out = rep.FileName()
		}
	}
	if err != nil {
		fmt.Fprintln(r.env.Stderr, err)
		return ExitFailed
	}
	if r.opts.Out == "" {
		_, _ = r.env.Stdout.Write(data)
		return ExitOK
	}
	if err := os.WriteFile(r.opts.Out, data, 0o600); err != nil {
		fmt.Fprintln(r.env.Stderr, err)
		return ExitFailed
	}
	fmt.Fprintln(r.env.Stderr, r.msg.T("report.written", map[string]any{"File": r.opts.Out}))
	return ExitOK
}

// readResult loads an earlier `diagnose --json` (or report JSON) run.
func readResult(path string) (check.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return check.Result{}, err
	}
	var doc struct {
		Checks   []check.Finding `json:"checks"`
		Failed   int             `json:"failed"`
		Warnings int             `json:"warnings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return check.Result{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Checks) == 0 {
		return check.Result{}, fmt.Errorf("%s: no checks in it", path)
	}
	return check.Result{Checks: doc.Checks, Failed: doc.Failed, Warnings: doc.Warnings}, nil
}
