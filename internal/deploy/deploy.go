// Package deploy makes the artefacts an IT department pushes to a whole
// company with the management systems it already runs: a macOS
// configuration profile (Jamf, Intune for Mac, Apple Business Manager's
// MDM), an Intune Win32-app / SCCM bundle folder, a Group Policy .reg for
// Chrome and Edge, and a Japanese guide. Everything here is portable and
// pure (bytes in memory) except Write and SignProfile.
//
// The .p12's password never appears in a command line of these artefacts:
// the profile carries it in its own Password field, the Windows bundle in a
// password.txt beside the .p12 that the tool reads with --password-file.
package deploy

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/profile"
	"rootip-cert/platform/autoselect"
)

// System is a kind of management system the artefacts are for.
type System string

// Systems, the values of `deploy --system`.
const (
	MacOS   System = "macos"   // .mobileconfig (Jamf, Intune for Mac, ABM + MDM)
	Windows System = "windows" // Intune Win32 app / SCCM bundle folder
	GPO     System = "gpo"     // Group Policy machine policy (.reg, ADMX names in the guide)
)

// AllSystems are the systems in the order the guide presents them.
var AllSystems = []System{Windows, GPO, MacOS}

// ParseSystems reads `--system`: "all", or a comma-separated list of
// macos, windows, gpo. The result is de-duplicated, in AllSystems order.
func ParseSystems(s string) ([]System, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "all" {
		return append([]System{}, AllSystems...), nil
	}
	want := map[System]bool{}
	for _, part := range strings.Split(s, ",") {
		p := System(strings.TrimSpace(part))
		switch p {
		case MacOS, Windows, GPO:
			want[p] = true
		default:
			return nil, fmt.Errorf("unknown system %q (macos, windows, gpo or all)", part)
		}
	}
	var out []System
	for _, sys := range AllSystems {
		if want[sys] {
			out = append(out, sys)
		}
	}
	return out, nil
}

// Paths of the artefacts inside the output folder (slash-separated).
const (
	MobileConfigPath = "rootip-cert.mobileconfig"
	WindowsDir       = "windows"
	InstallCmdPath   = WindowsDir + "/install.cmd"
	UninstallCmdPath = WindowsDir + "/uninstall.cmd"
	DetectPath       = WindowsDir + "/detect.ps1"
	BundleP12Path    = WindowsDir + "/" + BundleP12
	PasswordPath     = WindowsDir + "/" + PasswordFile
	RegPath          = "gpo/autoselect-hklm.reg"
	GuidePath        = "README.md"
)

// Names inside the Windows bundle. ASCII only: cmd.exe reads a batch file in
// the console's code page, so a Japanese file name in install.cmd would
// break on some machines.
const (
	BundleP12    = "rootip-cert.p12"
	PasswordFile = "password.txt"
	// SetupExe and SetupMSI are the installer names install.cmd looks for
	// beside itself (deploy --installer copies the installer under them).
	SetupExe = "rootip-cert-setup.exe"
	SetupMSI = "rootip-cert.msi"
	// CLIExe is the console build of the tool (issue 21) that the scripts
	// run, installed in the CLIDir folder of the install folder (the only
	// one the installers put on PATH; the window rootip-cert.exe is above it).
	CLIExe = "rootip-cert-cli.exe"
	CLIDir = "bin"
	// Uninstaller is the NSIS uninstaller inside the install folder.
	Uninstaller = "uninstall.exe"
)

// InstallDir is one place the installers put the tool: an environment
// variable and the folder under it.
type InstallDir struct {
	Env string // LOCALAPPDATA, ProgramFiles
	Sub string // backslash-separated
}

