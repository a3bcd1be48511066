package cli

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"strings"

	"rootip-cert/internal/boundedio"
	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
)

func init() {
	register(command{name: "diagnose", flags: []string{"json", "url", "resolve", "server-ca", "p12", "password-file",
		"timeout", "store", "nss-db", "nss-password-file", "pick", "quiet"}, run: runDiagnose})
}

func runDiagnose(r *run) int {
	if len(r.opts.Args) != 0 {
		return r.usageArgs(0, "diagnose [--url URL]")
	}
	// The report's words come from the message catalog: decode it while
	// the checks wait for the network, not after them.
	go r.msg.Has("diagnose.summary")
	req, err := r.diagnoseRequest()
	if err != nil {
		return r.fail(err, false)
	}
	fl, err := r.flow()
	if err != nil {
		return r.fail(err, false)
	}
	if r.opts.URL == "" && req.URL != nil {
		r.sayRememberedURL(req.URL.String())
	}
	d := fl.Diagnose(context.Background(), req)
	code := r.reportDiagnosis(fl, d)
	if r.opts.URL != "" && req.URL != nil {
		// Kept for later runs only once the server answered for it.
		r.rememberURL(fl, req.URL, serverReached(d))
	}
	return code
}

// sayRememberedURL says, before the checks (diagnose, import, renew), that
// the address checked is the one remembered from an earlier run (not given
// with --url): on
// stdout with the text report, on stderr where stdout is one JSON
// document or one summary line.
func (r *run) sayRememberedURL(u string) {
	w := r.env.Stdout
	if r.opts.JSON || r.opts.Quiet {
		w = r.env.Stderr
	}
	fmt.Fprintln(w, r.msg.T("diagnose.remembered_url", map[string]any{"URL": i18n.Clean(u)}))
}

// diagnoseRequest turns the flags into a checklist request; a bad flag is
// a usage error (exit 2).
func (r *run) diagnoseRequest() (flow.DiagnoseRequest, error) {
	req := flow.DiagnoseRequest{Timeout: r.opts.Timeout, Resolve: map[string]string{}}
	u, err := r.systemURL()
	if err != nil {
		return req, err
	}
	req.URL = u
	for _, spec := range r.opts.Resolve {
		host, port, addr, err := parseResolve(spec)
		if err != nil {
			return req, err
		}
		if u != nil {
			if want := urlHostPort(u.Hostname(), u.Port()); want != net.JoinHostPort(host, port) {
				return req, &resolveMismatchError{spec: spec, want: want}
			}
		}
		req.Resolve[net.JoinHostPort(host, port)] = addr
	}
	for _, f := range r.opts.ServerCA {
		certs, err := readCAFile(f)
		if err != nil {
			return req, err
		}
		req.ServerCAs = append(req.ServerCAs, certs...)
	}
	if r.opts.P12 != "" {
		req.P12Path = r.opts.P12
		pw, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
		if err != nil {
			return req, &passwordFileError{err: err}
		}
		req.Identity, _, req.P12Err = certfile.OpenPick(r.opts.P12, pw, r.opts.Pick)
	}
	return req, nil
}

// urlHostPort is the system address's host:port (443 when not given), as
// the network checks look it up.
func urlHostPort(host, port string) string {
	if port == "" {
		port = "443"
	}
	return net.JoinHostPort(strings.ToLower(host), port)
}

// resolveMismatchError is a --resolve for another host or port than the
// system address: it would be ignored and the real DNS used in silence.
type resolveMismatchError struct{ spec, want string }

func (e *resolveMismatchError) Error() string {
	return fmt.Sprintf("--resolve %q does not match the system address %s", e.spec, e.want)
}

// parseResolve reads HOST:PORT:ADDR (as curl; ADDR may be [IPv6]); the
// address must be an IP address and the port a number.
func parseResolve(spec string) (host, port, addr string, err error) {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) != 3 || parts[0] == "" {
		return "", "", "", usageErr("resolve-form", fmt.Sprintf("--resolve %q: want HOST:PORT:ADDR", spec), map[string]any{"Spec": spec})
	}
	host, port, addr = strings.ToLower(strings.TrimSuffix(parts[0], ".")), parts[1], strings.Trim(parts[2], "[]")
	if n, perr := parsePort(port); perr != nil || n == 0 {
		return "", "", "", usageErr("resolve-port", fmt.Sprintf("--resolve %q: bad port %q", spec, port), map[string]any{"Spec": spec, "Port": port})
	}
	if net.ParseIP(addr) == nil {
		return "", "", "", usageErr("resolve-addr", fmt.Sprintf("--resolve %q: %q is not an IP address", spec, addr), map[string]any{"Spec": spec, "Addr": addr})
	}
	return host, port, addr, nil
}

func parsePort(s string) (int, error) {
	n := 0
	if s == "" || len(s) > 5 {
		return 0, fmt.Errorf("bad port")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad port")
		}
		n = n*10 + int(c-'0')
	}
	if n > 65535 {
		return 0, fmt.Errorf("bad port")
	}
	return n, nil
}

