package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Options are the flags of DESIGN.md; each command accepts the subset it
// lists in its command entry.
type Options struct {
	JSON         bool
	Lang         string
	PasswordFile string
	Store        string
	NSSDB        string
	URL          string
	Resolve      []string
	ServerCA     []string
	P12          string
	Timeout      time.Duration
	Profile      string
	NSSPassword  string // --nss-password-file
	Yes          bool
	Break        string
	UserID       string
	Screenshots  []string
	Done         []string
	Format       string
	Out          string
	From         string
	Mask         bool
	AutoSelect   bool
	Force        bool
	Pick         string
	Quiet        bool
	System       string   // deploy --system macos,windows,gpo|all
	SignIdentity string   // deploy --sign-identity NAME (macOS keychain identity)
	Installer    string   // deploy --installer FILE (.exe or .msi copied into the bundle)
	Cleanup      bool     // renew --cleanup
	Watch        bool     // renew --watch
	Window       bool     // renew --window (the window's renewal step)
	DryRun       bool     // remind --dry-run
	Install      bool     // remind --install
	Uninstall    bool     // remind --uninstall
	Renewal      bool     // demo --renewal
	Args         []string // positional arguments
	set          map[string]bool
}

type multiFlag struct{ vals *[]string }

func (m multiFlag) String() string {
	if m.vals == nil {
		return ""
	}
	return strings.Join(*m.vals, ",")
}
func (m multiFlag) Set(v string) error { *m.vals = append(*m.vals, v); return nil }

var errHelp = errors.New("help requested")

// parseOptions parses flags and positionals in any order ("inspect F --json"
// and "inspect --json F" alike); allowed names the flags the command takes.
func parseOptions(cmd string, args []string, allowed []string, stderr io.Writer) (*Options, error) {
	o := &Options{Timeout: 10 * time.Second, set: map[string]bool{}}
	typed := args // the command line as given, to name a flag as typed
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.JSON, "json", false, "")
	fs.StringVar(&o.Lang, "lang", "", "")
	fs.StringVar(&o.PasswordFile, "password-file", "", "")
	fs.StringVar(&o.Store, "store", "all", "")
	fs.StringVar(&o.NSSDB, "nss-db", "", "")
	fs.StringVar(&o.URL, "url", "", "")
	fs.Var(multiFlag{&o.Resolve}, "resolve", "")
	fs.Var(multiFlag{&o.ServerCA}, "server-ca", "")
	fs.StringVar(&o.P12, "p12", "", "")
	fs.DurationVar(&o.Timeout, "timeout", 10*time.Second, "")
	fs.StringVar(&o.Profile, "profile", "", "")
	fs.StringVar(&o.NSSPassword, "nss-password-file", "", "")
	fs.BoolVar(&o.Yes, "yes", false, "")
	fs.StringVar(&o.Break, "break", "", "")
	fs.StringVar(&o.UserID, "user-id", "", "")
	fs.Var(multiFlag{&o.Screenshots}, "screenshot", "")
	fs.Var(multiFlag{&o.Done}, "done", "")
	fs.StringVar(&o.Format, "format", "txt", "")
	fs.StringVar(&o.Out, "out", "", "")
	fs.StringVar(&o.From, "from", "", "")
	fs.BoolVar(&o.Mask, "mask", false, "")
	fs.BoolVar(&o.AutoSelect, "auto-select", false, "")
	fs.BoolVar(&o.Force, "force", false, "")
	fs.StringVar(&o.Pick, "pick", "", "")
	fs.BoolVar(&o.Quiet, "quiet", false, "")
	fs.StringVar(&o.System, "system", "all", "")
	fs.StringVar(&o.SignIdentity, "sign-identity", "", "")
	fs.StringVar(&o.Installer, "installer", "", "")
	fs.BoolVar(&o.Cleanup, "cleanup", false, "")
	fs.BoolVar(&o.Watch, "watch", false, "")
	fs.BoolVar(&o.Window, "window", false, "")
	fs.BoolVar(&o.DryRun, "dry-run", false, "")
	fs.BoolVar(&o.Install, "install", false, "")
	fs.BoolVar(&o.Uninstall, "uninstall", false, "")
	fs.BoolVar(&o.Renewal, "renewal", false, "")
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, flagError(err, typed)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			o.Args = append(o.Args, args[1:]...)
			break
		}
		o.Args = append(o.Args, args[0])
		args = args[1:]
	}
	ok := map[string]bool{"lang": true, "profile": true}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad error
	fs.Visit(func(f *flag.Flag) {
		o.set[f.Name] = true
		if !ok[f.Name] && bad == nil {
			bad = usageErr("not-for-command", fmt.Sprintf("flag --%s does not apply to %s", f.Name, cmd),
				map[string]any{"Flag": typedFlag(f.Name, typed), "Command": cmd})
		}
	})
	if bad != nil {
		return nil, bad
	}
	if o.PasswordFile == "-" && o.NSSPassword == "-" {
		return nil, usageErr("both-stdin", "--password-file - and --nss-password-file - cannot both read standard input", nil)
	}
	if o.Timeout <= 0 {
		return nil, usageErr("timeout-positive", fmt.Sprintf("--timeout must be positive, got %s", o.Timeout),
			map[string]any{"Value": o.Timeout.String()})
	}
	switch o.Store {
	case "windows", "keychain", "nss", "all":
	default:
		return nil, usageErr("store", fmt.Sprintf("--store must be windows, keychain, nss or all, got %q", o.Store),
			map[string]any{"Value": o.Store})
	}
	return o, nil
}

// Set reports whether the flag was given on the command line.
func (o *Options) Set(name string) bool { return o.set[name] }
