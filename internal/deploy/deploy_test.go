package deploy

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/testsupport/golden"
	"rootip-cert/platform/autoselect"
)

// secret is a distinctive password: quotes, percent signs and Japanese, so
// that it would break a script that carried it, and is easy to grep for.
const secret = `pa"ss'%PATH%&秘密-Zq81`

type fixture struct {
	id   *certfile.Identity
	in   Input
	prof *profile.Profile
}

// newFixture issues a vendor-like P-256 certificate from a throwaway CA,
// encodes it as a modern (AES) .p12 under secret and decodes it back, as
// the CLI does before calling Build.
func newFixture(t *testing.T, issuerCN, host string) fixture {
	t.Helper()
	return newKeyFixture(t, issuerCN, host, pki.P256)
}

// newKeyFixture is newFixture with a key of type kt.
func newKeyFixture(t *testing.T, issuerCN, host string, kt pki.KeyType) fixture {
	t.Helper()
	_, leaf := pkitest.Issue(t, issuerCN, pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: kt})
	data, err := leaf.P12(pki.Modern, secret, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	id, err := certfile.Decode(data, secret)
	if err != nil {
		t.Fatal(err)
	}
	prof, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	u, err := profile.NormalizeURL(host)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{id: id, prof: prof, in: Input{
		Identity: id, Password: secret, SystemURL: u, Profile: prof, Systems: AllSystems,
		Version: "1.2.3", Now: time.Date(2026, 12, 3, 10, 0, 0, 0, time.Local),
	}}
}

func build(t *testing.T, in Input) map[string]File {
	t.Helper()
	files, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]File{}
	for _, f := range files {
		if _, dup := m[f.Path]; dup {
			t.Fatalf("two artefacts at %s", f.Path)
		}
		m[f.Path] = f
	}
	return m
}

func TestBuildSelectsSystems(t *testing.T) {
	fx := newFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net")
	for _, tc := range []struct {
		systems string
		want    []string
	}{
		{"all", []string{GuidePath, RegPath, MobileConfigPath, BundleP12Path, DetectPath, InstallCmdPath, PasswordPath, UninstallCmdPath}},
		{"macos", []string{GuidePath, MobileConfigPath}},
		{"gpo,windows", []string{GuidePath, RegPath, BundleP12Path, DetectPath, InstallCmdPath, PasswordPath, UninstallCmdPath}},
		{" GPO ", []string{GuidePath, RegPath}},
	} {
		t.Run(tc.systems, func(t *testing.T) {
			sys, err := ParseSystems(tc.systems)
			if err != nil {
				t.Fatal(err)
			}
			in := fx.in
			in.Systems = sys
			got := build(t, in)
			if len(got) != len(tc.want) {
				t.Errorf("got %d artefacts, want %d: %v", len(got), len(tc.want), keys(got))
			}
			for _, w := range tc.want {
				if _, ok := got[w]; !ok {
					t.Errorf("missing %s (have %v)", w, keys(got))
				}
			}
		})
	}
	for _, bad := range []string{"linux", "macos,,gpo", "windows;gpo"} {
		if _, err := ParseSystems(bad); err == nil {
			t.Errorf("ParseSystems(%q) accepted", bad)
		}
	}
}

func keys(m map[string]File) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestCheckHost(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://acme.rootip-cloud.net":       true,
		"https://ACME.rootip-cloud.net:8443":  true,
		"https://a&b.rootip-cloud.net":        false,
		"https://a%25b.rootip-cloud.net":      false,
		"https://日本.rootip-cloud.net":         false,
		"https://xn--wgv71a.rootip-cloud.net": true,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			if ok {
				t.Errorf("%s: %v", raw, err)
			}
			continue
		}
		if err := CheckHost(u); (err == nil) != ok {
			t.Errorf("CheckHost(%s) = %v, want ok=%v", raw, err, ok)
		}
	}
}

