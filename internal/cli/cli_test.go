package cli

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/testsupport/shared"
)

// secret is a distinctive password: it must never appear in any output.
const secret = "秘密のパスワード-Zq81"

type files struct {
	dir                                                         string
	good, goodSecret, expired, future, certsOnly, corrupt, huge string
	pemFile                                                     string
}

// testdata returns the package's test files (made on first use).
var testdata = shared.Fixture(func() (files, error) {
	var f files
	err := makeFiles(&f)
	return f, err
})

// madeDir is the folder makeFiles made, removed when the tests end.
var madeDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if madeDir != "" {
		os.RemoveAll(madeDir)
	}
	os.Exit(code)
}

func makeFiles(f *files) error {
	dir, err := os.MkdirTemp("", "rootip-cli-test")
	if err != nil {
		return err
	}
	f.dir, madeDir = dir, dir
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		return err
	}
	key, err := pki.NewKey(pki.P256)
	if err != nil {
		return err
	}
	now := time.Now()
	write := func(name string, data []byte) (string, error) {
		p := filepath.Join(dir, name)
		return p, os.WriteFile(p, data, 0o600)
	}
	leafFile := func(name string, o pki.LeafOptions, password string) (string, error) {
		o.Key = key
		if o.CommonName == "" {
			o.CommonName = "acme.rootip-cloud.net"
		}
		l, err := ca.NewLeaf(o)
		if err != nil {
			return "", err
		}
		data, err := l.P12(pki.Modern, password, true, 0)
		if err != nil {
			return "", err
		}
		return write(name, data)
	}
	if f.good, err = leafFile("クライアント証明書.p12", pki.LeafOptions{NotBefore: now.AddDate(0, -1, 0), NotAfter: now.AddDate(0, 6, 0)}, "rootip"); err != nil {
		return err
	}
	if f.goodSecret, err = leafFile("secret.p12", pki.LeafOptions{}, secret); err != nil {
		return err
	}
	if f.expired, err = leafFile("expired.p12", pki.LeafOptions{NotBefore: now.AddDate(-1, -1, 0), NotAfter: now.AddDate(0, -1, 0)}, "rootip"); err != nil {
		return err
	}
	if f.future, err = leafFile("future.p12", pki.LeafOptions{NotBefore: now.AddDate(0, 1, 0), NotAfter: now.AddDate(1, 1, 0)}, "rootip"); err != nil {
		return err
	}
	only, err := pki.CertsOnlyP12([]*x509.Certificate{ca.Cert}, "rootip")
	if err != nil {
		return err
	}
	if f.certsOnly, err = write("certs-only.p12", only); err != nil {
		return err
	}
	if f.corrupt, err = write("corrupt.p12", []byte("this is not a certificate")); err != nil {
		return err
	}
	if f.pemFile, err = write("cert.pem.p12", []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")); err != nil {
		return err
	}
	f.huge = filepath.Join(dir, "huge.p12")
	h, err := os.Create(f.huge)
	if err != nil {
		return err
	}
	defer h.Close()
	return h.Truncate(20 << 20)
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "XDG_CONFIG_HOME" || k == "HOME" {
				return os.Getenv(k)
			}
			return ""
		},
		Now:  time.Now,
		Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "settings.json")},
	}
	code := Run(args, env)
	return result{code, out.String(), errb.String()}
}

func TestInspectExitCodesAndJSON(t *testing.T) {
	f := testdata(t)
	for _, tc := range []struct {
		name       string
		args       []string
		stdin      string
		code       int
		errCode    string
		status     string
		wantInText string
	}{
		{"good", []string{f.good}, "", ExitOK, "", "valid", "acme.rootip-cloud.net"},
		{"password from stdin", []string{f.goodSecret, "--password-file", "-"}, secret + "\n", ExitOK, "", "valid", ""},
		{"wrong default password", []string{f.goodSecret}, "", ExitWrongPassword, "wrong-password", "", "パスワードが違います"},
		{"wrong password from stdin", []string{f.good, "--password-file", "-"}, "nope\r\n", ExitWrongPassword, "wrong-password", "", ""},
		{"expired", []string{f.expired}, "", ExitValidity, "", "expired", "期限切れ"},
		{"not yet valid", []string{f.future}, "", ExitValidity, "", "not-yet-valid", "有効期間前"},
		{"certificates only", []string{f.certsOnly}, "", ExitNoKey, "no-key", "", "秘密鍵が入っていません"},
		{"corrupt", []string{f.corrupt}, "", ExitUnreadable, "corrupt", "", "PKCS#12"},
		{"PEM renamed", []string{f.pemFile}, "", ExitUnreadable, "corrupt", "", ""},
		{"too large", []string{f.huge}, "", ExitUnreadable, "too-large", "", "1 MiB"},
		{"missing file", []string{filepath.Join(f.dir, "nope.p12")}, "", ExitUnreadable, "unreadable", "", "開けません"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := runCLI(t, tc.stdin, append([]string{"inspect"}, tc.args...)...)
			if text.code != tc.code {
				t.Fatalf("text exit = %d, want %d\nstdout: %s\nstderr: %s", text.code, tc.code, text.stdout, text.stderr)
			}
			if tc.wantInText != "" && !strings.Contains(text.stdout+text.stderr, tc.wantInText) {
				t.Errorf("text output lacks %q:\n%s%s", tc.wantInText, text.stdout, text.stderr)
			}
			js := runCLI(t, tc.stdin, append([]string{"inspect", "--json"}, tc.args...)...)
			if js.code != tc.code {
				t.Fatalf("json exit = %d, want %d", js.code, tc.code)
			}
			var doc struct {
				File  string `json:"file"`
				Error *struct {
					Code, Message string
				} `json:"error"`
				Identity *struct {
					Status, SHA256, CommonName string
					DaysLeft                   int `json:"days_left"`
				} `json:"identity"`
			}
			if err := json.Unmarshal([]byte(js.stdout), &doc); err != nil {
				t.Fatalf("stdout is not one JSON document: %v\n%s", err, js.stdout)
			}
			if tc.errCode != "" {
				if doc.Error == nil || doc.Error.Code != tc.errCode || doc.Identity != nil {
					t.Fatalf("error = %+v, identity = %+v; want code %s", doc.Error, doc.Identity, tc.errCode)
				}
				if !strings.ContainsAny(doc.Error.Message, "ぁあいうえおかがきくけこさしすせそただちつてとなにのはまもやよらりるれろをん") {
					t.Errorf("default message is not Japanese: %q", doc.Error.Message)
				}
			} else if doc.Error != nil || doc.Identity == nil || doc.Identity.Status != tc.status {
				t.Fatalf("error = %+v, identity = %+v; want status %s", doc.Error, doc.Identity, tc.status)
			}
		})
	}
}

