package cli

import (
	"errors"
	"fmt"
	"strings"

	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/supportcode"
)

func init() {
	register(command{name: "decode", flags: []string{"json"}, run: runDecode})
}

// decodeJSON is the `decode --json` document.
type decodeJSON struct {
	SupportCode   string              `json:"support_code"`
	FormatVersion int                 `json:"format_version"`
	Verdict       string              `json:"verdict"`
	OSFamily      string              `json:"os_family"`
	Browsers      []string            `json:"browsers"`
	Renewal       string              `json:"renewal"`
	Checks        []helpdeskCheckJSON `json:"checks"`
	Failed        int                 `json:"failed"`
	Warnings      int                 `json:"warnings"`
	Missing       []string            `json:"missing"`
	Next          string              `json:"next,omitempty"`
	NextFix       string              `json:"next_fix,omitempty"`
	Summary       []helpdesk.Field    `json:"summary"`
}

// refusedJSON is the document of a refused input under --json.
type refusedJSON struct {
	Input string    `json:"input"`
	Error errorJSON `json:"error"`
}

// runDecode shows the checklist behind a support code read out on the
// phone (the code may be typed in parts: decode 7KXM 3WTA R9HE). It reads
// nothing but its argument. Exit 0 for a code, 2 for a mistyped one.
func runDecode(r *run) int {
	if len(r.opts.Args) == 0 {
		return r.usage("decode XXXX-XXXX-XXXX")
	}
	input := strings.Join(r.opts.Args, " ")
	v, err := helpdesk.OpenCode(input)
	if err != nil {
		message := helpdesk.CodeMessage(r.msg, err)
		if r.opts.JSON {
			r.writeJSON(refusedJSON{Input: helpdesk.Line(input), Error: errorJSON{Code: codeErrorCode(err), Message: message}})
		}
		fmt.Fprintln(r.env.Stderr, message)
		return ExitUsage
	}
	if !r.opts.JSON {
		r.printView(v)
		return ExitOK
	}
	d := v.Diagnosis
	doc := decodeJSON{SupportCode: v.Code, FormatVersion: v.CodeFormat, Verdict: string(d.Verdict), OSFamily: string(v.OSFamily),
		Browsers: append([]string{}, v.Browsers...), Renewal: string(v.Renewal), Checks: r.helpdeskChecks(v), Failed: d.Result.Failed,
		Warnings: d.Result.Warnings, Missing: append([]string{}, d.Missing...), NextFix: v.NextFix(r.msg, r.prof, cliAudience),
		Summary: v.Summary(r.msg, r.prof)}
	if d.HasNext {
		doc.Next = d.Next.ID
	}
	r.writeJSON(doc)
	return ExitOK
}

// codeErrorCode is the stable code of a refused support code.
func codeErrorCode(err error) string {
	switch {
	case errors.Is(err, supportcode.ErrBadCharacter):
		return "bad-character"
	case errors.Is(err, supportcode.ErrBadLength):
		return "bad-length"
	case errors.Is(err, supportcode.ErrBadChecksum):
		return "bad-checksum"
	case errors.Is(err, supportcode.ErrUnknownVersion):
		return "unknown-version"
	}
	return "invalid"
}
