package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/renewal"
)

func init() {
	register(command{name: "renew", flags: []string{"json", "url", "resolve", "server-ca", "password-file", "store", "nss-db",
		"nss-password-file", "timeout", "cleanup", "yes", "watch", "window"}, run: runRenew})
}

// watchLimit bounds `renew --watch`.
var watchLimit = 30 * time.Minute

// renewJSON is `renew --json`: the renewal state, plus what this run did.
type renewJSON struct {
	renewal.State
	Downloads []arrivalJSON  `json:"downloads,omitempty"`
	Installed *successorJSON `json:"installed,omitempty"`
	Removed   []removedJSON  `json:"removed,omitempty"`
	Error     *errorJSON     `json:"error,omitempty"`
}

type arrivalJSON struct {
	File      string        `json:"file"`
	Class     renewal.Class `json:"class"`
	ErrorCode string        `json:"error_code,omitempty"`
	Cert      *renewal.Cert `json:"certificate,omitempty"`
}

type pickJSON struct {
	IssuedTo    string    `json:"issued_to"`
	Issuer      string    `json:"issuer"`
	NotAfter    time.Time `json:"not_after"`
	OldNotAfter time.Time `json:"old_not_after,omitzero"`
}

type successorJSON struct {
	File    string              `json:"file"`
	Class   renewal.Class       `json:"class"`
	Results []importResultJSON  `json:"results"`
	OldKept bool                `json:"old_kept"`
	Proof   renewal.Proof       `json:"proof"`
	Verdict string              `json:"verdict,omitempty"`
	Pick    pickJSON            `json:"pick"`
	Restart renewal.RestartNeed `json:"restart"`
}

type removedJSON struct {
	SHA256      string   `json:"sha256"`
	DeletedFrom []string `json:"deleted_from"`
	Errors      []string `json:"errors,omitempty"`
}

// runRenew is the renewal season on the command line:
//
//	renew             the state (and, when the successor is installed but
//	                  unproven, a handshake with it); exit 0 when nothing
//	                  is left to do
//	renew FILE.p12    install the downloaded successor beside the old one,
//	                  read it back, prove it with a mutual-TLS handshake
//	renew --watch     wait for the download, then the same
//	renew --cleanup   remove the old certificates, after confirmation
func runRenew(r *run) int {
	if r.opts.Window {
		// The program itself opens the window (main) before the command
		// line runs: here there is none to open.
		fmt.Fprintln(r.env.Stderr, r.msg.T("renew.window_only", map[string]any{"Binary": WindowProgram}))
		return ExitUsage
	}
	if len(r.opts.Args) > 1 || (len(r.opts.Args) == 1 && (r.opts.Cleanup || r.opts.Watch)) || (r.opts.Cleanup && r.opts.Watch) {
		max := 1
		if r.opts.Cleanup || r.opts.Watch {
			max = 0
		}
		return r.usageArgs(max, "renew [FILE.p12 | --watch | --cleanup]")
	}
	req, err := r.diagnoseRequest()
	if err != nil {
		return r.fail(err, false)
	}
	fl, code := r.storeFlow()
	if fl == nil {
		return code
	}
	if r.opts.URL != "" && req.URL != nil {
		r.rememberURL(fl, req.URL, true) // remembered (DESIGN), said when it changes
	}
	if r.opts.URL == "" && req.URL != nil && !r.opts.Cleanup {
		// The state and the proof are checked against the remembered
		// address (cleanup contacts no server).
		r.sayRememberedURL(req.URL.String())
	}
	pw, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
	if err != nil {
		return r.fail(&passwordFileError{err: err}, false)
	}
	switch {
	case r.opts.Cleanup:
		return r.renewCleanup(fl)
	case r.opts.Watch:
		return r.renewWatch(fl, req, pw)
	case len(r.opts.Args) == 1:
		return r.renewFile(fl, req, r.opts.Args[0], pw)
	}
	return r.renewState(fl, req, pw)
}

// renewState prints the state; a successor installed everywhere but not
// proven is proven first where it can be (the store's key, or a copy of
// it in the download folder).
func (r *run) renewState(fl *flow.Flow, req flow.DiagnoseRequest, pw string) int {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*6)
	defer cancel()
	downloads := fl.FindDownloads(ctx, r.downloadDirs(), pw)
	rn := fl.Renewal(ctx, flow.RenewalRequest{URL: req.URL, Downloads: downloads})
	st := rn.State
	if st.Next == renewal.Prove {
		if after, _, ok := fl.ProveSuccessor(ctx, req, downloads); ok {
			st = after.State
		}
	}
	out := renewJSON{State: st}
	for _, a := range downloads {
		if a.Class == renewal.ClassSuccessor || a.Class == renewal.ClassSame {
			out.Downloads = append(out.Downloads, r.arrivalDoc(a))
		}
	}
	if r.opts.JSON {
		r.writeJSON(out)
	} else {
		r.printRenewal(st)
	}
	if st.Settled() {
		return ExitOK
	}
	return ExitFailed
}

