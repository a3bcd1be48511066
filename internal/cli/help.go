package cli

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/report"
)

// flagArgs spells the value each flag takes in a command's help (a flag
// not listed is a switch); "cmd.flag" overrides it for one command.
var flagArgs = map[string]string{
	"lang": "ja|en", "password-file": "FILE", "nss-db": "DIR",
	"nss-password-file": "FILE", "url": "URL", "resolve": "HOST:PORT:ADDR", "server-ca": "FILE", "p12": "FILE",
	"timeout": "DUR", "profile": "FILE", "break": "MODE", "user-id": "ID", "screenshot": "FILE", "done": "STEP",
	"format": "txt|json|zip", "out": "FILE", "from": "FILE", "pick": "SHA256", "system": "macos,windows,gpo|all",
	"sign-identity": "NAME", "installer": "FILE",
	"deploy.out": "DIR",
}

// storeValues are the --store values that name a store on goos: the OS's
// own store only where it exists (Windows 個人, the macOS keychain), then
// the NSS databases and all. Help lists these, never a store the machine
// lacks (`--store keychain` on Linux only fails).
func storeValues(goos string) string {
	switch goos {
	case "windows":
		return "windows|nss|all"
	case "darwin":
		return "keychain|nss|all"
	}
	return "nss|all"
}

// commandExits are the exit codes each command can return (DESIGN.md's
// contract, exitcodes.go), listed in its help; a command's own meaning of
// a code is cli.help.NAME.exit.N, else the general cli.exit.N.
var commandExits = map[string][]int{
	"inspect":  {ExitOK, ExitUsage, ExitWrongPassword, ExitUnreadable, ExitNoKey, ExitValidity},
	"import":   {ExitOK, ExitFailed, ExitUsage, ExitWrongPassword, ExitUnreadable, ExitNoKey, ExitValidity, ExitPartial},
	"list":     {ExitOK, ExitFailed, ExitUsage},
	"delete":   {ExitOK, ExitFailed, ExitUsage},
	"diagnose": {ExitOK, ExitFailed, ExitUsage},
	"report":   {ExitOK, ExitFailed, ExitUsage, ExitWrongPassword, ExitUnreadable, ExitNoKey},
	"demo":     {ExitOK, ExitFailed, ExitUsage},
	"deploy":   {ExitOK, ExitFailed, ExitUsage, ExitWrongPassword, ExitUnreadable, ExitNoKey, ExitValidity},
	"renew":    {ExitOK, ExitFailed, ExitUsage, ExitWrongPassword, ExitUnreadable, ExitNoKey},
	"remind":   {ExitOK, ExitFailed, ExitUsage},
	"view":     {ExitOK, ExitUsage, ExitUnreadable},
	"decode":   {ExitOK, ExitUsage},
	"version":  {ExitOK},
}

// helpFlags are the flags a command's help lists: its own, then the two
// every command takes.
func helpFlags(c command) []string {
	return append(append([]string{}, c.flags...), "lang", "profile")
}

// commandHelp is one command's help (`rootip-cert CMD --help`, `rootip-cert
// help CMD`) on this OS.
func commandHelp(msg *i18n.Catalog, c command) string {
	return commandHelpOn(msg, c, runtime.GOOS)
}

// commandHelpOn is one command's help on goos: what it does, its flags one
// a line (the stores goos has), an example and its exit codes, all from
// the message catalog.
func commandHelpOn(msg *i18n.Catalog, c command, goos string) string {
	data := map[string]any{
		"Window": WindowProgram, "Console": ConsoleProgram,
		"Steps": strings.Join(report.StepIDs, ", "), "Breaks": strings.Join(breakNames(), ", "),
	}
	t := func(key string) string { return msg.T(key, data) }
	// own is the command's wording for a key, else the general one.
	own := func(specific, general string) string {
		if msg.Has(specific) {
			return t(specific)
		}
		return t(general)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "rootip-cert %s — %s\n", c.name, t("cli.usage."+c.name))
	fmt.Fprintf(&b, "%s rootip-cert %s\n", t("cli.help.synopsis"), t("cli.help."+c.name+".synopsis"))
	b.WriteString("\n" + t("cli.help."+c.name+".about") + "\n")
	b.WriteString("\n" + t("cli.help.flags") + "\n")
	flags := helpFlags(c)
	rows := make([]string, len(flags))
	width := 0
	for i, f := range flags {
		rows[i] = "--" + f
		arg, ok := flagArgs[c.name+"."+f]
		if !ok {
			arg = flagArgs[f]
		}
		if f == "store" {
			arg = storeValues(goos)
		}
		if arg != "" {
			rows[i] += " " + arg
		}
		width = max(width, len(rows[i]))
	}
	for i, f := range flags {
		text := own("cli.help."+c.name+".flag."+f, "cli.flag."+f)
		lines := strings.Split(text, "\n")
		fmt.Fprintf(&b, "  %-*s  %s\n", width, rows[i], lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, "", l)
		}
	}
	b.WriteString("\n" + t("cli.help.example") + "\n")
	for _, l := range strings.Split(t("cli.help."+c.name+".example"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("\n" + t("cli.help.exit") + "\n")
	for _, code := range commandExits[c.name] {
		general := fmt.Sprintf("cli.exit.%d", code)
		if code == ExitUsage && slices.Contains(c.flags, "pick") {
			general = "cli.exit.2.pick" // a file of several identities is a usage error until --pick
		}
		fmt.Fprintf(&b, "  %d  %s\n", code, own(fmt.Sprintf("cli.help.%s.exit.%d", c.name, code), general))
	}
	return b.String()
}

func breakNames() []string {
	names := make([]string, len(demo.Breaks))
	for i, b := range demo.Breaks {
		names[i] = string(b)
	}
	return names
}
