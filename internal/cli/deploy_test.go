package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/deploy"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

type deployDoc struct {
	Error *struct {
		Code, Message string
	} `json:"error"`
	Identity *struct {
		SHA256 string `json:"sha256"`
	} `json:"identity"`
	URL   string `json:"url"`
	Files []struct {
		Path, Name, System string
		Secret             bool
	} `json:"files"`
	Notes []string `json:"notes"`
}

func decodeDeploy(t *testing.T, r result) deployDoc {
	t.Helper()
	var doc deployDoc
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	return doc
}

func writePW(t *testing.T, pw string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pw.txt")
	if err := os.WriteFile(p, []byte(pw+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDeployWritesArtefacts(t *testing.T) {
	f := testdata(t)
	out := filepath.Join(t.TempDir(), "配布")
	r := runCLI(t, "", "deploy", f.goodSecret, "--json", "--url", "https://acme.rootip-cloud.net", "--out", out, "--password-file", writePW(t, secret))
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, secret) || strings.Contains(r.stdout+r.stderr, "Zq81") {
		t.Error("deploy printed the password")
	}
	doc := decodeDeploy(t, r)
	want := map[string]bool{deploy.MobileConfigPath: true, deploy.InstallCmdPath: false, deploy.DetectPath: false,
		deploy.UninstallCmdPath: false, deploy.BundleP12Path: true, deploy.PasswordPath: true, deploy.RegPath: false, deploy.GuidePath: false}
	if doc.Error != nil || len(doc.Files) != len(want) || doc.URL != "https://acme.rootip-cloud.net/" {
		t.Fatalf("JSON = %+v", doc)
	}
	for _, file := range doc.Files {
		secretFile, ok := want[file.Name]
		if !ok || file.Secret != secretFile || file.Path != filepath.Join(out, filepath.FromSlash(file.Name)) {
			t.Errorf("file entry %+v", file)
		}
		if _, err := os.Stat(file.Path); err != nil {
			t.Errorf("listed but not written: %v", err)
		}
	}
	// The bundle's .p12 opens with its password.txt and is the same identity.
	pw, err := readPassword(filepath.Join(out, "windows", deploy.PasswordFile), nil, "")
	if err != nil || pw != secret {
		t.Fatalf("password.txt = %q, %v", pw, err)
	}
	id, _, err := certfile.Open(filepath.Join(out, "windows", deploy.BundleP12), pw)
	if err != nil || id.SHA256() != doc.Identity.SHA256 {
		t.Fatalf("bundle .p12: %v", err)
	}
	if len(doc.Notes) == 0 || !strings.Contains(strings.Join(doc.Notes, "\n"), "インストーラー") {
		t.Errorf("no note about the missing installer: %v", doc.Notes)
	}

	// Text output, English: every line in English.
	out2 := filepath.Join(t.TempDir(), "en")
	r = runCLI(t, "", "deploy", f.good, "--lang", "en", "--url", "acme.rootip-cloud.net", "--out", out2, "--system", "gpo")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Deployment files for acme.rootip-cloud.net") ||
		!strings.Contains(r.stdout, "Group Policy") || strings.ContainsAny(r.stdout, "証明書配布書き出") {
		t.Errorf("English text output, exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out2, deploy.MobileConfigPath)); !os.IsNotExist(err) {
		t.Error("--system gpo wrote the macOS profile")
	}
}

// TestDeployRefusesBeforeWriting: the file and password are proven first,
// and nothing at all is written when anything is wrong.
func TestDeployRefusesBeforeWriting(t *testing.T) {
	f := testdata(t)
	_, leaf := pkitest.Issue(t, "Example Corp CA", pki.LeafOptions{CommonName: "intranet.example.com", KeyType: pki.P256})
	data, err := leaf.P12(pki.Modern, "rootip", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	notVendor := filepath.Join(t.TempDir(), "other.p12")
	if err := os.WriteFile(notVendor, data, 0o600); err != nil {
		t.Fatal(err)
	}
	txt := filepath.Join(t.TempDir(), "setup.txt")
	if err := os.WriteFile(txt, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	u := "https://acme.rootip-cloud.net"
	for _, tc := range []struct {
		name    string
		args    []string
		stdin   string
		code    int
		errCode string
	}{
		{"wrong password", []string{f.goodSecret, "--url", u}, "", ExitWrongPassword, "wrong-password"},
		{"wrong password from stdin", []string{f.goodSecret, "--url", u, "--password-file", "-"}, "nope\n", ExitWrongPassword, "wrong-password"},
		{"corrupt", []string{f.corrupt, "--url", u}, "", ExitUnreadable, "corrupt"},
		{"too large", []string{f.huge, "--url", u}, "", ExitUnreadable, "too-large"},
		{"certificates only", []string{f.certsOnly, "--url", u}, "", ExitNoKey, "no-key"},
		{"expired", []string{f.expired, "--url", u}, "", ExitValidity, "expired"},
		{"not yet valid", []string{f.future, "--url", u}, "", ExitValidity, "not-yet-valid"},
		{"not the vendor's, for Windows", []string{notVendor, "--url", u}, "", ExitFailed, "not-vendor"},
		{"no url", []string{f.good}, "", ExitUsage, ""},
		{"http url", []string{f.good, "--url", "http://acme.rootip-cloud.net"}, "", ExitUsage, ""},
		{"url with a shell character", []string{f.good, "--url", "https://a&calc.rootip-cloud.net"}, "", ExitUsage, ""},
		{"bad system", []string{f.good, "--url", u, "--system", "linux"}, "", ExitUsage, ""},
		{"bad installer", []string{f.good, "--url", u, "--installer", txt}, "", ExitUsage, ""},
		{"missing password file", []string{f.good, "--url", u, "--password-file", filepath.Join(f.dir, "none")}, "", ExitUsage, ""},
		{"two files", []string{f.good, f.good, "--url", u}, "", ExitUsage, ""},
		{"flag of another command", []string{f.good, "--url", u, "--store", "nss"}, "", ExitUsage, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"deploy", "--json", "--out", out}, tc.args...)
			r := runCLI(t, tc.stdin, args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.errCode != "" {
				doc := decodeDeploy(t, r)
				if doc.Error == nil || doc.Error.Code != tc.errCode || doc.Error.Message == "" || len(doc.Files) != 0 {
					t.Errorf("JSON = %s", r.stdout)
				}
			} else if r.stderr == "" {
				t.Error("no message")
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("the output folder was created: %v", err)
			}
		})
	}
	t.Run("no out", func(t *testing.T) {
		if r := runCLI(t, "", "deploy", f.good, "--url", u); r.code != ExitUsage || !strings.Contains(r.stderr, "--out") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})
	t.Run("signing off macOS", func(t *testing.T) {
		if deploy.CanSign {
			t.Skip("signing works on macOS")
		}
		out := filepath.Join(t.TempDir(), "out")
		r := runCLI(t, "", "deploy", f.good, "--url", u, "--out", out, "--sign-identity", "Acme IT", "--lang", "en")
		if r.code != ExitUsage || !strings.Contains(r.stderr, "security cms -S -N") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("the output folder was created")
		}
	})
	t.Run("not the vendor's, macOS only", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		if r := runCLI(t, "", "deploy", notVendor, "--url", u, "--out", out, "--system", "macos"); r.code != ExitOK {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})
}

func TestDeployOverwriteAndInstaller(t *testing.T) {
	f := testdata(t)
	out := filepath.Join(t.TempDir(), "out")
	setup := filepath.Join(t.TempDir(), "rootip-cert-setup-0.1.0.exe")
	if err := os.WriteFile(setup, []byte("MZ installer bytes"), 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"deploy", f.goodSecret, "--json", "--url", "acme.rootip-cloud.net", "--out", out, "--password-file", "-", "--installer", setup}
	r := runCLI(t, secret+"\r\n", args...)
	if r.code != ExitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(out, "windows", deploy.SetupExe))
	if err != nil || string(got) != "MZ installer bytes" {
		t.Errorf("installer copy: %q %v", got, err)
	}
	if pw, _ := os.ReadFile(filepath.Join(out, "windows", deploy.PasswordFile)); string(pw) != secret+"\r\n" {
		t.Error("the password read from stdin did not reach password.txt")
	}
	readme, _ := os.ReadFile(filepath.Join(out, deploy.GuidePath))
	if !strings.Contains(string(readme), "`"+deploy.SetupExe+"` が入っています") {
		t.Error("README does not say the installer is in the bundle")
	}
	r = runCLI(t, secret+"\n", args...)
	if doc := decodeDeploy(t, r); r.code != ExitUsage || doc.Error == nil || doc.Error.Code != "exists" {
		t.Fatalf("second run without --yes: exit %d %s", r.code, r.stdout)
	}
	if r = runCLI(t, secret+"\n", append(args, "--yes")...); r.code != ExitOK {
		t.Fatalf("--yes: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	// Another environment's address: written, with a warning.
	out2 := filepath.Join(t.TempDir(), "out")
	r = runCLI(t, "", "deploy", f.good, "--json", "--url", "other.rootip-cloud.net", "--out", out2, "--system", "gpo")
	if doc := decodeDeploy(t, r); r.code != ExitOK || !strings.Contains(strings.Join(doc.Notes, "\n"), "other.rootip-cloud.net") {
		t.Errorf("no host warning: %s", r.stdout)
	}
	if r := runCLI(t, "", "--help"); !strings.Contains(r.stdout, "rootip-cert deploy") {
		t.Errorf("usage lacks deploy:\n%s", r.stdout)
	}
}

// cmdArgs takes the tool's arguments from one line of a generated batch
// file: the line that runs "%CLI%" with verb, quotes removed, %HERE%
// replaced by the bundle folder and redirections dropped.
func cmdArgs(t *testing.T, script []byte, verb, here string) []string {
	t.Helper()
	for _, line := range strings.Split(string(script), "\r\n") {
		_, rest, ok := strings.Cut(line, `"%CLI%" `+verb+" ")
		if !ok {
			continue
		}
		args := []string{verb}
		var tok strings.Builder
		quoted, have := false, false
		flush := func() {
			if have {
				if s := tok.String(); !strings.HasPrefix(s, ">") && !strings.HasPrefix(s, "2>") {
					args = append(args, strings.ReplaceAll(s, "%HERE%", here))
				}
			}
			tok.Reset()
			have = false
		}
		for _, c := range rest {
			switch {
			case c == '"':
				quoted, have = !quoted, true
			case c == ' ' && !quoted:
				flush()
			default:
				tok.WriteRune(c)
				have = true
			}
		}
		flush()
		return args
	}
	t.Fatalf("no %q line in\n%s", verb, script)
	return nil
}

// TestDetectionMatchesList proves detect.ps1's query on what `list --json`
// really reports: install.cmd's own import line fills a Windows store,
// ListArgs (the arguments detect.ps1 runs) lists it, and the one Detection
// definition that generated the script's filter finds exactly the bundle's
// certificate, while expired, key-less, other vendors' and other
// certificates are not taken for it. uninstall.cmd's delete line removes
// it, and detection then fails.
func TestDetectionMatchesList(t *testing.T) {
	f := testdata(t)
	out := t.TempDir()
	r := runCLI(t, "", "deploy", f.goodSecret, "--json", "--url", "https://acme.rootip-cloud.net", "--out", out,
		"--system", "windows", "--password-file", writePW(t, secret))
	if r.code != ExitOK {
		t.Fatalf("deploy: %d %s%s", r.code, r.stdout, r.stderr)
	}
	deployed := decodeDeploy(t, r).Identity.SHA256
	here := filepath.Join(out, "windows") + string(filepath.Separator)
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if !strings.Contains(string(read(deploy.DetectPath)), "& $cli "+strings.Join(deploy.ListArgs, " ")) {
		t.Fatal("detect.ps1 does not run deploy.ListArgs")
	}

	// The store: the deployed certificate arrives by install.cmd; beside it
	// an expired vendor certificate with key, a vendor one without key, one
	// of another vendor with key, and another valid vendor one with key.
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	otherCA, err := pki.NewRootCA("Example Corp CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf := func(ca *pki.CA, cn string, notBefore, notAfter time.Time) *pki.Leaf {
		l, err := ca.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: pki.P256, NotBefore: notBefore, NotAfter: notAfter})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	now := time.Now()
	expired := leaf(ca, "acme.rootip-cloud.net", now.AddDate(-1, -1, 0), now.AddDate(0, -1, 0))
	noKey := leaf(ca, "acme.rootip-cloud.net", now.AddDate(0, -1, 0), now.AddDate(0, 6, 0))
	foreign := leaf(otherCA, "intranet.example.com", now.AddDate(0, -1, 0), now.AddDate(0, 6, 0))
	sibling := leaf(ca, "beta.rootip-cloud.net", now.AddDate(0, -1, 0), now.AddDate(0, 6, 0))
	win := store.NewMemory(store.KindWindows, `CurrentUser\MY`)
	win.Put(store.Entry{Cert: expired.Cert, HasKey: true})
	win.Put(store.Entry{Cert: noKey.Cert, HasKey: false})
	win.Put(store.Entry{Cert: foreign.Cert, HasKey: true})
	win.Put(store.Entry{Cert: sibling.Cert, HasKey: true})
	stores := []store.Store{win}

	list := func() []map[string]any {
		t.Helper()
		r := runWithStores(t, "", stores, deploy.ListArgs...)
		var doc struct {
			Certificates []map[string]any `json:"certificates"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != ExitOK {
			t.Fatalf("list: %d %v\n%s", r.code, err, r.stdout)
		}
		return doc.Certificates
	}
	detected := func(d deploy.Detection, certs []map[string]any) []string {
		var hits []string
		for _, c := range certs {
			if d.Matches(c) {
				hits = append(hits, c["sha256"].(string))
			}
		}
		return hits
	}
	det := deploy.Detection{SHA256: deployed}
	if hits := detected(det, list()); len(hits) != 0 {
		t.Fatalf("detected before install: %v", hits)
	}

	importArgs := cmdArgs(t, read(deploy.InstallCmdPath), "import", here)
	if strings.Contains(strings.Join(importArgs, " "), secret) {
		t.Fatal("install.cmd passes the password")
	}
	if r := runWithStores(t, "", stores, importArgs...); r.code != ExitOK {
		t.Fatalf("install.cmd's import %q: %d\n%s%s", importArgs, r.code, r.stdout, r.stderr)
	}
	certs := list()
	if len(certs) != 5 {
		t.Fatalf("list has %d certificates, want 5", len(certs))
	}
	if hits := detected(det, certs); len(hits) != 1 || hits[0] != deployed {
		t.Fatalf("detected %v, want only the bundle's %s", hits, deployed)
	}
	// Each other certificate fails exactly the condition it was made to.
	for name, c := range map[string]*pki.Leaf{"expired": expired, "no key": noKey, "other vendor": foreign} {
		sha := certfile.Fingerprint256(c.Cert)
		if hits := detected(deploy.Detection{SHA256: sha}, certs); len(hits) != 0 {
			t.Errorf("%s certificate detected: %v", name, hits)
		}
	}
	if hits := detected(deploy.Detection{SHA256: certfile.Fingerprint256(sibling.Cert)}, certs); len(hits) != 1 {
		t.Errorf("a valid vendor certificate with key is not detected by its own query: %v", hits)
	}

	deleteArgs := cmdArgs(t, read(deploy.UninstallCmdPath), "delete", here)
	if r := runWithStores(t, "", stores, deleteArgs...); r.code != ExitOK {
		t.Fatalf("uninstall.cmd's delete %q: %d\n%s%s", deleteArgs, r.code, r.stdout, r.stderr)
	}
	if hits := detected(det, list()); len(hits) != 0 {
		t.Errorf("still detected after uninstall: %v", hits)
	}
}

// TestDeployFileKeys: every artefact deploy writes is named in both
// languages, a signed profile as signed, anything else as the installer.
func TestDeployFileKeys(t *testing.T) {
	names := []string{deploy.MobileConfigPath, deploy.InstallCmdPath, deploy.DetectPath, deploy.UninstallCmdPath,
		deploy.BundleP12Path, deploy.PasswordPath, deploy.RegPath, deploy.GuidePath}
	seen := map[string]bool{}
	for _, name := range names {
		key := deployFileKey(name, false)
		if seen[key] || key == "deploy.file.installer" {
			t.Errorf("%s is named %s, like another artefact", name, key)
		}
		seen[key] = true
	}
	if got := deployFileKey(deploy.MobileConfigPath, true); got != "deploy.file.signed" {
		t.Errorf("signed profile: %s", got)
	}
	if got := deployFileKey(deploy.WindowsDir+"/setup.exe", false); got != "deploy.file.installer" {
		t.Errorf("installer: %s", got)
	}
	seen["deploy.file.signed"], seen["deploy.file.installer"] = true, true
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		for key := range seen {
			if !i18n.New(lang).Has(key) {
				t.Errorf("%s: no words for %s", lang, key)
			}
		}
	}
}
