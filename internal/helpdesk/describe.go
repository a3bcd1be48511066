// Package helpdesk is the helpdesk's side of the tool, for the command line
// (view, decode) and the window (「レポートを開く」, 「サポートコードを入力」):
// it opens a user's report or reads a support code into a View — a
// flow.Diagnosis plus what is known of the machine — and renders each check
// with the manual section and page the helpdesk refers to and a text the
// agent can read aloud. It never touches a certificate store and never runs
// a check.
package helpdesk

import (
	"strings"
	"text/template"
	"text/template/parse"
	"unicode"

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

// profileFields are the template values the profile provides, not facts.
var profileFields = map[string]bool{"menu": true, "support": true}

// Describe renders a finding like check.Describe. A finding without facts
// (read from a support code) is rendered from its outcome alone: where the
// usual detail or fix names facts (a certificate's name, a date, a port),
// its facts-free variant (the same key + ".nofacts") is used instead, so no
// sentence has holes.
func Describe(f check.Finding, msg *i18n.Catalog, p *profile.Profile, a check.Audience) check.Text {
	t := check.Describe(f, msg, p, a)
	if len(f.Facts) > 0 {
		return t
	}
	data := check.TemplateData(nil, msg, p)
	detail, fix := textKeys(f, msg, a)
	if NeedsFacts(msg.T(detail)) {
		t.Detail = msg.T(noFacts(msg, detail), data)
	}
	if t.Fix != "" && NeedsFacts(msg.T(fix)) {
		t.Fix = msg.T(noFacts(msg, fix), data)
	}
	return t
}

// textKeys are the message keys check.Describe uses for the detail and fix.
func textKeys(f check.Finding, msg *i18n.Catalog, a check.Audience) (detail, fix string) {
	detail = "check." + f.ID + "." + f.Outcome
	if !msg.Has(detail) {
		detail = "check.common." + f.Outcome
	}
	fix = detail + ".fix"
	if a == check.ForWindow && msg.Has(fix+".window") {
		fix += ".window"
	}
	return detail, fix
}

// noFacts is the facts-free variant of a message key: KEY.nofacts, or for
// the window's fix the command line's (KEY.fix.window → KEY.fix.nofacts).
func noFacts(msg *i18n.Catalog, key string) string {
	if msg.Has(key + ".nofacts") {
		return key + ".nofacts"
	}
	if base, ok := strings.CutSuffix(key, ".window"); ok && msg.Has(base+".nofacts") {
		return base + ".nofacts"
	}
	return "helpdesk.detail_in_report"
}

// NeedsFacts reports whether a message template names a value only facts
// provide ({{.name}}, {{if .capped_tls12}}); the profile's values do not
// count.
func NeedsFacts(tmpl string) bool {
	if !strings.Contains(tmpl, "{{") {
		return false
	}
	tr, err := template.New("m").Parse(tmpl)
	if err != nil || tr.Tree == nil {
		return true
	}
	found := false
	var walk func(parse.Node)
	// if, range and with: the pipeline, then both branches.
	walkBranch := func(b *parse.BranchNode) {
		walk(b.Pipe)
		walk(b.List)
		walk(b.ElseList)
	}
	walk = func(n parse.Node) {
		if n == nil || found {
			return
		}
		switch x := n.(type) {
		case *parse.ListNode:
			if x == nil {
				return
			}
			for _, c := range x.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(x.Pipe)
		case *parse.IfNode:
			walkBranch(&x.BranchNode)
		case *parse.RangeNode:
			walkBranch(&x.BranchNode)
		case *parse.WithNode:
			walkBranch(&x.BranchNode)
		case *parse.PipeNode:
			if x == nil {
				return
			}
			for _, c := range x.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range x.Args {
				walk(a)
			}
		case *parse.FieldNode:
			if len(x.Ident) > 0 && !profileFields[x.Ident[0]] {
				found = true
			}
		case *parse.ChainNode, *parse.VariableNode, *parse.DotNode:
			found = true
		}
	}
	walk(tr.Tree.Root)
	return found
}

// oneLine makes text from a report safe for one line of output: no control
// characters, no line breaks, no bidirectional overrides.
func oneLine(s string) string {
	s = i18n.Clean(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
}

// Line is oneLine for callers that print report data.
func Line(s string) string { return oneLine(s) }