// renewFile installs a downloaded file beside the old certificate and
// proves it.
func (r *run) renewFile(fl *flow.Flow, req flow.DiagnoseRequest, path, pw string) int {
	ctx := context.Background()
	a := fl.ReadDownload(ctx, path, pw)
	if a.Err != nil {
		code := certfile.CodeOf(a.Err)
		if r.opts.JSON {
			r.writeJSON(renewJSON{State: fl.Renewal(ctx, flow.RenewalRequest{URL: req.URL}).State, Error: &errorJSON{Code: string(code),
				Message: r.certFileText(a.Err)}, Downloads: []arrivalJSON{r.arrivalDoc(a)}})
		} else {
			fmt.Fprintln(r.env.Stderr, r.arrivalText(a, req))
		}
		return exitFor(code)
	}
	return r.installSuccessor(fl, req, a)
}

func (r *run) installSuccessor(fl *flow.Flow, req flow.DiagnoseRequest, a flow.Arrival) int {
	ctx := context.Background()
	if !r.opts.JSON {
		fmt.Fprintln(r.env.Stdout, r.arrivalText(a, req))
	}
	res, err := fl.InstallSuccessor(ctx, flow.SuccessorRequest{Identity: a.Identity, Path: a.Path, Prove: req,
		Timeout: r.opts.Timeout * 6}, nil)
	out := renewJSON{State: res.After.State}
	if errors.Is(err, flow.ErrNotSuccessor) {
		out.State = fl.Renewal(ctx, flow.RenewalRequest{URL: req.URL}).State
		out.Downloads = []arrivalJSON{r.arrivalDoc(a)}
		out.Error = &errorJSON{Code: "not-successor", Message: r.arrivalText(a, req)}
		if r.opts.JSON {
			r.writeJSON(out)
		}
		return ExitFailed
	}
	sj := &successorJSON{File: a.Path, Class: res.Class, Results: []importResultJSON{}, OldKept: res.OldKept, Proof: res.Proof,
		Pick:    pickJSON{IssuedTo: res.Pick.IssuedTo, Issuer: res.Pick.Issuer, NotAfter: res.Pick.NotAfter.UTC(), OldNotAfter: res.Pick.OldNotAfter.UTC()},
		Restart: renewal.RestartNeed{Browsers: res.Restart.Browsers, PC: res.Restart.PC}}
	if res.Proved {
		sj.Verdict = string(res.Diagnosis.Verdict)
	}
	for _, ir := range res.Installed.Results {
		sj.Results = append(sj.Results, r.importResult(ir))
	}
	out.Installed = sj
	if err != nil && !errors.Is(err, flow.ErrNotProven) {
		out.Error = &errorJSON{Code: "no-store", Message: r.msg.T("import.no_store", map[string]any{"Detail": err.Error()})}
	}
	if r.opts.JSON {
		r.writeJSON(out)
	} else {
		r.printSuccessor(res, sj, err)
	}
	if err != nil || res.Installed.Imported == 0 || res.Installed.Failed > 0 || res.Proof.Status != renewal.Proven {
		return ExitFailed
	}
	return ExitOK
}

// renewWatch waits for the download and installs the successor.
func (r *run) renewWatch(fl *flow.Flow, req flow.DiagnoseRequest, pw string) int {
	ctx, cancel := context.WithTimeout(context.Background(), watchLimit)
	defer cancel()
	w, err := fl.WatchDownloads(ctx, flow.WatchRequest{Dirs: r.downloadDirs(), Password: pw})
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("renew.watch.no_dir", map[string]any{"Detail": err.Error()}))
		return ExitFailed
	}
	defer w.Close()
	var dirs []string
	for _, d := range w.Dirs() {
		dirs = append(dirs, d.Path)
	}
	say := r.env.Stdout
	if r.opts.JSON {
		say = r.env.Stderr
	}
	fmt.Fprintln(say, r.msg.T("renew.watch.start", map[string]any{"Dirs": strings.Join(dirs, ", "), "Menu": r.prof.DownloadMenu.In(r.lang())}))
	for a := range w.Arrivals() {
		// The successor, or the installed one again while it is not yet
		// everywhere or unproven: install (beside) and prove.
		again := a.Class == renewal.ClassSame && !fl.Renewal(ctx, flow.RenewalRequest{URL: req.URL}).State.Settled()
		if a.Class == renewal.ClassSuccessor || again {
			w.Close()
			return r.installSuccessor(fl, req, a)
		}
		fmt.Fprintln(say, r.arrivalText(a, req))
	}
	fmt.Fprintln(r.env.Stderr, r.msg.T("renew.watch.timeout", map[string]any{"Minutes": int(watchLimit.Minutes())}))
	return ExitFailed
}

