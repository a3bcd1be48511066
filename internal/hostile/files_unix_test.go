//go:build unix

package hostile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/specialfile"
)

// hostileFiles makes the paths every file flag is tried with: a FIFO
// nobody writes to, /dev/zero, a folder and a 2 GB sparse file.
func hostileFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	fifo := filepath.Join(dir, "pipe.p12")
	specialfile.Pipe(t, fifo)
	folder := filepath.Join(dir, "folder.p12")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "sparse.p12")
	specialfile.Sparse(t, sparse, 2<<30)
	return map[string]string{"fifo": fifo, "dev-zero": "/dev/zero", "folder": folder, "sparse-2GB": sparse}
}

// fileFlag is one command line with @ where the hostile path goes, the
// exit code the CLI contract gives for it, and the kinds of path it is
// tried with (all four unless only is set: a folder is a valid --out of
// deploy, a regular file a valid --out of report --force).
type fileFlag struct {
	name string
	args []string
	code int
	only []string
}

func fileFlags(good, db, out string) []fileFlag {
	const url = "--url=https://" + pkitest.Host
	return []fileFlag{
		// The certificate file: exit 4 (not a readable PKCS#12 file).
		{name: "inspect FILE", args: []string{"inspect", "@"}, code: 4},
		{name: "import FILE", args: []string{"import", "@", "--store", "nss", "--nss-db", db}, code: 4},
		{name: "deploy FILE", args: []string{"deploy", "@", url, "--out", out + "-a"}, code: 4},
		{name: "renew FILE", args: []string{"renew", "@", "--store", "nss", "--nss-db", db}, code: 4},
		// diagnose reports the file as a failed check: exit 1.
		{name: "diagnose --p12", args: []string{"diagnose", "--p12", "@", "--store", "nss", "--nss-db", db, "--timeout", "2s"}, code: 1},
		// A support report to open: exit 4.
		{name: "view REPORT", args: []string{"view", "@"}, code: 4},
		// Password files: a usage error, exit 2.
		{name: "inspect --password-file", args: []string{"inspect", "--password-file", "@", good}, code: 2},
		{name: "import --password-file", args: []string{"import", good, "--password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "diagnose --password-file", args: []string{"diagnose", "--p12", good, "--password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "report --password-file", args: []string{"report", "--p12", good, "--password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "deploy --password-file", args: []string{"deploy", good, "--password-file", "@", url, "--out", out + "-b"}, code: 2},
		{name: "renew --password-file", args: []string{"renew", "--password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "remind --password-file", args: []string{"remind", "--dry-run", "--password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "list --nss-password-file", args: []string{"list", "--nss-password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "import --nss-password-file", args: []string{"import", good, "--nss-password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "delete --nss-password-file", args: []string{"delete", "0123456789ABCDEF", "--yes", "--nss-password-file", "@", "--store", "nss", "--nss-db", db}, code: 2},
		// Other inputs: exit 2.
		{name: "diagnose --server-ca", args: []string{"diagnose", "--server-ca", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "renew --server-ca", args: []string{"renew", "--server-ca", "@", "--store", "nss", "--nss-db", db}, code: 2},
		{name: "diagnose --profile", args: []string{"diagnose", "--profile", "@"}, code: 2},
		{name: "inspect --profile", args: []string{"inspect", good, "--profile", "@"}, code: 2},
		{name: "report --from", args: []string{"report", "--from", "@"}, code: 2},
		{name: "report --screenshot", args: []string{"report", "--screenshot", "@", "--store", "nss", "--nss-db", db, "--timeout", "2s"}, code: 2},
		{name: "deploy --installer", args: []string{"deploy", good, url, "--system", "windows", "--installer", "@", "--out", out + "-c"}, code: 2},
		{name: "list --nss-db", args: []string{"list", "--store", "nss", "--nss-db", "@"}, code: 2, only: []string{"fifo", "dev-zero", "sparse-2GB"}},
		// Outputs: never written through; exit 1 (the write failed).
		{name: "report --out --force", args: []string{"report", "--from", "@from", "--out", "@", "--force"}, code: 1, only: []string{"fifo", "dev-zero", "folder"}},
		{name: "deploy --out", args: []string{"deploy", good, url, "--out", "@"}, code: 1, only: []string{"fifo", "dev-zero", "sparse-2GB"}},
	}
}

// TestEveryFileFlagRefusesHostilePaths runs every file flag of every
// command with each hostile path, in Japanese and in English: each run
// ends (no FIFO open that blocks), exits with its documented code, names
// the file in the run's language, shows no panic and stays under maxRSS
// (nothing reads /dev/zero or the 2 GB file).
func TestEveryFileFlagRefusesHostilePaths(t *testing.T) {
	dir := t.TempDir()
	paths := hostileFiles(t, dir)
	good := pkitest.P12(t, dir, "good.p12", pkitest.Get(t).Live, pkitest.Password)
	db := filepath.Join(dir, "nssdb")
	from := filepath.Join(dir, "run.json")
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	// A saved diagnose run for report --from (what diagnose --json writes).
	r := run(t, env(home, "C.UTF-8"), "", "diagnose", "--json", "--store", "nss", "--nss-db", db, "--timeout", "1s")
	if err := os.WriteFile(from, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ff := range fileFlags(good, db, filepath.Join(dir, "out")) {
		for _, kind := range []string{"fifo", "dev-zero", "folder", "sparse-2GB"} {
			if ff.only != nil && !contains(ff.only, kind) {
				continue
			}
			for _, lang := range []string{"ja", "en"} {
				t.Run(ff.name+"/"+kind+"/"+lang, func(t *testing.T) {
					path := paths[kind]
					args := make([]string, 0, len(ff.args)+2)
					for _, a := range ff.args {
						switch a {
						case "@":
							a = path
						case "@from":
							a = from
						}
						args = append(args, a)
					}
					args = append(args, "--lang", lang)
					r := run(t, env(home, "C.UTF-8"), "", args...)
					checkSane(t, r)
					if r.code != ff.code {
						t.Errorf("exit %d, want %d\n%s", r.code, ff.code, clip(r.output()))
					}
					checkNamed(t, r, path, lang)
					if ff.code == 4 { // a certificate file: say what the path is instead
						checkKindSaid(t, r, kind, lang)
					}
				})
			}
		}
	}
}

// TestHostileSettingsAndFirefoxFiles puts the hostile paths where the
// program reads on its own at start: settings.json and Firefox's
// profiles.ini. A run must end and stay bounded; for profiles.ini the
// Firefox line must say, in each language, that the profile list could
// not be read and why, never that Firefox was not found.
func TestHostileSettingsAndFirefoxFiles(t *testing.T) {
	dir := t.TempDir()
	paths := hostileFiles(t, dir)
	for kind, path := range paths {
		for _, where := range []string{".config/rootip-cert/settings.json", ".mozilla/firefox/profiles.ini"} {
			t.Run(kind+"/"+where, func(t *testing.T) {
				home := t.TempDir()
				link := filepath.Join(home, where)
				if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(path, link); err != nil {
					t.Fatal(err)
				}
				for _, lang := range []string{"en", "ja"} {
					r := run(t, env(home, map[string]string{"en": "C.UTF-8", "ja": "ja_JP.UTF-8"}[lang]), "", "diagnose", "--lang", lang, "--timeout", "1s")
					checkSane(t, r)
					if r.code != 1 || !strings.Contains(r.stdout, map[string]string{"en": "Result:", "ja": "結果:"}[lang]) {
						t.Errorf("diagnose (%s): exit %d, want 1 with a result\n%s", lang, r.code, clip(r.output()))
					}
					if strings.HasSuffix(where, "profiles.ini") {
						checkProfileListSaid(t, r, kind, lang, link)
						// list: incomplete (exit 1), never "nothing found" alone.
						l := run(t, env(home, map[string]string{"en": "C.UTF-8", "ja": "ja_JP.UTF-8"}[lang]), "", "list", "--lang", lang)
						checkSane(t, l)
						if l.code != 1 || !strings.Contains(l.stderr, profileListWords[lang][0]) || !strings.Contains(l.stderr, link) ||
							!strings.Contains(l.stderr, kindWords[kind][lang]) && kind != "sparse-2GB" {
							t.Errorf("list (%s): exit %d, want 1 saying %s could not be read\n%s", lang, l.code, link, clip(l.output()))
						}
					}
				}
			})
		}
	}
}

// profileListWords is how the Firefox line says its profile list could not
// be read, and how it must not say that Firefox is absent.
var profileListWords = map[string][2]string{
	"en": {"profile list", "Firefox was not found"},
	"ja": {"プロファイル一覧", "Firefox は見つかりませんでした"},
}

// checkProfileListSaid: the Firefox line names profiles.ini as unreadable,
// says what it is instead (a pipe, a device, a folder, too large) and does
// not claim there is no Firefox.
func checkProfileListSaid(t *testing.T, r result, kind, lang, path string) {
	t.Helper()
	l := line(r.stdout, "Firefox profiles", "Firefox のプロファイル")
	words := profileListWords[lang]
	if !strings.Contains(l, words[0]) || !strings.Contains(l, path) || strings.Contains(r.stdout, words[1]) {
		t.Errorf("%s: the Firefox line does not say that %s could not be read: %q\n%s", lang, path, l, clip(r.stdout))
	}
	want := kindWords[kind][lang]
	if kind == "sparse-2GB" {
		want = map[string]string{"en": "too large", "ja": "大きすぎ"}[lang]
	}
	if !strings.Contains(l, want) {
		t.Errorf("%s: the Firefox line does not say why (%q): %q", lang, want, l)
	}
	if lang == "ja" && !japanese.MatchString(strings.ReplaceAll(l, path, "")) {
		t.Errorf("ja: the Firefox line is not in Japanese: %q", l)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindWords is how the messages say what a refused path is.
var kindWords = map[string]map[string]string{
	"fifo":     {"ja": "名前付きパイプ", "en": "named pipe"},
	"dev-zero": {"ja": "デバイス", "en": "device"},
	"folder":   {"ja": "フォルダー", "en": "folder"},
}

// checkKindSaid: the refusal says what the path is (a folder, a pipe, a
// device), not only that the file could not be opened.
func checkKindSaid(t *testing.T, r result, kind, lang string) {
	t.Helper()
	if w, ok := kindWords[kind][lang]; ok && !strings.Contains(r.output(), w) {
		t.Errorf("the refusal does not say the path is a %s (%q):\n%s", kind, w, clip(r.output()))
	}
}
