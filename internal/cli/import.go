package cli

import (
	"context"
	"errors"
	"fmt"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "import", flags: []string{"json", "password-file", "store", "nss-db", "nss-password-file", "url", "auto-select"}, run: runImport})
}

type importResultJSON struct {
	Store          string `json:"store"`
	Location       string `json:"location"`
	Browser        string `json:"browser"`
	Status         string `json:"status"` // imported, failed, skipped
	Error          string `json:"error,omitempty"`
	Nickname       string `json:"nickname,omitempty"`
	BrowserRunning bool   `json:"browser_running"`
}

type importJSON struct {
	File     string             `json:"file"`
	Error    *errorJSON         `json:"error"`
	Identity *identityJSON      `json:"identity"`
	Results  []importResultJSON `json:"results"`
	// AutoSelect: browser → policy value name written (import --auto-select).
	AutoSelect map[string]string `json:"auto_select,omitempty"`
	Notes      []string          `json:"notes,omitempty"`
}

func runImport(r *run) int {
	if len(r.opts.Args) != 1 {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.bad_usage", map[string]any{"Detail": "import FILE.p12"}))
		return ExitUsage
	}
	path := r.opts.Args[0]
	out := importJSON{File: path, Results: []importResultJSON{}}
	// Nothing is written before the file is read and the password proven.
	id, fileErr, exit := r.openFile(path)
	if exit == ExitUsage {
		return exit
	}
	if fileErr != nil {
		out.Error = fileErr
		r.emitImport(out)
		return exit
	}
	out.Identity = newIdentityJSON(id, r.env.Now(), r.prof, r.urlHost())
	if st := certfile.Status(out.Identity.Status); !st.Usable() {
		out.Error = &errorJSON{Code: out.Identity.Status, Message: r.msg.T("import.refused." + out.Identity.Status)}
		r.emitImport(out)
		return ExitValidity
	}
	targets, err := r.stores()
	if err != nil {
		out.Error = &errorJSON{Code: "no-store", Message: r.msg.T("import.no_store", map[string]any{"Detail": err.Error()})}
		r.emitImport(out)
		return ExitFailed
	}
	r.rememberURL()
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*6)
	defer cancel()
	imported, failed := 0, 0
	for _, s := range targets {
		browser, running := browserOf(s)
		res := importResultJSON{Store: s.Kind(), Location: s.Location(), Browser: browser, BrowserRunning: running}
		if err := s.Available(); errors.Is(err, store.ErrServedElsewhere) {
			res.Status, res.Error = "skipped", r.msg.T("import.served_by_os")
		} else if err != nil {
			res.Status, res.Error = "skipped", err.Error()
		} else if e, err := store.ImportAndVerify(ctx, s, id); err != nil {
			res.Status, res.Error = "failed", err.Error()
			failed++
		} else {
			res.Status, res.Nickname = "imported", e.Nickname
			imported++
		}
		out.Results = append(out.Results, res)
	}
	if imported > 0 && r.opts.AutoSelect {
		r.autoSelect(id, &out)
	}
	if imported > 0 {
		if path, err := r.settingsPath(); err == nil {
			_ = profile.UpdateSettings(path, func(s *profile.Settings) { s.LastImport = r.env.Now() })
		}
	}
	r.emitImport(out)
	if imported == 0 || failed > 0 {
		return ExitFailed
	}
	return ExitOK
}

func (r *run) emitImport(out importJSON) {
	if r.opts.JSON {
		r.writeJSON(out)
		return
	}
	if out.Error != nil {
		fmt.Fprintf(r.env.Stderr, "%s: %s\n", out.File, out.Error.Message)
		return
	}
	w := r.env.Stdout
	fmt.Fprintln(w, r.msg.T("import.head", map[string]any{"Name": out.Identity.CommonName, "To": r.date(out.Identity.NotAfter)}))
	anyRunning := false
	for _, res := range out.Results {
		mark := map[string]string{"imported": "✓", "failed": "✗", "skipped": "-"}[res.Status]
		line := r.msg.T("import.result."+res.Status, map[string]any{"Browser": res.Browser, "Location": res.Location, "Error": res.Error})
		fmt.Fprintf(w, "  %s %s\n", mark, line)
		anyRunning = anyRunning || (res.BrowserRunning && res.Status == "imported")
	}
	if len(out.Results) == 0 {
		fmt.Fprintln(w, "  "+r.msg.T("import.none"))
	}
	if anyRunning {
		fmt.Fprintln(w, r.msg.T("import.restart_browser"))
	}
	for _, n := range out.Notes {
		fmt.Fprintln(w, n)
	}
}

// autoSelect writes the optional Chrome/Edge policy that picks this
// certificate for the system address without the popup.
func (r *run) autoSelect(id *certfile.Identity, out *importJSON) {
	u, err := profile.NormalizeURL(r.opts.URL)
	if err != nil {
		if u, err = profile.NormalizeURL(r.rememberedURL()); err != nil {
			out.Notes = append(out.Notes, r.msg.T("import.auto_select.no_url"))
			return
		}
	}
	if r.env.AutoSelect == nil {
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.failed", map[string]any{"Detail": "not supported on this OS"}))
		return
	}
	written, err := r.env.AutoSelect(u, id.Leaf.Issuer.CommonName)
	if err != nil {
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.failed", map[string]any{"Detail": err.Error()}))
		return
	}
	out.AutoSelect = written
	out.Notes = append(out.Notes, r.msg.T("import.auto_select.done", map[string]any{"Host": u.Hostname()}))
}
