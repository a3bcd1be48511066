package cli

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/firefox"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/store"
)

// TestNoStoreButAnUnreadableProfileList: Windows or macOS with --store nss
// where no NSS database exists and Firefox's profiles.ini cannot be read
// (the finder this OS would give, as data: no store, one unlisted list).
// import, list and delete say it in the catalogue's words, ja and en,
// never the raw error; diagnose reports firefox.profiles as unreadable.
func TestNoStoreButAnUnreadableProfileList(t *testing.T) {
	f := testdata(t)
	ini := `C:\Users\u\AppData\Roaming\Mozilla\Firefox\profiles.ini`
	find := func(store.Selection) ([]store.Store, error) {
		le := &firefox.ListError{Path: ini, Err: &fs.PathError{Op: "open", Path: ini, Err: fs.ErrPermission}}
		return nil, &store.UnlistedError{Lists: []store.Unlisted{{Reader: store.Reader{Kind: store.ReaderFirefox}, Path: ini, Err: le}}}
	}
	run := func(args ...string) result {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Now: time.Now,
			Flow: flow.Deps{SettingsPath: filepath.Join(t.TempDir(), "s.json"), Find: find}}
		return result{Run(args, env), out.String(), errb.String()}
	}
	for _, lang := range []struct{ lang, want string }{
		{"ja", "Firefox のプロファイル一覧 " + ini + " を読み取れませんでした(読み取りの権限がありません)"},
		{"en", "Firefox's profile list " + ini + " could not be read (no permission to read it)"},
	} {
		for _, args := range [][]string{{"import", f.good, "--store", "nss"}, {"list", "--store", "nss"},
			{"delete", strings.Repeat("ab", 32), "--store", "nss", "--yes"}} {
			t.Run(lang.lang+" "+args[0], func(t *testing.T) {
				r := run(append(args, "--lang", lang.lang)...)
				if r.code != ExitFailed || !strings.Contains(r.stderr, lang.want) || strings.Contains(r.stderr, "permission denied") || strings.Contains(r.stderr, "open ") {
					t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, ExitFailed, lang.want)
				}
			})
		}
	}
	t.Run("diagnose", func(t *testing.T) {
		r := run("diagnose", "--json", "--store", "nss", "--lang", "en")
		if !strings.Contains(r.stdout, `"outcome": "unreadable"`) || !strings.Contains(r.stdout, "could not be read (no permission to read it)") {
			t.Errorf("diagnose does not report the unreadable list:\n%s", r.stdout)
		}
	})
}
