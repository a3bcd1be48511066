package cli

import (
	"errors"
	"regexp"
	"strings"
	"sync"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/report"
)

// usageError is a mistake in the command line, said in the catalog's words
// (cli.usage_error.KIND) in the run's language; Error() keeps the English
// for logs and wrapping. Data names the offending argument as typed.
type usageError struct {
	kind string
	data map[string]any
	en   string
}

func (e *usageError) Error() string { return e.en }

// text is the mistake in msg's language, its values cleaned of control
// characters (they come from the command line).
func (e *usageError) text(msg *i18n.Catalog) string {
	data := make(map[string]any, len(e.data))
	for k, v := range e.data {
		if s, ok := v.(string); ok {
			v = i18n.Clean(s)
		}
		data[k] = v
	}
	return msg.T("cli.usage_error."+e.kind, data)
}

// flagFileError is a file a flag names that could not be read: the words
// name the flag, then why (fileDetail).
type flagFileError struct {
	flag string
	err  error
}

func (e *flagFileError) Error() string { return e.flag + ": " + e.err.Error() }
func (e *flagFileError) Unwrap() error { return e.err }

func usageErr(kind, en string, data map[string]any) error {
	return &usageError{kind: kind, data: data, en: en}
}

// Go's flag package words its errors in English; these are the forms it
// has (flag.FlagSet.failf), read back into the offending flag and value.
// They are compiled on the first usage error, not at every start.
var flagForms = sync.OnceValue(func() (f struct{ undefined, needsArg, badValue, badSyntax *regexp.Regexp }) {
	f.undefined = regexp.MustCompile(`^flag provided but not defined: -(.+)$`)
	f.needsArg = regexp.MustCompile(`^flag needs an argument: -(.+)$`)
	f.badValue = regexp.MustCompile(`^invalid (boolean )?value "((?:[^"\\]|\\.)*)" for (?:flag )?-([^:]+): `)
	f.badSyntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
	return f
})

// flagError turns an error of the flag package into a usageError naming
// the flag as the user typed it (--bogus, -bogus, --bogus=1); an error of
// another form keeps its text.
func flagError(err error, args []string) error {
	s := err.Error()
	forms := flagForms()
	if m := forms.undefined.FindStringSubmatch(s); m != nil {
		return usageErr("unknown-flag", s, map[string]any{"Flag": typedFlag(m[1], args)})
	}
	if m := forms.needsArg.FindStringSubmatch(s); m != nil {
		return usageErr("needs-value", s, map[string]any{"Flag": typedFlag(m[1], args)})
	}
	if m := forms.badValue.FindStringSubmatch(s); m != nil {
		// Name picks the hint (what --timeout takes); Bool: a switch
		// given a value that is not true or false (--json=maybe).
		return usageErr("bad-value", s, map[string]any{"Flag": typedFlag(m[3], args), "Name": m[3],
			"Value": strings.ReplaceAll(m[2], `\"`, `"`), "Bool": m[1] != ""})
	}
	if m := forms.badSyntax.FindStringSubmatch(s); m != nil {
		return usageErr("bad-syntax", s, map[string]any{"Arg": m[1]})
	}
	return err
}

// typedFlag is the flag name as it stands in args ("--bogus" or "-bogus",
// without a "=value"), or "--NAME" when it cannot be found.
func typedFlag(name string, args []string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		flagPart, _, _ := strings.Cut(a, "=")
		if strings.TrimLeft(flagPart, "-") == name && strings.HasPrefix(flagPart, "-") {
			return flagPart
		}
	}
	return "--" + name
}

// usageText is a usage error's detail in msg's language: the catalog's
// words for a mistake this package knows, else the error's text.
func usageText(msg *i18n.Catalog, err error) string {
	var ue *usageError
	if errors.As(err, &ue) {
		return ue.text(msg)
	}
	var se *report.UnknownStepError
	if errors.As(err, &se) {
		return stepText(msg, se.Step)
	}
	return err.Error()
}

// stepText says that --done named no step of the manual, and lists the
// steps by the names --done takes, each with its words on a line of its
// own (each item starts with its line break).
func stepText(msg *i18n.Catalog, step string) string {
	known := make([]string, len(report.StepIDs))
	for i, id := range report.StepIDs {
		known[i] = msg.T("cli.usage_error.step_item", map[string]any{"ID": id, "Name": msg.T("report.step." + id)})
	}
	return msg.T("cli.usage_error.unknown-step", map[string]any{"Step": i18n.Clean(step), "Known": strings.Join(known, "")})
}
