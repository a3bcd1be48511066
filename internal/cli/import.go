package cli

import (
	"context"
	"errors"
	"fmt"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

func init() {
	register(command{name: "import", flags: []string{"json", "password-file", "store", "nss-db", "nss-password-file", "url", "auto-select", "timeout", "pick"}, run: runImport})
}

type importResultJSON struct {
	Store          string `json:"store"`
	Location       string `json:"location"`
	Browser        string `json:"browser"`
	Reader         string `json:"reader"`
	Profile        string `json:"profile,omitempty"`
	Status         string `json:"status"` // imported, failed, skipped
	Error          string `json:"error,omitempty"`
	Nickname       string `json:"nickname,omitempty"`
	BrowserRunning bool   `json:"browser_running"`
	// Notes are stable codes for caveats (capi-fallback ...), NoteText their words.
	Notes    []string `json:"notes,omitempty"`
	NoteText []string `json:"note_text,omitempty"`
}

type importJSON struct {
	File     string             `json:"file"`
	Error    *errorJSON         `json:"error"`
	Identity *identityJSON      `json:"identity"`
	Results  []importResultJSON `json:"results"`
	// AutoSelect: browser → policy value name written (import --auto-select).
	AutoSelect map[string]string `json:"auto_select,omitempty"`
	// AutoSelectFile is the .reg file written instead, for an administrator.
	AutoSelectFile string   `json:"auto_select_file,omitempty"`
	Notes          []string `json:"notes,omitempty"`
}

func runImport(r *run) int {
	if len(r.opts.Args) != 1 {
		return r.usageArgs(1, "import FILE.p12")
	}
	path := r.opts.Args[0]
	out := importJSON{File: path, Results: []importResultJSON{}}
	u, err := r.systemURL()
	if err != nil {
		return r.fail(err, false)
	}
	if r.opts.URL == "" && u != nil {
		// The file is matched against the remembered address: say which.
		r.sayRememberedURL(u.String())
	}
	// Nothing is written before the file is read and the password proven;
	// the NSS library loads meanwhile (Run starts it).
	// The result's words come from the message catalog: decode it while
	// the file is proven and NSS writes, not after.
	go r.msg.Has("import.head")
	id, ident, fileErr, exit := r.openUsable(path, r.urlHost(), "import.refused.")
	out.Identity, out.Error = ident, fileErr
	if exit == ExitUsage {
		return exit
	}
	if out.Error != nil {
		r.emitImport(out)
		return exit
	}
	fl, err := r.flowWithStores()
	if err != nil {
		message, code := r.failure(err, true)
		errCode := "no-store"
		if code == ExitUsage {
			errCode = "password-file"
		}
		out.Error = &errorJSON{Code: errCode, Message: message}
		r.emitImport(out)
		return code
	}
	// A --url given now is remembered once something was installed (by
	// rememberURL, which says so), not by Install: it would keep the
	// address of an import that installed nothing too.
	res, err := fl.Install(context.Background(), flow.InstallRequest{Identity: id, Timeout: r.opts.Timeout * 6}, nil)
	if err != nil {
		out.Error = &errorJSON{Code: "no-store", Message: r.msg.T("import.no_store", map[string]any{"Detail": err.Error()})}
		r.emitImport(out)
		return ExitFailed
	}
	for _, ir := range res.Results {
		out.Results = append(out.Results, r.importResult(ir))
	}
	policyOK := true
	if res.Imported > 0 && r.opts.AutoSelect {
		policyOK = r.autoSelect(fl, id, &out)
	}
	legacy := 0
	for _, ir := range res.Results {
		if ir.Status == flow.Skipped && errors.Is(ir.Err, store.ErrOutdated) {
			legacy++
		}
	}
	if legacy > 0 && res.Imported > 0 && res.Failed == 0 {
		out.Notes = append(out.Notes, r.msg.T("import.partial_legacy", map[string]any{"N": legacy}))
	}
	r.emitImport(out)
	if r.opts.URL != "" && u != nil && res.Imported > 0 {
		r.rememberURL(fl, u, true)
	}
	switch {
	case res.Imported == 0 || res.Failed > 0 || !policyOK:
		return ExitFailed
	case legacy > 0:
		return ExitPartial
	}
	return ExitOK
}

func (r *run) importResult(ir flow.InstallResult) importResultJSON {
	t := ir.Target
	res := importResultJSON{Store: t.Store.Kind(), Location: t.Store.Location(), Reader: t.Reader.Kind, Profile: t.Reader.Profile,
		Browser: check.ReaderName(r.msg, t.Reader.Kind, t.Reader.Profile), BrowserRunning: t.Running, Status: ir.Status}
	switch {
	case errors.Is(ir.Err, store.ErrServedElsewhere):
		res.Error = r.msg.T("import.served_by_os")
	case ir.Status == flow.Skipped && ir.Problem().Kind == check.StoreOther:
		res.Error = ir.Err.Error() // not for this machine (no such profile ...), not a failure
	case ir.Err != nil:
		res.Error = r.errText(ir.Err)
	}
	if ir.Status == flow.Imported {
		res.Nickname = ir.Entry.Nickname
	}
	for _, n := range ir.Notes {
		res.Notes = append(res.Notes, n)
		res.NoteText = append(res.NoteText, r.msg.T("import.note."+n))
	}
	return res
}

func (r *run) emitImport(out importJSON) {
	if r.emitted(out, out.File, out.Error) {
		return
	}
	w := r.env.Stdout
	fmt.Fprintln(w, r.msg.T("import.head", map[string]any{"Name": i18n.Clean(out.Identity.CommonName), "To": r.msg.Date(out.Identity.NotAfter)}))
	anyRunning := false
	for _, res := range out.Results {
		line := r.msg.T("import.result."+res.Status, map[string]any{"Browser": res.Browser, "Location": res.Location, "Error": res.Error})
		fmt.Fprintf(w, "  %s %s\n", i18n.Mark(res.Status), line)
		for _, n := range res.NoteText {
			fmt.Fprintf(w, "    ! %s\n", n)
		}
		anyRunning = anyRunning || (res.BrowserRunning && res.Status == flow.Imported)
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
// certificate for the system address without the popup. It reports whether
// the policy was written: when it could not be (no administrator rights),
// the same policy is saved as a .reg file for an administrator.
func (r *run) autoSelect(fl *flow.Flow, id *certfile.Identity, out *importJSON) bool {
	u, err := r.systemURL()
	if err != nil || u == nil {
		u = fl.RememberedURL()
	}
	if u == nil {
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.no_url"))
		return false
	}
	if r.env.AutoSelect == nil {
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.failed", map[string]any{"Detail": "not supported on this OS"}))
		return false
	}
	written, reg, err := r.env.AutoSelect(u, id.Leaf.Issuer.CommonName)
	if reg != nil {
		file := "rootip-cert-autoselect.reg"
		if werr := writeNew(file, reg, true); werr != nil {
			out.Notes = append(out.Notes, r.msg.T("import.auto_select.failed", map[string]any{"Detail": werr.Error()}))
			return false
		}
		out.AutoSelectFile = file
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.needs_admin", map[string]any{"File": file}))
		return false
	}
	if err != nil {
		out.Notes = append(out.Notes, r.msg.T("import.auto_select.failed", map[string]any{"Detail": err.Error()}))
		return false
	}
	out.AutoSelect = written
	out.Notes = append(out.Notes, r.msg.T("import.auto_select.done", map[string]any{"Host": u.Hostname()}))
	return true
}

// openUsable reads the file and proves its password, then refuses a
// certificate that cannot be used now (expired, not yet valid): the steps
// that deploy and import take before anything is written. It returns the
// identity, its JSON (once the file is read), the refusal (the file's
// error, or the message under refusedKey+status) and the exit code; a
// password-file problem is printed and gives ExitUsage.
func (r *run) openUsable(path, host, refusedKey string) (*certfile.Identity, *identityJSON, *errorJSON, int) {
	id, fileErr, exit := r.openFile(path)
	if exit == ExitUsage || fileErr != nil {
		return nil, nil, fileErr, exit
	}
	ident := newIdentityJSON(id, r.env.Now(), r.prof, host)
	if st := certfile.Status(ident.Status); !st.Usable() {
		return nil, ident, &errorJSON{Code: ident.Status, Message: r.msg.T(refusedKey + ident.Status)}, ExitValidity
	}
	return id, ident, nil, ExitOK
}

// emitted writes out as JSON, or else a refused file as one line on
// stderr, and reports whether it did; the text of a success is the
// caller's (deploy and import).
func (r *run) emitted(out any, file string, fail *errorJSON) bool {
	if r.opts.JSON {
		r.writeJSON(out)
		return true
	}
	if fail != nil {
		fmt.Fprintf(r.env.Stderr, "%s: %s\n", i18n.Clean(file), fail.Message)
		return true
	}
	return false
}