// TestAutoSelectRule: the rule deployed to a company is the one
// `import --auto-select` writes on one PC (both take autoselect.Rule), has
// no port or path, and an issuer without a common name is ErrNoIssuer, which
// `deploy` turns into its own message.
func TestAutoSelectRule(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net:8443/login?x=1")
	for _, cn := range []string{"rootip-cloud.net", `root "ip" 認証局 \ <CA>`} {
		got, err := autoselect.Rule(u, cn)
		if err != nil {
			t.Fatal(err)
		}
		checkRule(t, got, "acme.rootip-cloud.net", cn)
	}
	if _, err := autoselect.Rule(u, " "); !errors.Is(err, ErrNoIssuer) {
		t.Errorf("empty issuer: %v", err)
	}
}

// checkRule asserts a valid AutoSelectCertificateForUrls entry for host.
func checkRule(t *testing.T, rule, host, issuerCN string) {
	t.Helper()
	var r struct {
		Pattern string `json:"pattern"`
		Filter  struct {
			Issuer map[string]string `json:"ISSUER"`
		} `json:"filter"`
	}
	dec := json.NewDecoder(strings.NewReader(rule))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("rule %s is not the policy's JSON: %v", rule, err)
	}
	if r.Pattern != "https://"+host {
		t.Errorf("pattern %q, want https://%s (no port, no path)", r.Pattern, host)
	}
	if len(r.Filter.Issuer) != 1 || r.Filter.Issuer["CN"] != issuerCN {
		t.Errorf("filter %v, want ISSUER CN %q", r.Filter.Issuer, issuerCN)
	}
}

// TestMobileConfigWithPlistlib reads the profile with Python's plistlib
// (the reader closest to Apple's on this machine) and checks every payload:
// the PKCS#12 decodes with the given password to the same identity, and
// Chrome and Edge get the auto-select rule for the host.
func TestMobileConfigWithPlistlib(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("needs python3 (make test installs it)")
	}
	fx := newFixture(t, "rootip-cloud.net", "https://ACME.rootip-cloud.net:8443/top")
	mc := build(t, fx.in)[MobileConfigPath]
	if !mc.Secret || mc.System != MacOS {
		t.Errorf("profile artefact = %+v", mc.Path)
	}
	path := filepath.Join(t.TempDir(), "p.mobileconfig")
	if err := os.WriteFile(path, mc.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	const script = `import base64, json, plistlib, sys
with open(sys.argv[1], "rb") as f:
    doc = plistlib.load(f)
def enc(o):
    if isinstance(o, bytes):
        return {"__data__": base64.b64encode(o).decode()}
    raise TypeError(type(o))
json.dump(doc, sys.stdout, default=enc)
`
	out, err := exec.Command(python, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("plistlib could not read the profile: %v\n%s", err, exitStderr(err))
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["PayloadType"] != "Configuration" || doc["PayloadScope"] != "User" || doc["PayloadVersion"] != 1.0 {
		t.Errorf("top level: type %v scope %v version %v", doc["PayloadType"], doc["PayloadScope"], doc["PayloadVersion"])
	}
	if name, _ := doc["PayloadDisplayName"].(string); !strings.Contains(name, "電子証明書") || !strings.Contains(name, "acme.rootip-cloud.net") {
		t.Errorf("PayloadDisplayName %q is not the Japanese name with the host", name)
	}
	uuidRE := regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
	seenUUID, seenID := map[string]bool{}, map[string]bool{}
	note := func(p map[string]any) {
		u, _ := p["PayloadUUID"].(string)
		id, _ := p["PayloadIdentifier"].(string)
		if !uuidRE.MatchString(u) || seenUUID[u] {
			t.Errorf("PayloadUUID %q: not a fresh UUID", u)
		}
		if !strings.HasPrefix(id, "jp.co.rootip.cert.acme.rootip-cloud.net") || seenID[id] {
			t.Errorf("PayloadIdentifier %q", id)
		}
		seenUUID[u], seenID[id] = true, true
	}
	note(doc)
	content, _ := doc["PayloadContent"].([]any)
	var pkcs12s, browsers int
	for _, c := range content {
		p, _ := c.(map[string]any)
		note(p)
		switch p["PayloadType"] {
		case PayloadPKCS12:
			pkcs12s++
			if p["Password"] != secret || p["AllowAllAppsAccess"] != true || p["KeyIsExtractable"] != false {
				t.Errorf("pkcs12 payload: password ok %v, AllowAllAppsAccess %v, KeyIsExtractable %v",
					p["Password"] == secret, p["AllowAllAppsAccess"], p["KeyIsExtractable"])
			}
			if name, _ := p["PayloadDisplayName"].(string); !strings.Contains(name, "クライアント証明書") {
				t.Errorf("pkcs12 PayloadDisplayName %q", name)
			}
			raw, _ := p["PayloadContent"].(map[string]any)
			b64, _ := raw["__data__"].(string)
			data, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				t.Fatal(err)
			}
			got, err := certfile.Decode(data, secret)
			if err != nil {
				t.Fatalf("PKCS#12 payload does not decode with the given password: %v", err)
			}
			if got.SHA256() != fx.id.SHA256() || !got.Key.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(fx.id.Key.Public()) ||
				len(got.Chain) != len(fx.id.Chain) {
				t.Errorf("PKCS#12 payload holds another identity")
			}
			if _, err := certfile.Decode(data, "rootip"); certfile.CodeOf(err) != certfile.WrongPassword {
				t.Errorf("payload opens with another password: %v", err)
			}
		case "com.google.Chrome", "com.microsoft.Edge":
			browsers++
			rules, _ := p[autoselect.Name].([]any)
			if len(rules) != 1 {
				t.Fatalf("%v: %d rules", p["PayloadType"], len(rules))
			}
			checkRule(t, rules[0].(string), "acme.rootip-cloud.net", "rootip-cloud.net")
		default:
			t.Errorf("unexpected payload %v", p["PayloadType"])
		}
	}
	if pkcs12s != 1 || browsers != 2 {
		t.Errorf("%d PKCS#12 and %d browser payloads, want 1 and 2", pkcs12s, browsers)
	}
	// The same certificate and address give the same profile identity.
	again := build(t, fx.in)[MobileConfigPath]
	if !bytes.Contains(again.Data, []byte(doc["PayloadUUID"].(string))) {
		t.Error("PayloadUUID changes between runs for the same certificate")
	}
}

