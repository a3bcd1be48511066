package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
)

func init() {
	register(command{name: "inspect", flags: []string{"json", "password-file", "url", "pick"}, run: runInspect})
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Identities lists a file's key+certificate pairs when it holds
	// several (several-identities): pick one with --pick SHA256.
	Identities []candidateJSON `json:"identities,omitempty"`
	// KeyType names an unsupported key (unsupported-key).
	KeyType string `json:"key_type,omitempty"`
}

type candidateJSON struct {
	IssuedTo string    `json:"issued_to"`
	NotAfter time.Time `json:"not_after"`
	SHA256   string    `json:"sha256"`
}

type inspectJSON struct {
	File     string        `json:"file"`
	Error    *errorJSON    `json:"error"`
	Identity *identityJSON `json:"identity"`
}

func runInspect(r *run) int {
	if len(r.opts.Args) != 1 {
		return r.usageArgs(1, "inspect FILE.p12")
	}
	path := r.opts.Args[0]
	out := inspectJSON{File: path}
	id, fileErr, exit := r.openFile(path)
	if exit == ExitUsage {
		return exit
	}
	if fileErr != nil {
		out.Error = fileErr
		if r.opts.JSON {
			r.writeJSON(out)
		} else {
			fmt.Fprintf(r.env.Stderr, "%s: %s\n", path, out.Error.Message)
		}
		return exit
	}
	if _, err := r.systemURL(); err != nil {
		return r.fail(err, false)
	}
	out.Identity = newIdentityJSON(id, r.env.Now(), r.prof, r.urlHost())
	if r.opts.JSON {
		r.writeJSON(out)
	} else {
		r.printIdentity(path, out.Identity)
	}
	if st := certfile.Status(out.Identity.Status); !st.Usable() {
		return ExitValidity
	}
	return ExitOK
}

// openFile reads the password (--password-file or the profile's default)
// and the file, proving the password. On failure it returns the classified
// error for the JSON output and the exit code; a password-file problem is
// printed here and gives ExitUsage.
func (r *run) openFile(path string) (*certfile.Identity, *errorJSON, int) {
	password, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
	if err != nil {
		fmt.Fprintln(r.env.Stderr, r.msg.T("cli.password_file", map[string]any{"Detail": r.fileDetail(err)}))
		return nil, nil, ExitUsage
	}
	id, _, err := certfile.OpenPick(path, password, r.opts.Pick)
	if err != nil {
		code := certCode(err)
		e := &errorJSON{Code: string(code), Message: r.certFileText(err)}
		var ce *certfile.Error
		if errors.As(err, &ce) {
			e.KeyType = ce.KeyType
		}
		for _, c := range certfile.CandidatesOf(err) {
			e.Identities = append(e.Identities, candidateJSON{IssuedTo: c.IssuedTo, NotAfter: c.NotAfter.UTC(), SHA256: c.SHA256})
			e.Message += "\n  " + r.msg.T("file.identity", map[string]any{"IssuedTo": i18n.Clean(c.IssuedTo), "NotAfter": r.msg.Date(c.NotAfter), "SHA256": c.SHA256})
		}
		return nil, e, exitFor(code)
	}
	return id, nil, ExitOK
}

func (r *run) printIdentity(path string, j *identityJSON) {
	w := r.env.Stdout
	row := func(key, val string) { fmt.Fprintf(w, "  %s %s\n", padRight(r.msg.T(key), 16), val) }
	fmt.Fprintln(w, i18n.Clean(path))
	row("field.issued_to", i18n.Clean(j.CommonName))
	row("field.subject", i18n.Clean(j.Subject))
	row("field.issuer", i18n.Clean(j.Issuer))
	row("field.validity", r.msg.T("inspect.validity", map[string]any{
		"From": r.msg.Date(j.NotBefore), "To": r.msg.Date(j.NotAfter), "Days": r.msg.Days(j.DaysLeft),
	}))
	row("field.status", r.msg.T("status."+j.Status))
	row("field.key", r.msg.T("inspect.key", map[string]any{"Type": j.KeyType}))
	row("field.usage", r.msg.T("inspect.usage", map[string]any{
		"ClientAuth": mark(j.ClientAuth), "DigitalSignature": mark(j.DigitalSignature),
	}))
	if j.FriendlyName != "" {
		row("field.friendly_name", i18n.Clean(j.FriendlyName))
	}
	for i, c := range j.Chain {
		key := "field.chain"
		if i > 0 {
			key = "field.blank"
		}
		row(key, i18n.Clean(c.Subject))
	}
	row("field.sha256", j.SHA256)
	row("field.sha1", j.SHA1)
	if j.URL != "" {
		row("field.url_match", r.msg.T("match."+j.URLMatch, map[string]any{"Host": j.URL}))
	}
	switch certfile.Status(j.Status) {
	case certfile.Expired, certfile.NotYetValid, certfile.ExpiringSoon:
		fmt.Fprintln(w)
		fmt.Fprintln(w, r.msg.T("inspect.advice."+j.Status, map[string]any{
			"Menu": r.prof.DownloadMenu.In(r.lang()), "Section": check.ManualText(r.msg, r.prof, "renewal"),
		}))
	}
	if !j.ClientAuth || !j.DigitalSignature {
		fmt.Fprintln(w, r.msg.T("inspect.advice.usage"))
	}
}

func mark(ok bool) string {
	if ok {
		return i18n.Mark("ok")
	}
	return i18n.Mark("fail")
}

// padRight pads s to width display columns, counting wide (CJK) runes as two.
func padRight(s string, width int) string {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
			(r >= 0xffe0 && r <= 0xffe6)) {
			n += 2
		} else {
			n++
		}
	}
	if n >= width {
		return s + " "
	}
	return s + strings.Repeat(" ", width-n)
}