// renewCleanup removes the old certificates after a confirmation naming
// them (the delete path: every store holding one, read back).
func (r *run) renewCleanup(fl *flow.Flow) int {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout*3)
	defer cancel()
	entries := fl.Removable(ctx)
	type group struct {
		cert  renewal.Cert
		where []string
	}
	var order []string
	groups := map[string]*group{}
	readers := map[string]string{}
	for _, s := range fl.Inventory(ctx).Stores {
		readers[s.Location] = check.ReaderName(r.msg, s.Reader.Kind, s.Reader.Profile)
	}
	for _, e := range entries {
		g, ok := groups[e.SHA256()]
		if !ok {
			g = &group{cert: renewal.CertOf(e.Cert, fl.Now(), r.prof)}
			groups[e.SHA256()] = g
			order = append(order, e.SHA256())
		}
		where := readers[e.Location]
		if where == "" {
			where = e.Location
		}
		g.where = append(g.where, where)
	}
	st := fl.Renewal(ctx, flow.RenewalRequest{}).State
	out := renewJSON{State: st, Removed: []removedJSON{}}
	if len(order) == 0 {
		if r.opts.JSON {
			r.writeJSON(out)
		} else {
			fmt.Fprintln(r.env.Stdout, r.msg.T("renew.cleanup.none"))
		}
		return ExitOK
	}
	w := r.env.Stdout
	if r.opts.JSON {
		w = r.env.Stderr
	}
	fmt.Fprintln(w, r.msg.T("renew.cleanup.list"))
	for _, h := range order {
		g := groups[h]
		fmt.Fprintln(w, "  "+r.msg.T("renew.cleanup.item", map[string]any{"Name": i18n.Clean(g.cert.Name), "Issuer": i18n.Clean(g.cert.Issuer),
			"Date": r.msg.Date(g.cert.NotAfter), "Status": r.msg.T("status." + g.cert.Status), "Where": r.msg.List(g.where), "SHA": h[:16]}))
	}
	if !r.opts.Yes && !r.confirm(r.msg.T("renew.cleanup.confirm", map[string]any{"Count": len(order)})) {
		fmt.Fprintln(r.env.Stderr, r.msg.T("delete.cancelled"))
		return ExitFailed
	}
	failed := false
	for _, h := range order {
		results, err := fl.Delete(ctx, h)
		rj := removedJSON{SHA256: h, DeletedFrom: []string{}}
		if err != nil {
			rj.Errors = append(rj.Errors, err.Error())
		}
		for _, d := range results {
			if d.Err == nil {
				rj.DeletedFrom = append(rj.DeletedFrom, d.Store.Location())
			} else {
				rj.Errors = append(rj.Errors, d.Err.Error())
			}
		}
		failed = failed || len(rj.Errors) > 0 || len(rj.DeletedFrom) == 0
		out.Removed = append(out.Removed, rj)
		if !r.opts.JSON {
			for _, l := range rj.DeletedFrom {
				fmt.Fprintln(r.env.Stdout, r.msg.T("delete.done", map[string]any{"Location": l}))
			}
			for _, e := range rj.Errors {
				fmt.Fprintln(r.env.Stderr, r.msg.T("delete.failed", map[string]any{"Detail": e}))
			}
		}
	}
	out.State = fl.Renewal(ctx, flow.RenewalRequest{}).State
	if r.opts.JSON {
		r.writeJSON(out)
	}
	if failed {
		return ExitFailed
	}
	return ExitOK
}