func exitStderr(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// regValue is one value of a parsed .reg file.
type regKey map[string]string

// parseReg reads regedit's Version 5.00 format: UTF-16LE with BOM, CRLF,
// [KEY] sections and "name"="escaped string" values. It fails on anything
// else, so a malformed file cannot pass.
func parseReg(t *testing.T, data []byte) map[string]regKey {
	t.Helper()
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xFE || len(data)%2 != 0 {
		t.Fatal(".reg is not UTF-16LE with a BOM")
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i < len(data); i += 2 {
		units = append(units, uint16(data[i])|uint16(data[i+1])<<8)
	}
	text := string(utf16.Decode(units))
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Fatal(".reg has bare LF line endings")
	}
	lines := strings.Split(text, "\r\n")
	if lines[0] != "Windows Registry Editor Version 5.00" {
		t.Fatalf(".reg header %q", lines[0])
	}
	keys := map[string]regKey{}
	var cur regKey
	valueRE := regexp.MustCompile(`^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$`)
	unescape := func(s string) string {
		return regexp.MustCompile(`\\(.)`).ReplaceAllString(s, "$1")
	}
	for i, l := range lines[1:] {
		switch {
		case l == "" || strings.HasPrefix(l, ";"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			cur = regKey{}
			keys[l[1:len(l)-1]] = cur
		default:
			m := valueRE.FindStringSubmatch(l)
			if m == nil || cur == nil {
				t.Fatalf(".reg line %d does not parse: %q", i+2, l)
			}
			cur[unescape(m[1])] = unescape(m[2])
		}
	}
	return keys
}

func TestRegFileParses(t *testing.T) {
	cn := `root "ip" 認証局 \ CA`
	fx := newFixture(t, cn, "https://acme.rootip-cloud.net")
	reg := build(t, fx.in)[RegPath]
	keys := parseReg(t, reg.Data)
	want, _ := autoselect.Rule(fx.in.SystemURL, cn)
	if len(keys) != 2 {
		t.Fatalf("%d keys, want Chrome and Edge: %v", len(keys), keys)
	}
	for _, k := range []string{
		`HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Google\Chrome\AutoSelectCertificateForUrls`,
		`HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Edge\AutoSelectCertificateForUrls`,
	} {
		if len(keys[k]) != 1 || keys[k]["1"] != want {
			t.Errorf("%s = %v, want value 1 = %s", k, keys[k], want)
		}
		checkRule(t, keys[k]["1"], "acme.rootip-cloud.net", cn)
	}
}

// TestDetectionConditions checks the one definition on decoded list
// entries; internal/cli's TestDetectionMatchesList runs it on real `list
// --json` output.
func TestDetectionConditions(t *testing.T) {
	d := Detection{SHA256: "ab12"}
	base := map[string]any{"vendor": true, "has_key": true, "status": "valid", "sha256": "AB12", "store": "windows"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range base {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for name, tc := range map[string]struct {
		cert map[string]any
		want bool
	}{
		"valid vendor with key": {base, true},
		"expiring soon":         {with("status", "expiring-soon"), true},
		"expired":               {with("status", "expired"), false},
		"not yet valid":         {with("status", "not-yet-valid"), false},
		"no key":                {with("has_key", false), false},
		"other vendor":          {with("vendor", false), false},
		"another certificate":   {with("sha256", "CD34"), false},
		"vendor as a string":    {with("vendor", "true"), false},
		"field missing":         {with("has_key", nil), false},
	} {
		if got := d.Matches(tc.cert); got != tc.want {
			t.Errorf("%s: Matches = %v, want %v", name, got, tc.want)
		}
	}
	filter := d.PowerShellFilter()
	want := `($_.vendor -eq $true) -and ($_.has_key -eq $true) -and (@('valid', 'expiring-soon') -contains $_.status) -and ($_.sha256 -eq 'AB12')`
	if filter != want {
		t.Errorf("PowerShell filter\n%s\nwant\n%s", filter, want)
	}
	script := string(DetectScript(d))
	if !strings.Contains(script, "Where-Object { "+filter+" }") || !strings.Contains(script, "& $cli "+strings.Join(ListArgs, " ")+" 2>$null") {
		t.Errorf("detect.ps1 does not run the list query with the filter:\n%s", script)
	}
	// Exactly one Write-Output, reached only after a hit; every other way out is exit 1.
	if strings.Count(script, "Write-Output") != 1 || strings.Count(script, "\r\nexit 0\r\n") != 1 ||
		strings.Index(script, "if ($null -eq $hit) { exit 1 }") > strings.Index(script, "Write-Output") {
		t.Errorf("detect.ps1 may print or succeed without a hit:\n%s", script)
	}
}

// TestNoPasswordInArtefacts: the password is in password.txt and in the
// profile's Password field, nowhere else; no script passes it on a command
// line, and the scripts are ASCII with CRLF endings.
func TestNoPasswordInArtefacts(t *testing.T) {
	fx := newFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net")
	files := build(t, fx.in)
	utf16le := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	for _, needle := range []string{secret, "Zq81", `pa"ss`} {
		for path, f := range files {
			if path == PasswordPath || path == MobileConfigPath {
				continue
			}
			if bytes.Contains(f.Data, []byte(needle)) || bytes.Contains(f.Data, utf16le(needle)) {
				t.Errorf("%s contains the password (%q)", path, needle)
			}
		}
	}
	if got := string(files[PasswordPath].Data); got != secret+"\r\n" {
		t.Errorf("password.txt = %q", got)
	}
	for _, path := range []string{InstallCmdPath, UninstallCmdPath, DetectPath} {
		data := files[path].Data
		for i, c := range data {
			if c > 0x7e || (c < 0x20 && c != '\r' && c != '\n') {
				t.Errorf("%s: byte %d is %#x, not ASCII", path, i, c)
				break
			}
		}
		if bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
			t.Errorf("%s has bare LF line endings", path)
		}
	}
	// The one import line reads the password from the file beside it.
	var imports []string
	for _, l := range strings.Split(string(files[InstallCmdPath].Data), "\r\n") {
		if strings.Contains(l, " import ") && !strings.HasPrefix(l, "rem ") {
			imports = append(imports, l)
		}
	}
	if len(imports) != 1 || !strings.Contains(imports[0], `--password-file "%HERE%`+PasswordFile+`"`) {
		t.Errorf("install.cmd import lines: %q", imports)
	}
}

// TestGuide: the folder's README names its host and files, and the
// repository's docs/deploy.md is the same template with placeholders.
func TestGuide(t *testing.T) {
	fx := newFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net")
	in := fx.in
	in.Installer = SetupExe
	readme := string(build(t, in)[GuidePath].Data)
	for _, want := range []string{"acme.rootip-cloud.net", fx.id.SHA256(), "IntuneWinAppUtil.exe -c windows -s install.cmd",
		"これらのサイトのクライアント証明書を自動的に選択する", "Automatically select client certificates for these sites",
		"security cms -S -N", "Jamf Pro", "Apple Business Manager", "Configuration Manager", "AutoSelectCertificateForUrls",
		"`" + SetupExe + "` が入っています", "reg import gpo\\autoselect-hklm.reg", "ユーザー チャネル"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q", want)
		}
	}
	in.Systems = []System{MacOS}
	macOnly := string(build(t, in)[GuidePath].Data)
	if strings.Contains(macOnly, "Intune 管理センター") || strings.Contains(macOnly, ".reg") || !strings.Contains(macOnly, "Jamf") {
		t.Error("a macOS-only guide talks about Windows, or not about Jamf")
	}
	docs, err := Guide(ExampleGuide())
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("..", "..", "docs", "deploy.md"), string(docs), "the rendered guide: go test ./internal/deploy -run TestGuide -update")
}

func TestWriteIsAllOrNothing(t *testing.T) {
	fx := newFixture(t, "rootip-cloud.net", "https://acme.rootip-cloud.net")
	files, err := Build(fx.in)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	broken := append(append([]File{}, files...), File{Path: WindowsDir + "/" + SetupExe, Source: filepath.Join(dir, "missing.exe")})
	if _, err := Write(dir, broken); err == nil {
		t.Fatal("a missing installer did not fail the write")
	}
	if left := Existing(dir, files); len(left) != 0 {
		t.Errorf("a failed write left %v", left)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, WindowsDir))
	for _, e := range entries {
		t.Errorf("temporary file left behind: %s", e.Name())
	}
	written, err := Write(dir, files)
	if err != nil || len(written) != len(files) {
		t.Fatalf("Write = %v, %v", written, err)
	}
	for _, f := range files {
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o644)
		if f.Secret {
			want = 0o600
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", f.Path, st.Mode().Perm(), want)
		}
	}
	if got := Existing(dir, files); len(got) != len(files) {
		t.Errorf("Existing = %v", got)
	}
}

func TestInstallerName(t *testing.T) {
	dir := t.TempDir()
	for name, want := range map[string]string{"setup-0.1.0.EXE": SetupExe, "rootip-cert-0.1.0.msi": SetupMSI, "notes.txt": ""} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("MZ"), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := InstallerName(p)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("InstallerName(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := InstallerName(dir); err == nil {
		t.Error("a folder accepted as installer")
	}
}

func TestSignProfile(t *testing.T) {
	args := SignArgs("Acme IT", "in.mobileconfig", "out.mobileconfig")
	if strings.Join(args, " ") != "cms -S -N Acme IT -i in.mobileconfig -o out.mobileconfig" {
		t.Errorf("SignArgs = %q", args)
	}
	if CanSign {
		t.Skip("signing runs security cms on a Mac with a signing identity")
	}
	if _, err := SignProfile(t.Context(), "Acme IT", []byte("x")); !errors.Is(err, ErrSignUnsupported) {
		t.Errorf("SignProfile off macOS = %v", err)
	}
}