// CLI is the command's path under the folder's variable, backslash-separated
// (Programs\rootip-cert\bin\rootip-cert-cli.exe).
func (d InstallDir) CLI() string { return d.Sub + `\` + CLIDir + `\` + CLIExe }

// InstallDirs are where the scripts look for the tool, per-user install
// first (the MSI and NSIS default), then the per-machine one (MSI
// ALLUSERS=1, NSIS /ALLUSERS); packaging/windows installs there.
var InstallDirs = []InstallDir{
	{Env: "LOCALAPPDATA", Sub: `Programs\rootip-cert`},
	{Env: "ProgramFiles", Sub: `rootip-cert`},
}

// Input is what the artefacts are made from. The identity and password
// have been proven together by the caller (certfile.Open).
type Input struct {
	Identity *certfile.Identity
	// Password is the .p12's password: the profile's Password field and
	// the bundle's password.txt hold it, nothing else does.
	Password  string
	SystemURL *url.URL
	Profile   *profile.Profile
	Systems   []System
	// Installer is the file name (SetupExe or SetupMSI) of an installer
	// copied into the bundle, "" when none is (the guide then says so).
	Installer string
	Version   string    // the tool's version, named in the artefacts
	Now       time.Time // when they are made (the guide's date)
}

// File is one artefact.
type File struct {
	Path   string // slash-separated, relative to the output folder
	System System // "" for the guide
	Data   []byte
	// Secret: it holds the private key or the password (written 0600).
	Secret bool
	// Source, when set, is a file copied as is instead of Data (the
	// installer given with --installer).
	Source string
}

// ErrNoIssuer: the certificate's issuer has no common name, so no
// AutoSelectCertificateForUrls filter can name it.
var ErrNoIssuer = autoselect.ErrNoIssuer

// Build makes every artefact of in.Systems plus the guide, in memory.
func Build(in Input) ([]File, error) {
	if in.Identity == nil || in.Identity.Leaf == nil || in.Identity.Key == nil {
		return nil, errors.New("build deploy artefacts: no identity")
	}
	if in.SystemURL == nil || in.SystemURL.Hostname() == "" {
		return nil, errors.New("build deploy artefacts: no system address")
	}
	if err := CheckHost(in.SystemURL); err != nil {
		return nil, fmt.Errorf("build deploy artefacts: %w", err)
	}
	if in.Profile == nil {
		return nil, errors.New("build deploy artefacts: no vendor profile")
	}
	if len(in.Systems) == 0 {
		in.Systems = AllSystems
	}
	rule, err := autoselect.Rule(in.SystemURL, in.Identity.Leaf.Issuer.CommonName)
	if err != nil {
		return nil, err
	}
	// One re-encoding for both platforms: 3DES/SHA-1 is what the macOS
	// Keychain accepts, and every Windows importer too.
	legacy, err := in.Identity.ReencodeLegacy(in.Password)
	if err != nil {
		return nil, fmt.Errorf("build deploy artefacts: %w", err)
	}
	var files []File
	for _, sys := range in.Systems {
		switch sys {
		case MacOS:
			mc, err := MobileConfig(in, legacy, rule)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Path: MobileConfigPath, System: MacOS, Data: mc, Secret: true})
		case Windows:
			det := Detection{SHA256: in.Identity.SHA256()}
			files = append(files,
				File{Path: InstallCmdPath, System: Windows, Data: InstallCmd(in)},
				File{Path: DetectPath, System: Windows, Data: DetectScript(det)},
				File{Path: UninstallCmdPath, System: Windows, Data: UninstallCmd(in)},
				File{Path: BundleP12Path, System: Windows, Data: legacy, Secret: true},
				File{Path: PasswordPath, System: Windows, Data: []byte(in.Password + "\r\n"), Secret: true},
			)
		case GPO:
			files = append(files, File{Path: RegPath, System: GPO, Data: RegFile(rule)})
		default:
			return nil, fmt.Errorf("build deploy artefacts: unknown system %q", sys)
		}
	}
	guide, err := Guide(GuideData(in, rule))
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: GuidePath, Data: guide})
	sort.SliceStable(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// ErrBadHost: the system address is not a plain DNS name (ASCII letters,
// digits, '-' and '.', with an optional port). The scripts quote it
// nowhere, so nothing else may reach them.
var ErrBadHost = errors.New("the system address must be a plain host name such as xxxx.rootip-cloud.net")

// CheckHost accepts a system address whose host and port the artefacts can
// carry verbatim (an IDN host must be given in its xn-- form).
func CheckHost(u *url.URL) error {
	host := u.Hostname()
	if host == "" || len(host) > 253 || strings.HasPrefix(host, ".") || strings.HasPrefix(host, "-") {
		return ErrBadHost
	}
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return ErrBadHost
		}
	}
	for _, r := range u.Port() {
		if r < '0' || r > '9' {
			return ErrBadHost
		}
	}
	return nil
}

// crlf turns a script written with "\n" into Windows line endings: cmd.exe
// mis-reads labels and goto in LF-only batch files.
func crlf(s string) []byte {
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n"))
}
