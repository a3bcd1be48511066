package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/store"
)

func runWithStores(t *testing.T, stdin string, stores []store.Store, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	settings := filepath.Join(t.TempDir(), "settings.json")
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Now: time.Now, Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) { return stores, nil }},
	}
	return result{Run(args, env), out.String(), errb.String()}
}

func TestImportListDelete(t *testing.T) {
	f := testdata(t)
	ff := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/x.default")
	chrome := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	stores := []store.Store{ff, chrome}
	r := runWithStores(t, "", stores, "import", f.good, "--json")
	if r.code != ExitOK {
		t.Fatalf("import: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var doc struct {
		Results []struct{ Status, Location string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Results) != 2 {
		t.Fatalf("import JSON: %v\n%s", err, r.stdout)
	}
	for _, res := range doc.Results {
		if res.Status != "imported" {
			t.Errorf("%s: %s", res.Location, res.Status)
		}
	}
	r = runWithStores(t, "", stores, "list", "--json")
	var list struct {
		Certificates []struct {
			Store, Location, Status, SHA256 string
			HasKey                          bool `json:"has_key"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list.Certificates) != 2 || r.code != ExitOK {
		t.Fatalf("list: %d %v\n%s", r.code, err, r.stdout)
	}
	sha := list.Certificates[0].SHA256
	if !list.Certificates[0].HasKey || list.Certificates[0].Status != "valid" || list.Certificates[0].Store != "nss" {
		t.Errorf("list entry = %+v", list.Certificates[0])
	}
	// No confirmation: nothing is deleted.
	if r := runWithStores(t, "n\n", stores, "delete", sha); r.code != ExitFailed {
		t.Fatalf("unconfirmed delete: %d", r.code)
	}
	if l, _ := ff.List(t.Context()); len(l) != 1 {
		t.Fatal("deleted without confirmation")
	}
	if r := runWithStores(t, "y\n", stores, "delete", sha); r.code != ExitOK {
		t.Fatalf("confirmed delete: %d %s", r.code, r.stderr)
	}
	if l, _ := chrome.List(t.Context()); len(l) != 0 {
		t.Fatal("not deleted from every selected store")
	}
}

func TestImportRefusesBeforeWriting(t *testing.T) {
	f := testdata(t)
	for _, tc := range []struct {
		file string
		code int
	}{
		{f.expired, ExitValidity}, {f.future, ExitValidity}, {f.goodSecret, ExitWrongPassword},
		{f.certsOnly, ExitNoKey}, {f.corrupt, ExitUnreadable}, {f.huge, ExitUnreadable},
	} {
		m := store.NewMemory(store.KindNSS, "db")
		r := runWithStores(t, "", []store.Store{m}, "import", tc.file)
		if r.code != tc.code {
			t.Errorf("%s: exit %d, want %d", filepath.Base(tc.file), r.code, tc.code)
		}
		if m.Imports() != 0 {
			t.Errorf("%s: written to a store", filepath.Base(tc.file))
		}
	}
}

func TestImportReportsFailuresAndSkips(t *testing.T) {
	f := testdata(t)
	broken := store.NewMemory(store.KindNSS, "broken")
	broken.FailImport = errors.New("database is locked")
	absent := store.NewMemory(store.KindNSS, "absent")
	absent.Unavailable = errors.New("no such profile")
	good := store.NewMemory(store.KindNSS, "good")
	r := runWithStores(t, "", []store.Store{broken, absent, good}, "import", f.good, "--lang", "en")
	if r.code != ExitFailed {
		t.Fatalf("exit %d, want %d when one store failed", r.code, ExitFailed)
	}
	for _, want := range []string{"✗", "failed (Another program (a running browser, for example) is using the certificate store. Close every browser, then run this again.)", "skipped (no such profile)", "✓"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	served := store.NewMemory(store.KindNSS, "firefox")
	served.Unavailable = store.ErrServedElsewhere
	r = runWithStores(t, "", []store.Store{good, served}, "import", f.good)
	if r.code != ExitOK || !strings.Contains(r.stdout, "OS の証明書ストアを使う設定") {
		t.Errorf("a profile served by the OS store: exit %d\n%s", r.code, r.stdout)
	}
	if r := runWithStores(t, "", nil, "import", f.good); r.code != ExitFailed {
		t.Errorf("no store at all: exit %d", r.code)
	}
}

func TestImportRemembersURL(t *testing.T) {
	f := testdata(t)
	var out bytes.Buffer
	settings := filepath.Join(t.TempDir(), "s.json")
	env := Env{Stdout: &out, Stderr: &out, Now: time.Now, Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) {
		return []store.Store{store.NewMemory(store.KindNSS, "db")}, nil
	}}}
	if code := Run([]string{"import", f.good, "--url", "acme.rootip-cloud.net"}, env); code != ExitOK {
		t.Fatalf("import: %d %s", code, out.String())
	}
	out.Reset()
	Run([]string{"inspect", f.good, "--json"}, env)
	if !strings.Contains(out.String(), `"url": "acme.rootip-cloud.net"`) {
		t.Fatalf("the system address was not remembered:\n%s", out.String())
	}
}

func TestImportAutoSelect(t *testing.T) {
	f := testdata(t)
	var gotHost, gotIssuer string
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Now: time.Now, Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "s.json"),
		Find: func(store.Selection) ([]store.Store, error) {
			return []store.Store{store.NewMemory(store.KindWindows, `CurrentUser\MY`)}, nil
		}},
		AutoSelect: func(u *url.URL, issuer string) (map[string]string, []byte, error) {
			gotHost, gotIssuer = u.Hostname(), issuer
			return map[string]string{"Chrome": "1", "Edge": "1"}, nil, nil
		}}
	code := Run([]string{"import", f.good, "--url", "acme.rootip-cloud.net", "--auto-select", "--json"}, env)
	if code != ExitOK || gotHost != "acme.rootip-cloud.net" || gotIssuer != "rootip-cloud.net" {
		t.Fatalf("exit %d, host %q, issuer %q\n%s%s", code, gotHost, gotIssuer, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), `"auto_select"`) {
		t.Errorf("JSON lacks auto_select:\n%s", out.String())
	}
	out.Reset()
	env.AutoSelect = nil
	Run([]string{"import", f.good, "--url", "acme.rootip-cloud.net", "--auto-select", "--lang", "en"}, env)
	if !strings.Contains(out.String(), "Could not set the certificate auto-selection policy") {
		t.Errorf("no explanation where the policy is unavailable:\n%s", out.String())
	}
}

// TestImportAutoSelectWithoutAdmin: where the policy cannot be written, the
// import says so, leaves a .reg file for an administrator and exits 1.
func TestImportAutoSelectWithoutAdmin(t *testing.T) {
	f := testdata(t)
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Now: time.Now, Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "s.json"),
		Find: func(store.Selection) ([]store.Store, error) {
			return []store.Store{store.NewMemory(store.KindWindows, `CurrentUser\MY`)}, nil
		}},
		AutoSelect: func(*url.URL, string) (map[string]string, []byte, error) {
			return nil, []byte("Windows Registry Editor Version 5.00\r\n"), errors.New("needs administrator rights")
		}}
	code := Run([]string{"import", f.good, "--url", "acme.rootip-cloud.net", "--auto-select", "--json"}, env)
	var doc importJSON
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(doc.AutoSelectFile)
	if code != ExitFailed || doc.AutoSelectFile == "" || err != nil || !strings.HasPrefix(string(data), "Windows Registry Editor") {
		t.Fatalf("exit %d, file %q (%v)\n%s", code, doc.AutoSelectFile, err, out.String())
	}
}

// TestSummaryLineForFleetInventory: list --json and diagnose --json carry
// one summary line; diagnose --quiet prints only it, with the exit code.
func TestSummaryLineForFleetInventory(t *testing.T) {
	f := testdata(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	if r := runWithStores(t, "", []store.Store{m}, "import", f.good); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	r := runWithStores(t, "", []store.Store{m}, "list", "--json")
	var doc struct{ Summary string }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || !strings.HasPrefix(doc.Summary, "rootip-cert=") || !strings.Contains(doc.Summary, "expires=") {
		t.Fatalf("list summary = %q (%v)", doc.Summary, err)
	}
	r = runWithStores(t, "", []store.Store{m}, "diagnose", "--quiet", "--timeout", "1s")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "verdict=incomplete") || r.code != ExitFailed {
		t.Fatalf("diagnose --quiet: exit %d\n%s", r.code, r.stdout)
	}
}

// Every store failure the window can name, the command line names too, in
// the same words (ClassifyStoreError), not only busy / read-only / damaged.
func TestImportNamesStoreErrorsFromTheCatalog(t *testing.T) {
	f := testdata(t)
	for _, tc := range []struct {
		name, lang string
		err        error
		want       string
	}{
		{"primary password", "ja", fmt.Errorf("the NSS database has a primary password: %w", store.ErrLocked), "パスワード(Firefox の「主パスワード」など)で保護されている"},
		{"Windows access denied", "ja", errors.New("PFXImportCertStore: Access is denied."), "書き込みが許可されませんでした"},
		{"keychain locked", "en", errors.New("SecKeychainItemImport: errSecAuthFailed (-25293)"), "protected by a password"},
		{"not read back", "en", store.ErrNotReadBack, "not found when the store was read back"},
		{"unknown", "ja", errors.New("NSS error -8191"), "原因を特定できないエラーです(import into nss db: NSS error -8191)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := store.NewMemory(store.KindNSS, "db")
			m.FailImport = tc.err
			r := runWithStores(t, "", []store.Store{m}, "import", f.good, "--lang", tc.lang)
			if r.code != ExitFailed || !strings.Contains(r.stdout, tc.want) {
				t.Errorf("exit %d, output lacks %q:\n%s%s", r.code, tc.want, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout, "「戻る」") || strings.Contains(r.stdout, "Press Back") {
				t.Errorf("a window button in the command line's words:\n%s", r.stdout)
			}
		})
	}
}
