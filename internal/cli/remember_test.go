package cli

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// TestDiagnoseRemembersOnlyAReachedAddress: `diagnose --url` keeps the
// address for later runs (and the window) only when the run reached that
// server and it proved itself (net.tls ok), and says so; an address that
// could not be reached — a helpdesk agent trying example.invalid — leaves
// the user's remembered address as it was, and says that too.
func TestDiagnoseRemembersOnlyAReachedAddress(t *testing.T) {
	const mine = "https://acme.rootip-cloud.net/"
	sc, err := demo.Start(demo.None)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	ca := filepath.Join(t.TempDir(), "server-ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: sc.ServerCA.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	var demoResolve string
	for hp, addr := range sc.Resolve {
		host, port, _ := net.SplitHostPort(hp)
		demoResolve = host + ":" + port + ":" + addr
	}
	run := func(settings string, args ...string) result {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
			Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) {
				return []store.Store{store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")}, nil
			}}}
		return result{Run(append(args, "--timeout", "3s"), env), out.String(), errb.String()}
	}
	remembered := func(t *testing.T, settings string) string {
		t.Helper()
		s, err := profile.LoadSettings(settings)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return s.URL
	}
	withSaved := func(t *testing.T, u string) string {
		settings := filepath.Join(t.TempDir(), "settings.json")
		if u != "" {
			if err := profile.SaveSettings(settings, profile.Settings{URL: u}); err != nil {
				t.Fatal(err)
			}
		}
		return settings
	}
	// example.invalid pointed at a closed loopback port: not reached, with
	// no DNS query leaving this machine.
	unreachable := []string{"--url", "https://example.invalid:1/", "--resolve", "example.invalid:1:127.0.0.1"}

	t.Run("unreachable, an address remembered", func(t *testing.T) {
		settings := withSaved(t, mine)
		r := run(settings, append([]string{"diagnose", "--lang", "ja"}, unreachable...)...)
		if got := remembered(t, settings); got != mine {
			t.Errorf("remembered %q after a run that did not reach the server, want %q kept", got, mine)
		}
		want := "https://example.invalid:1/ のサーバーに接続できなかったため、このアドレスは保存しません(次回も前回のアドレス " + mine + " を使います)。"
		if !strings.Contains(r.stdout, want) {
			t.Errorf("does not say the address is not saved:\n%s", r.stdout)
		}
	})
	t.Run("unreachable, nothing remembered, English, JSON", func(t *testing.T) {
		settings := withSaved(t, "")
		r := run(settings, append([]string{"diagnose", "--lang", "en", "--json"}, unreachable...)...)
		if got := remembered(t, settings); got != "" {
			t.Errorf("remembered %q", got)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Errorf("stdout is not one JSON document: %v\n%s", err, r.stdout)
		}
		if !strings.Contains(r.stderr, "The server of https://example.invalid:1/ could not be reached, so this address is not saved.") {
			t.Errorf("stderr: %q", r.stderr)
		}
	})
	t.Run("reached", func(t *testing.T) {
		settings := withSaved(t, mine)
		args := []string{"diagnose", "--lang", "ja", "--url", sc.URL.String(), "--resolve", demoResolve, "--server-ca", ca}
		r := run(settings, args...)
		if got := remembered(t, settings); got != sc.URL.String() {
			t.Fatalf("remembered %q after reaching %s\n%s", got, sc.URL, r.stdout)
		}
		if want := "システムアドレス " + sc.URL.String() + " を保存しました。次回からは --url を付けなくてもこのアドレスを使います(画面でも)。"; !strings.Contains(r.stdout, want) {
			t.Errorf("does not say the address is saved:\n%s", r.stdout)
		}
		// Given again: already the remembered one, nothing to say.
		if r := run(settings, args...); strings.Contains(r.stdout, "保存") {
			t.Errorf("the same address again:\n%s", r.stdout)
		}
	})
}

// TestImportRemembersTheAddressOnlyWhenInstalled: `import --url` keeps the
// address once something was installed, and says so; an import that
// installed nothing leaves the remembered address alone.
func TestImportRemembersTheAddressOnlyWhenInstalled(t *testing.T) {
	f := testdata(t)
	const mine, other = "https://acme.rootip-cloud.net/", "https://other.rootip-cloud.net/"
	run := func(stores []store.Store, file string) (result, string) {
		settings := filepath.Join(t.TempDir(), "settings.json")
		if err := profile.SaveSettings(settings, profile.Settings{URL: mine}); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
			Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) { return stores, nil }}}
		code := Run([]string{"import", file, "--url", other, "--lang", "ja"}, env)
		s, err := profile.LoadSettings(settings)
		if err != nil {
			t.Fatal(err)
		}
		return result{code, out.String(), errb.String()}, s.URL
	}
	r, got := run([]store.Store{store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")}, f.good)
	if r.code != ExitOK || got != other || !strings.Contains(r.stdout, "システムアドレス "+other+" を保存しました。") {
		t.Errorf("installed: exit %d, remembered %q\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	broken := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	broken.FailImport = errors.New("disk full")
	r, got = run([]store.Store{broken}, f.good)
	if r.code != ExitFailed || got != mine || strings.Contains(r.stdout, "保存しました") {
		t.Errorf("nothing installed: exit %d, remembered %q (want %q kept)\n%s%s", r.code, got, mine, r.stdout, r.stderr)
	}
}

// TestRenewSaysItRemembersTheAddress: `renew --url` keeps the address
// (DESIGN: --url is remembered) and says so when it changes.
func TestRenewSaysItRemembersTheAddress(t *testing.T) {
	const other = "https://other.rootip-cloud.net/"
	settings := filepath.Join(t.TempDir(), "settings.json")
	if err := profile.SaveSettings(settings, profile.Settings{URL: "https://acme.rootip-cloud.net/"}); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
		Flow: flow.Deps{SettingsPath: settings, Find: func(store.Selection) ([]store.Store, error) {
			return []store.Store{store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")}, nil
		}}}
	Run([]string{"renew", "--url", other, "--lang", "en", "--json", "--timeout", "2s"}, env)
	if s, _ := profile.LoadSettings(settings); s.URL != other {
		t.Errorf("remembered %q, want %q", s.URL, other)
	}
	if !strings.Contains(errb.String(), "Saved the system address "+other+": later runs use it without --url (the window too).") {
		t.Errorf("stderr: %q", errb.String())
	}
}
