package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/reminder"
)

// Version is the application version, set at build time with
// -ldflags "-X rootip-cert/internal/cli.Version=1.2.3".
var Version = "0.1.0-dev"

// Binary says which program this is, for the help text: "console" (the
// build without the window, for scripts) or "window"; main sets it.
var Binary = "window"

// The installed programs' names (the packages install them so): on
// Windows the double-click rootip-cert.exe and the console
// rootip-cert-cli.exe on PATH; elsewhere rootip-cert is the command and
// rootip-cert-gui the window.
var WindowProgram, ConsoleProgram = ProgramNames(runtime.GOOS)

// ProgramNames are the window and console programs' installed names on goos.
func ProgramNames(goos string) (window, console string) {
	if goos == "windows" {
		return "rootip-cert.exe", "rootip-cert-cli.exe"
	}
	return "rootip-cert-gui", "rootip-cert"
}

// Env is everything a command touches outside its arguments, so that tests
// run commands in-process with their own clock, streams, locale and stores.
type Env struct {
	Stdin    io.Reader
	Stdout   io.Writer
	Stderr   io.Writer
	Getenv   func(string) string
	Now      func() time.Time
	OSLocale string // the OS's UI locale where the environment does not say
	// Flow holds the use-case layer's seams (stores, machine facts,
	// settings path); the profile, clock and version are set per run.
	Flow flow.Deps
	// AutoSelect writes the Chrome/Edge AutoSelectCertificateForUrls policy
	// for the system address (Windows; import --auto-select). When it cannot
	// (no administrator rights) it returns the policy as a .reg file to hand
	// to one, with an error.
	AutoSelect func(systemURL *url.URL, issuerCN string) (written map[string]string, regFile []byte, err error)
	// Reminder registers the daily renewal reminder with the OS and shows
	// its notification (platform/reminder.New; nil: not in this build).
	Reminder reminder.System
	// Executable is this program's path for the reminder's entries (nil:
	// os.Executable).
	Executable func() (string, error)
}

// DefaultEnv is the process's own environment.
func DefaultEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

// run is what a command gets: its options, the catalog, the profile, env.
type run struct {
	env  Env
	opts *Options
	msg  *i18n.Catalog
	prof *profile.Profile
	fl   *flow.Flow
}

type command struct {
	name  string
	flags []string
	run   func(*run) int
	// noProfile: the command never reads the vendor profile, so the run
	// does not decode it (version: start-up time is all it costs).
	noProfile bool
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// readsStores reports whether c reads or writes the certificate stores:
// every such command takes --nss-db.
func readsStores(c command) bool { return slices.Contains(c.flags, "nss-db") }

// IsCommand reports whether name is a subcommand (main uses it to tell a
// subcommand from a .p12 path given to the GUI).
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok || name == "help" || name == "-h" || name == "--help"
}

// Run executes one command line (without the program name) and returns the
// process exit code.
func Run(args []string, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	lang := i18n.Detect(langFlag(args), env.Getenv, env.OSLocale)
	msg := i18n.New(lang)
	if name := helpTopic(args); name != "" {
		cmd, ok := commands[name]
		if !ok {
			fmt.Fprintln(env.Stderr, msg.T("cli.unknown_command", map[string]any{"Name": name}))
			fmt.Fprint(env.Stderr, usage(msg))
			return ExitUsage
		}
		fmt.Fprint(env.Stdout, commandHelp(msg, cmd))
		return ExitOK
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(env.Stdout, usage(msg))
		return ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintln(env.Stderr, msg.T("cli.unknown_command", map[string]any{"Name": args[0]}))
		fmt.Fprint(env.Stderr, usage(msg))
		return ExitUsage
	}
	opts, err := parseOptions(cmd.name, args[1:], cmd.flags, env.Stderr)
	if errors.Is(err, errHelp) {
		fmt.Fprint(env.Stdout, commandHelp(msg, cmd))
		return ExitOK
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, msg.T("cli.bad_usage", map[string]any{"Detail": usageText(msg, err)}))
		return ExitUsage
	}
	if readsStores(cmd) && env.Flow.Warm != nil {
		// Loading the NSS library writes nothing and opens no database:
		// it runs while the profile and the file are read (the stores
		// wait for it when they first need it).
		go env.Flow.Warm()
	}
	var prof *profile.Profile
	if !cmd.noProfile {
		prof, err = loadProfile(opts.Profile)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, msg.T("cli.bad_profile", map[string]any{"Detail": fileDetail(msg, err)}))
		return ExitUsage
	}
	return cmd.run(&run{env: env, opts: opts, msg: msg, prof: prof})
}

// helpTopic is the command of `help CMD` (--lang may stand around it);
// "" for anything else.
func helpTopic(args []string) string {
	if len(args) < 2 || args[0] != "help" {
		return ""
	}
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--lang" || a == "-lang":
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return a
		}
	}
	return ""
}

// langFlag finds --lang before full parsing, so that usage errors are
// already in the requested language.
func langFlag(args []string) string {
	for i, a := range args {
		a = strings.TrimPrefix(a, "-")
		if v, ok := strings.CutPrefix(a, "-lang="); ok {
			return v
		}
		if v, ok := strings.CutPrefix(a, "lang="); ok {
			return v
		}
		if (a == "-lang" || a == "lang") && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func loadProfile(path string) (*profile.Profile, error) {
	if path == "" {
		return profile.Default()
	}
	return profile.Load(path)
}

func usage(msg *i18n.Catalog) string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	// First, how to read it in the other language: LANG=C falls back to
	// Japanese, which an English reader must not have to decode.
	b.WriteString(msg.T("cli.usage.lang") + "\n")
	b.WriteString(msg.T("cli.usage.binary."+Binary, map[string]any{"Window": WindowProgram, "Console": ConsoleProgram}) + "\n")
	b.WriteString(msg.T("cli.usage.head") + "\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  rootip-cert %-9s %s\n", n, msg.T("cli.usage."+n))
	}
	b.WriteString(msg.T("cli.usage.flags", map[string]any{"Stores": storeValues(runtime.GOOS)}) + "\n")
	b.WriteString(msg.T("cli.help.more") + "\n")
	return b.String()
}

// writeJSON prints one indented JSON document.
func (r *run) writeJSON(v any) {
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// lang is the language code of this run ("ja" or "en").
func (r *run) lang() string { return string(r.msg.Lang) }
