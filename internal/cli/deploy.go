package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/deploy"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
)

func init() {
	register(command{name: "deploy", flags: []string{"json", "password-file", "url", "out", "system", "sign-identity", "installer", "yes"}, run: runDeploy})
}

type deployFileJSON struct {
	Path   string `json:"path"` // where it was written (--out joined)
	Name   string `json:"name"` // relative to --out, slash-separated
	System string `json:"system,omitempty"`
	Secret bool   `json:"secret"` // holds the private key or the password
}

type deployJSON struct {
	File     string           `json:"file"`
	Error    *errorJSON       `json:"error"`
	Identity *identityJSON    `json:"identity"`
	URL      string           `json:"url,omitempty"`
	Out      string           `json:"out"`
	Systems  []string         `json:"systems"`
	Signed   bool             `json:"signed"`
	Files    []deployFileJSON `json:"files"`
	Notes    []string         `json:"notes,omitempty"`
}

// runDeploy writes the artefacts for MDM / Intune / SCCM / Group Policy.
// The file and password are proven first; nothing is written before, nor
// when any artefact cannot be made.
func runDeploy(r *run) int {
	usage := func(key string, data map[string]any) int {
		fmt.Fprintln(r.env.Stderr, r.msg.T(key, data))
		return ExitUsage
	}
	if len(r.opts.Args) != 1 {
		return r.usageArgs(1, "deploy FILE.p12 --url https://xxxx.rootip-cloud.net --out DIR")
	}
	path := r.opts.Args[0]
	if strings.TrimSpace(r.opts.URL) == "" {
		return usage("deploy.need_url", nil)
	}
	u, err := profile.NormalizeURL(r.opts.URL)
	if err == nil {
		err = deploy.CheckHost(u)
	}
	if err != nil {
		return usage("deploy.bad_url", map[string]any{"Detail": r.urlText(err)})
	}
	if strings.TrimSpace(r.opts.Out) == "" {
		return usage("deploy.need_out", nil)
	}
	systems, err := deploy.ParseSystems(r.opts.System)
	if err != nil {
		return usage("deploy.bad_system", map[string]any{"Detail": err.Error()})
	}
	has := map[deploy.System]bool{}
	var sysNames []string
	for _, s := range systems {
		has[s] = true
		sysNames = append(sysNames, string(s))
	}
	sign := r.opts.SignIdentity != "" && has[deploy.MacOS]
	if sign && !deploy.CanSign {
		return usage("deploy.sign_unsupported", nil)
	}
	installerName := ""
	if r.opts.Installer != "" && has[deploy.Windows] {
		if installerName, err = deploy.InstallerName(r.opts.Installer); err != nil {
			return usage("deploy.bad_installer", map[string]any{"Detail": err.Error()})
		}
	}

	out := deployJSON{File: path, Out: r.opts.Out, URL: u.String(), Systems: sysNames, Files: []deployFileJSON{}}
	fail := func(code int, errCode, key string, data map[string]any) int {
		out.Error = &errorJSON{Code: errCode, Message: r.msg.T(key, data)}
		r.emitDeploy(out)
		return code
	}
	// The password is needed for the artefacts as well as for proving the
	// file: read it once, and let openFile read the same text again (a
	// password from stdin cannot be read twice).
	password, err := readPassword(r.opts.PasswordFile, r.env.Stdin, r.prof.DefaultPassword)
	if err != nil {
		return usage("cli.password_file", map[string]any{"Detail": r.fileDetail(err)})
	}
	proving := *r
	proving.env.Stdin = strings.NewReader(password)
	id, ident, fileErr, exit := proving.openUsable(path, u.Hostname(), "deploy.refused.")
	out.Identity, out.Error = ident, fileErr
	if exit == ExitUsage {
		return exit
	}
	if out.Error != nil {
		r.emitDeploy(out)
		return exit
	}
	if has[deploy.Windows] && !out.Identity.Vendor {
		return fail(ExitFailed, "not-vendor", "deploy.not_vendor", map[string]any{"Issuer": i18n.Clean(id.Leaf.Issuer.String())})
	}
	if out.Identity.URLMatch != string(certfile.MatchExact) {
		out.Notes = append(out.Notes, r.msg.T("deploy.warn.host", map[string]any{"Name": i18n.Clean(id.Leaf.Subject.CommonName), "Host": u.Hostname()}))
	}

	files, err := deploy.Build(deploy.Input{
		Identity: id, Password: password, SystemURL: u, Profile: r.prof, Systems: systems,
		Installer: installerName, Version: Version, Now: r.env.Now(),
	})
	if errors.Is(err, deploy.ErrNoIssuer) {
		return fail(ExitFailed, "no-issuer", "deploy.no_issuer", nil)
	}
	if err != nil {
		return fail(ExitFailed, "build", "deploy.failed", map[string]any{"Detail": err.Error()})
	}
	if sign {
		for i, f := range files {
			if f.Path != deploy.MobileConfigPath {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			signed, err := deploy.SignProfile(ctx, r.opts.SignIdentity, f.Data)
			cancel()
			if err != nil {
				return fail(ExitFailed, "sign", "deploy.sign_failed", map[string]any{"Detail": err.Error()})
			}
			files[i].Data = signed
			out.Signed = true
		}
	}
	if installerName != "" {
		files = append(files, deploy.File{Path: deploy.WindowsDir + "/" + installerName, System: deploy.Windows, Source: r.opts.Installer})
	} else if has[deploy.Windows] {
		out.Notes = append(out.Notes, r.msg.T("deploy.no_installer"))
	}
	if existing := deploy.Existing(r.opts.Out, files); len(existing) > 0 && !r.opts.Yes {
		return fail(ExitUsage, "exists", "deploy.exists", map[string]any{"Files": strings.Join(existing, ", ")})
	}
	written, err := deploy.Write(r.opts.Out, files)
	for _, name := range written {
		for _, f := range files {
			if f.Path == name {
				out.Files = append(out.Files, deployFileJSON{
					Path: filepath.Join(r.opts.Out, filepath.FromSlash(name)), Name: name, System: string(f.System), Secret: f.Secret,
				})
			}
		}
	}
	if err != nil {
		return fail(ExitFailed, "write", "deploy.write_failed", map[string]any{"Detail": err.Error()})
	}
	out.Notes = append(out.Notes, r.msg.T("deploy.keep_safe"))
	r.emitDeploy(out)
	return ExitOK
}

// deployFileKeys name what each artefact is, for the text output; any
// other file is the installer given with --installer.
var deployFileKeys = map[string]string{
	deploy.MobileConfigPath: "deploy.file.mobileconfig",
	deploy.InstallCmdPath:   "deploy.file.install",
	deploy.DetectPath:       "deploy.file.detect",
	deploy.UninstallCmdPath: "deploy.file.uninstall",
	deploy.BundleP12Path:    "deploy.file.p12",
	deploy.PasswordPath:     "deploy.file.password",
	deploy.RegPath:          "deploy.file.reg",
	deploy.GuidePath:        "deploy.file.guide",
}

// deployFileKey names what an artefact is, for the text output.
func deployFileKey(name string, signed bool) string {
	if name == deploy.MobileConfigPath && signed {
		return "deploy.file.signed"
	}
	if key, ok := deployFileKeys[name]; ok {
		return key
	}
	return "deploy.file.installer"
}

func (r *run) emitDeploy(out deployJSON) {
	if r.emitted(out, out.File, out.Error) {
		return
	}
	w := r.env.Stdout
	fmt.Fprintln(w, r.msg.T("deploy.head", map[string]any{
		"Name": i18n.Clean(out.Identity.CommonName), "To": r.msg.Date(out.Identity.NotAfter), "Dir": i18n.Clean(out.Out), "Host": out.Identity.URL,
	}))
	for _, f := range out.Files {
		line := fmt.Sprintf("  %s  %s", padRight(filepath.FromSlash(f.Name), 28), r.msg.T(deployFileKey(f.Name, out.Signed)))
		if f.Secret {
			line += r.msg.Paren(r.msg.T("deploy.secret"))
		}
		fmt.Fprintln(w, line)
	}
	for _, n := range out.Notes {
		fmt.Fprintln(w, n)
	}
}