// maxCAFile bounds a --server-ca file (a bundle of a few hundred roots).
const maxCAFile = 4 << 20

// readCAFile reads the certificates of a PEM bundle or one DER certificate.
func readCAFile(path string) ([]*x509.Certificate, error) {
	data, err := boundedio.ReadFile(path, maxCAFile)
	if err != nil {
		return nil, &flagFileError{flag: "--server-ca", err: err}
	}
	if !strings.Contains(string(data), "-----BEGIN") {
		c, err := x509.ParseCertificate(data)
		if err != nil {
			return nil, usageErr("server-ca-bad", fmt.Sprintf("--server-ca %s: %v", path, err), map[string]any{"File": path})
		}
		return []*x509.Certificate{c}, nil
	}
	var out []*x509.Certificate
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, usageErr("server-ca-bad", fmt.Sprintf("--server-ca %s: %v", path, err), map[string]any{"File": path})
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, usageErr("server-ca-none", fmt.Sprintf("--server-ca %s: no certificate in the PEM file", path), map[string]any{"File": path})
	}
	return out, nil
}

// checkJSON is one check of `diagnose --json`: the data (id, status,
// outcome, facts — the same in every language) and its words.
type checkJSON struct {
	check.Finding
	check.Text
}

// diagnoseJSON is the `diagnose --json` document.
type diagnoseJSON struct {
	Verdict  string      `json:"verdict"`
	URL      string      `json:"url,omitempty"`
	Checks   []checkJSON `json:"checks"`
	Failed   int         `json:"failed"`
	Warnings int         `json:"warnings"`
	Missing  []string    `json:"missing"`
	Next     string      `json:"next,omitempty"`
	Elapsed  float64     `json:"elapsed_seconds"`
	// Summary is the one line a management tool's inventory collects.
	Summary string `json:"summary"`

	// SupportCode is the run as the code read out on the phone ("" if none).
	SupportCode string `json:"support_code"`
}

func (r *run) diagnoseDoc(d flow.Diagnosis, code string) diagnoseJSON {
	doc := diagnoseJSON{Verdict: string(d.Verdict), SupportCode: code, Failed: d.Result.Failed, Warnings: d.Result.Warnings,
		Missing: append([]string{}, d.Missing...), Elapsed: d.Result.Elapsed.Seconds()}
	if d.URL != nil {
		doc.URL = d.URL.String()
	}
	if d.HasNext {
		doc.Next = d.Next.ID
	}
	for _, f := range d.Result.Findings {
		doc.Checks = append(doc.Checks, checkJSON{Finding: f, Text: check.Describe(f, r.msg, r.prof, check.ForCLI)})
	}
	return doc
}

// reportDiagnosis prints a run and returns the exit code: 0 only when the
// verdict is ok (installed, accepted with the installed key, login page).
func (r *run) reportDiagnosis(fl *flow.Flow, d flow.Diagnosis) int {
	code, _ := helpdesk.Code(context.Background(), fl, d) // "" only for a run no format holds
	switch {
	case r.opts.Quiet:
		fmt.Fprintln(r.env.Stdout, r.summaryLine(context.Background(), fl, &d))
	case r.opts.JSON:
		doc := r.diagnoseDoc(d, code)
		doc.Summary = r.summaryLine(context.Background(), fl, &d)
		r.writeJSON(doc)
	default:
		r.printDiagnosis(d, code)
	}
	if d.Verdict != flow.VerdictOK {
		return ExitFailed
	}
	return ExitOK
}

func (r *run) printDiagnosis(d flow.Diagnosis, code string) {
	w := r.env.Stdout
	for _, f := range d.Result.Findings {
		t := check.Describe(f, r.msg, r.prof, check.ForCLI)
		fmt.Fprintf(w, "%s %s — %s\n", i18n.Mark(string(f.Status)), t.Title, t.Detail)
		if t.Fix != "" {
			ref := ""
			if t.Manual != "" {
				ref = r.msg.Paren(r.msg.T("diagnose.manual", map[string]any{"Section": t.Manual}))
			}
			fmt.Fprintf(w, "    → %s%s\n", t.Fix, ref)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.msg.T("diagnose.summary", map[string]any{"Total": len(d.Result.Findings), "Failed": d.Result.Failed, "Warnings": d.Result.Warnings}))
	fmt.Fprintln(w, r.msg.T("diagnose.verdict."+d.Wording()))
	if d.HasNext {
		t := check.Describe(d.Next, r.msg, r.prof, check.ForCLI)
		fmt.Fprintln(w, r.msg.T("diagnose.next", map[string]any{"Fix": t.Fix}))
	}
	if code != "" {
		fmt.Fprintln(w, r.msg.T("diagnose.support_code", map[string]any{"Code": code}))
	}
}
