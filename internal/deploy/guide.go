package deploy

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"rootip-cert/platform/autoselect"
)

//go:embed guide.md.tmpl
var guideTemplate string

// GuideValues fill the Japanese guide: the README.md of an output folder,
// and (with Example set and placeholder values) the repository's
// docs/deploy.md.
type GuideValues struct {
	Example    bool // the repository's general guide, not one folder's
	Host       string
	URL        string // https://HOST/
	CommonName string
	IssuerCN   string
	NotAfter   string // 2006/01/02
	SHA256     string
	Version    string
	Date       string
	Rule       string
	Installer  string // SetupExe or SetupMSI when the bundle carries it
	Windows    bool
	GPO        bool
	MacOS      bool
	Policies   []autoselect.Policy
	// File names, so the template never spells them on its own.
	MobileConfig, InstallCmd, UninstallCmd, Detect, BundleP12, PasswordFile string
	Reg, SetupExe, SetupMSI, CLIExe                                         string
}

// GuideData takes the guide's values from the input.
func GuideData(in Input, rule string) GuideValues {
	g := baseGuide()
	g.Host = strings.ToLower(in.SystemURL.Hostname())
	g.URL = "https://" + g.Host + "/"
	g.CommonName = in.Identity.Leaf.Subject.CommonName
	g.IssuerCN = in.Identity.Leaf.Issuer.CommonName
	g.NotAfter = in.Identity.Leaf.NotAfter.Local().Format("2006/01/02")
	g.SHA256 = in.Identity.SHA256()
	g.Version = in.Version
	if !in.Now.IsZero() {
		g.Date = in.Now.Local().Format("2006/01/02")
	}
	g.Rule = rule
	g.Installer = in.Installer
	for _, s := range in.Systems {
		switch s {
		case Windows:
			g.Windows = true
		case GPO:
			g.GPO = true
		case MacOS:
			g.MacOS = true
		}
	}
	return g
}

// ExampleGuide is the values of the repository's docs/deploy.md: every
// system, placeholders for one customer's address and certificate.
func ExampleGuide() GuideValues {
	g := baseGuide()
	g.Example = true
	g.Host = "xxxx.rootip-cloud.net"
	g.URL = "https://xxxx.rootip-cloud.net/"
	g.CommonName = "xxxx.rootip-cloud.net"
	g.IssuerCN = "rootip-cloud.net"
	g.NotAfter = "(証明書の有効期限)"
	g.SHA256 = "(証明書の SHA-256)"
	g.Rule = `{"pattern":"https://xxxx.rootip-cloud.net","filter":{"ISSUER":{"CN":"rootip-cloud.net"}}}`
	g.Windows, g.GPO, g.MacOS = true, true, true
	return g
}

func baseGuide() GuideValues {
	return GuideValues{
		Policies:     autoselect.Policies(),
		MobileConfig: MobileConfigPath, InstallCmd: InstallCmdPath, UninstallCmd: UninstallCmdPath,
		Detect: DetectPath, BundleP12: BundleP12Path, PasswordFile: PasswordPath, Reg: RegPath,
		SetupExe: SetupExe, SetupMSI: SetupMSI, CLIExe: CLIExe,
	}
}

// Guide renders the Japanese guide.
func Guide(v GuideValues) ([]byte, error) {
	t, err := template.New("guide").Funcs(template.FuncMap{
		"win": func(p string) string { return strings.ReplaceAll(p, "/", `\`) },
	}).Parse(guideTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse deploy guide: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("render deploy guide: %w", err)
	}
	return b.Bytes(), nil
}