// downloadDirs are the user's download folders, from the command's
// environment (HOME / USERPROFILE, XDG_CONFIG_HOME ...).
func (r *run) downloadDirs() []string {
	home := r.env.Getenv("HOME")
	if runtime.GOOS == "windows" && r.env.Getenv("USERPROFILE") != "" {
		home = r.env.Getenv("USERPROFILE")
	}
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return []string{}
		}
	}
	dirs := flow.DownloadDirs(runtime.GOOS, home, r.env.Getenv)
	if dirs == nil {
		dirs = []string{} // none: not "discover them" (nil)
	}
	return dirs
}

func (r *run) arrivalDoc(a flow.Arrival) arrivalJSON {
	j := arrivalJSON{File: a.Path, Class: a.Class}
	if a.Err != nil {
		j.ErrorCode = string(certfile.CodeOf(a.Err))
	} else {
		c := a.Cert
		j.Cert = &c
	}
	return j
}

// arrivalText says what a file is, in words.
func (r *run) arrivalText(a flow.Arrival, req flow.DiagnoseRequest) string {
	data := map[string]any{"File": i18n.Clean(filepath.Base(a.Path)), "Name": i18n.Clean(a.Cert.Name), "Date": r.msg.Date(a.Cert.NotAfter)}
	if a.Err != nil {
		data["Reason"] = r.certFileText(a.Err)
	}
	host := ""
	if req.URL != nil {
		host = req.URL.Hostname()
	}
	data["Host"] = host
	return r.msg.T("renew.arrival."+string(a.Class), data)
}

// printRenewal renders the state.
func (r *run) printRenewal(st renewal.State) {
	w := r.env.Stdout
	if st.Host != "" {
		fmt.Fprintln(w, r.msg.T("renew.head", map[string]any{"Host": i18n.Clean(st.Host)}))
	} else {
		fmt.Fprintln(w, r.msg.T("renew.head.no_host"))
	}
	f := check.Finding{ID: check.CertRenewal, Outcome: st.Outcome, Facts: check.RenewalFacts(st).Clone()}
	if d, ok := check.Lookup(check.CertRenewal); ok {
		if o, ok := d.Outcome(st.Outcome); ok {
			f.Status = o.Status
		}
	}
	t := check.Describe(f, r.msg, r.prof, check.ForCLI)
	fmt.Fprintf(w, "%s %s\n", i18n.Mark(string(f.Status)), t.Detail)
	key := "renew.window.closed"
	if st.Window.Open {
		key = "renew.window.open"
	}
	if !st.Window.Start.IsZero() {
		fmt.Fprintln(w, "  "+r.msg.T(key, map[string]any{"Start": r.msg.Date(st.Window.Start), "End": r.msg.Date(st.Window.End)}))
	}
	cert := func(key string, c *renewal.Cert) {
		fmt.Fprintln(w, "  "+r.msg.T(key, map[string]any{"Name": i18n.Clean(c.Name), "Issuer": i18n.Clean(c.Issuer),
			"Date": r.msg.Date(c.NotAfter), "Days": r.msg.Days(c.DaysLeft)}))
	}
	if st.Expiring != nil {
		cert("renew.expiring", st.Expiring)
	} else if st.Current != nil && st.Successor == nil {
		cert("renew.current", st.Current)
	}
	if st.Successor != nil {
		cert("renew.successor", st.Successor)
	} else if st.Season() && st.Outcome != renewal.OutcomeNone {
		fmt.Fprintln(w, "  "+r.msg.T("renew.successor.none"))
	}
	for _, s := range st.Stores {
		browser := check.ReaderName(r.msg, s.Reader.Kind, s.Reader.Profile)
		if s.Unreadable {
			fmt.Fprintf(w, "    ? %s\n", r.msg.T("renew.store.unreadable", map[string]any{"Browser": browser, "Location": i18n.Clean(s.Location)}))
			continue
		}
		mark := "✓"
		if st.Successor != nil && !s.Successor {
			mark = "✗"
		}
		key := "renew.store.old"
		if st.Successor != nil {
			key = "renew.store"
		}
		fmt.Fprintf(w, "    %s %s\n", mark, r.msg.T(key, map[string]any{"Browser": browser, "Location": i18n.Clean(s.Location),
			"Old": r.msg.T(yesNo(s.Current)), "New": r.msg.T(yesNo(s.Successor))}))
	}
	if st.Successor != nil {
		data := map[string]any{"Signer": r.msg.T("renew.signer." + orDefault(st.Proof.Signer, "store")), "Outcome": st.Proof.Outcome}
		if !st.Proof.At.IsZero() {
			data["At"] = r.msg.DateTime(st.Proof.At)
		}
		fmt.Fprintln(w, "  "+r.msg.T("renew.proof."+st.Proof.Status, data))
	}
	if len(st.Restart.Browsers) > 0 || st.Restart.PC {
		what := append([]string{}, st.Restart.Browsers...)
		if st.Restart.PC {
			what = append(what, r.msg.T("renew.restart.the_pc"))
		}
		fmt.Fprintln(w, "  "+r.msg.T("renew.restart", map[string]any{"What": r.msg.List(what)}))
	}
	if st.Downloaded != "" {
		fmt.Fprintln(w, "  "+r.msg.T("renew.downloaded", map[string]any{"Path": i18n.Clean(st.Downloaded)}))
	}
	if len(st.Removable) > 0 {
		fmt.Fprintln(w, "  "+r.msg.T("renew.removable", map[string]any{"Count": len(st.Removable)}))
	}
	fmt.Fprintln(w, r.msg.T("renew.next", map[string]any{"Next": r.msg.T("renewal.next." + string(st.Next))}))
	data := map[string]any{"Menu": r.prof.DownloadMenu.In(r.lang()), "Path": i18n.Clean(st.Downloaded)}
	if st.Successor != nil {
		data["Date"] = r.msg.Date(st.Successor.NotAfter)
	}
	fmt.Fprintln(w, "  → "+r.msg.T("renew.hint."+string(st.Next), data))
}