func TestInspectEnglish(t *testing.T) {
	f := testdata(t)
	r := runCLI(t, "", "inspect", "--lang", "en", f.good, "--url", "https://acme.rootip-cloud.net/")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Issued to") || !strings.Contains(r.stdout, "matches acme.rootip-cloud.net") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if strings.ContainsAny(r.stdout, "発行先有効期限") {
		t.Errorf("Japanese left in English output:\n%s", r.stdout)
	}
	r = runCLI(t, "", "inspect", "--json", "--lang=en", f.corrupt)
	if !strings.Contains(r.stdout, "not a readable PKCS#12") {
		t.Errorf("English JSON message missing:\n%s", r.stdout)
	}
	r = runCLI(t, "", "inspect", "--json", f.good, "--url", "other.rootip-cloud.net")
	if !strings.Contains(r.stdout, `"url_match": "other-environment"`) {
		t.Errorf("url_match for another environment missing:\n%s", r.stdout)
	}
}

func TestPasswordNeverPrinted(t *testing.T) {
	f := testdata(t)
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"inspect", f.goodSecret, "--password-file", pwFile},
		{"inspect", "--json", f.goodSecret, "--password-file", pwFile},
		{"inspect", f.good, "--password-file", pwFile},
		{"inspect", "--json", "--lang", "en", f.good, "--password-file", pwFile},
		{"inspect", f.corrupt, "--password-file", pwFile},
	} {
		r := runCLI(t, "", args...)
		if strings.Contains(r.stdout+r.stderr, secret) || strings.Contains(r.stdout+r.stderr, "Zq81") {
			t.Errorf("%v printed the password", args)
		}
		if strings.Contains(r.stdout+r.stderr, "PRIVATE KEY") {
			t.Errorf("%v printed key material", args)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	f := testdata(t)
	for _, args := range [][]string{
		{"frobnicate"},
		{"inspect"},
		{"inspect", f.good, f.good},
		{"inspect", f.good, "--store", "nss"},
		{"inspect", f.good, "--no-such-flag"},
		{"inspect", f.good, "--password-file", filepath.Join(f.dir, "missing-pw")},
		{"inspect", f.good, "--profile", filepath.Join(f.dir, "missing-profile.json")},
		{"inspect", f.good, "--timeout", "-1s"},
	} {
		r := runCLI(t, "", args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, ExitUsage, r.stderr)
		}
		if r.stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
	if r := runCLI(t, "", "--help"); r.code != ExitOK || !strings.Contains(r.stdout, "inspect") {
		t.Errorf("--help: %d %s", r.code, r.stdout)
	}
}

func TestBothPasswordsFromStdinIsRefused(t *testing.T) {
	f := testdata(t)
	r := runCLI(t, "rootip\n", "import", f.good, "--password-file", "-", "--nss-password-file", "-")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "標準入力") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := runCLI(t, "", "version", "--json")
	var v map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["version"] != Version || r.code != 0 {
		t.Fatalf("version --json = %d %q (%v)", r.code, r.stdout, err)
	}
}

func TestEveryCommandHasUsageText(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		c := i18n.New(l)
		for name := range commands {
			if key := "cli.usage." + name; c.T(key) == key {
				t.Errorf("%s: no usage text for %s", l, name)
			}
		}
	}
}

func TestProfileOverride(t *testing.T) {
	f := testdata(t)
	prof := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(prof, []byte(`{"default_password": "`+secret+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "", "inspect", f.goodSecret, "--profile", prof); r.code != ExitOK {
		t.Fatalf("profile's default password not used: %d %s", r.code, r.stderr)
	}
}