// printSuccessor renders an install beside and its proof.
func (r *run) printSuccessor(res flow.SuccessorResult, sj *successorJSON, err error) {
	w := r.env.Stdout
	fmt.Fprintln(w, r.msg.T("renew.install.head", map[string]any{"Name": i18n.Clean(res.Pick.IssuedTo), "Date": r.msg.Date(res.Pick.NotAfter)}))
	for _, ir := range sj.Results {
		line := r.msg.T("import.result."+ir.Status, map[string]any{"Browser": ir.Browser, "Location": ir.Location, "Error": ir.Error})
		fmt.Fprintf(w, "  %s %s\n", i18n.Mark(ir.Status), line)
	}
	if err != nil && !errors.Is(err, flow.ErrNotProven) {
		fmt.Fprintln(r.env.Stderr, r.msg.T("import.no_store", map[string]any{"Detail": err.Error()}))
		return
	}
	if !res.Pick.OldNotAfter.IsZero() {
		fmt.Fprintln(w, "  "+r.msg.T("renew.install.kept", map[string]any{"Date": r.msg.Date(res.Pick.OldNotAfter)}))
	}
	switch {
	case !res.Proved:
		fmt.Fprintln(w, r.msg.T("renew.prove.no_url"))
	case res.Proof.Status == renewal.Proven:
		fmt.Fprintln(w, r.msg.T("renew.prove.proven", map[string]any{"Signer": r.msg.T("renew.signer." + orDefault(res.Proof.Signer, "store"))}))
	default:
		detail := ""
		if mtls, ok := res.Diagnosis.Result.Find(check.NetMTLS); ok {
			t := check.Describe(mtls, r.msg, r.prof, check.ForCLI)
			detail = t.Detail
			if t.Fix != "" {
				detail += " " + t.Fix
			}
		}
		key := "renew.prove.untested"
		if res.Proof.Status == renewal.Rejected {
			key = "renew.prove.rejected"
		}
		fmt.Fprintln(w, r.msg.T(key, map[string]any{"Detail": detail}))
	}
	if res.Proof.Status == renewal.Proven || !res.Proved {
		key := "renew.pick"
		if res.Pick.OldNotAfter.IsZero() {
			key = "renew.pick.no_old"
		}
		fmt.Fprintln(w, r.msg.T(key, map[string]any{"Name": i18n.Clean(res.Pick.IssuedTo), "Date": r.msg.Date(res.Pick.NotAfter),
			"Old": r.msg.Date(res.Pick.OldNotAfter)}))
		if len(res.Restart.Browsers) > 0 {
			browsers := append([]string{}, res.Restart.Browsers...)
			sort.Strings(browsers)
			fmt.Fprintln(w, r.msg.T("renew.restart.browsers", map[string]any{"Browsers": r.msg.List(browsers)}))
		} else {
			fmt.Fprintln(w, r.msg.T("renew.restart.browser"))
		}
		if res.Restart.PC {
			fmt.Fprintln(w, r.msg.T("renew.restart.pc"))
		}
	}
	fmt.Fprintln(w)
	r.printRenewal(res.After.State)
}

func yesNo(b bool) string {
	if b {
		return "renew.store.yes"
	}
	return "renew.store.no"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
