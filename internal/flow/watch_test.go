package flow

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// p12Bytes is the identity as a .p12 file's bytes.
func p12Bytes(t *testing.T, id *certfile.Identity, password string) []byte {
	t.Helper()
	data, err := (&pki.Leaf{Cert: id.Leaf, Key: id.Key, Chain: id.Chain}).P12(pki.Modern, password, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// watchedFlow is a flow with the old certificate installed and a watcher
// on a fresh Downloads folder that already holds last year's download.
func watchedFlow(t *testing.T, poll bool) (*Flow, *Watcher, string) {
	t.Helper()
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	put(t, m, p.Current)
	f := testFlow(t, m)
	_ = f.RememberURL(systemURL(t))
	dir := filepath.Join(t.TempDir(), "Downloads")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "クライアント証明書.p12"), p12Bytes(t, p.Current, pkitest.Password), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, err := f.WatchDownloads(ctx, WatchRequest{Dirs: []string{dir, filepath.Join(dir, "missing")}, ForcePoll: poll,
		Poll: 200 * time.Millisecond, Settle: 250 * time.Millisecond, GiveUp: 800 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	want := WatchNotify
	if poll {
		want = WatchPoll
	}
	if d := w.Dirs(); len(d) != 1 || d[0].Path != dir || d[0].Mode != want {
		t.Fatalf("watched %+v, want %s only, %s", d, dir, want)
	}
	return f, w, dir
}

// next waits for the next arrival, at most within.
func next(t *testing.T, w *Watcher, within time.Duration) (Arrival, time.Duration) {
	t.Helper()
	start := time.Now()
	select {
	case a, ok := <-w.Arrivals():
		if !ok {
			t.Fatal("the watcher stopped")
		}
		return a, time.Since(start)
	case <-time.After(within):
		t.Fatalf("nothing detected within %s", within)
	}
	return Arrival{}, 0
}

// quiet asserts that nothing arrives for a while.
func quiet(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case a := <-w.Arrivals():
		t.Fatalf("unexpected arrival %s (%s, %v)", a.Path, a.Class, a.Err)
	case <-time.After(d):
	}
}

// TestWatchDetectsDownloads: a real file written into a temporary
// Downloads folder — under a new name, as 「クライアント証明書 (1).p12」, as a
// partial download that completes later, as a Chrome .crdownload renamed
// when complete, and as Firefox's empty final file beside its .part — is
// read within 2 s of being complete, never before, and classified as the
// successor; the file already there is not reported. Both with change
// notification and with the polling fallback; the downloads of one mode
// arrive at the same time.
func TestWatchDetectsDownloads(t *testing.T) {
	p := pkitest.Get(t)
	data := p12Bytes(t, p.Successor, pkitest.Password)
	writers := map[string]func(t *testing.T, dir string) string{ // each returns the final path, once complete
		"new name": func(t *testing.T, dir string) string {
			return writeAsync(t, filepath.Join(dir, "cert-2027.P12"), data)
		},
		"second download of the same name": func(t *testing.T, dir string) string {
			return writeAsync(t, filepath.Join(dir, "クライアント証明書 (1).p12"), data)
		},
		"partial download that completes later": func(t *testing.T, dir string) string {
			path := filepath.Join(dir, "クライアント証明書 (2).pfx")
			writeAsync(t, path, data[:len(data)/2])
			// Longer than settling: the half is read, found incomplete
			// and not reported (giving up takes longer).
			time.Sleep(600 * time.Millisecond)
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Error(err)
				return path
			}
			if _, err := f.Write(data[len(data)/2:]); err != nil {
				t.Error(err)
			}
			f.Close()
			return path
		},
		"crdownload renamed": func(t *testing.T, dir string) string {
			part := writeAsync(t, filepath.Join(dir, "Unconfirmed 123456.crdownload"), data)
			time.Sleep(300 * time.Millisecond)
			final := filepath.Join(dir, "クライアント証明書 (3).p12")
			if err := os.Rename(part, final); err != nil {
				t.Error(err)
			}
			return final
		},
		"firefox part beside an empty final file": func(t *testing.T, dir string) string {
			final := writeAsync(t, filepath.Join(dir, "クライアント証明書 (4).p12"), nil)
			part := writeAsync(t, final+".part", data[:100])
			time.Sleep(400 * time.Millisecond)
			writeAsync(t, part, data)
			if err := os.Rename(part, final); err != nil {
				t.Error(err)
			}
			return final
		},
	}
	for _, poll := range []bool{false, true} {
		name := "notify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, w, dir := watchedFlow(t, poll)
			type done struct {
				name, path string
				at         time.Time
			}
			complete := make(chan done, len(writers))
			for name, write := range writers {
				go func() {
					path := write(t, dir)
					complete <- done{name, path, time.Now()}
				}()
			}
			finished := map[string]done{}
			seen := map[string]bool{}
			deadline := time.After(5 * time.Second)
			for len(seen) < len(writers) {
				select {
				case d := <-complete:
					finished[d.path] = d
				case a, ok := <-w.Arrivals():
					if !ok {
						t.Fatal("the watcher stopped")
					}
					// A completion and its arrival may be read in either
					// order: drain the completions first.
					for drained := false; !drained; {
						select {
						case d := <-complete:
							finished[d.path] = d
						default:
							drained = true
						}
					}
					d, ok := finished[a.Path]
					switch {
					case !ok:
						t.Fatalf("%s reported before its download was complete (%s, %v)", a.Path, a.Class, a.Err)
					case seen[a.Path]:
						t.Fatalf("%s reported twice", a.Path)
					case a.Class != renewal.ClassSuccessor || a.Identity == nil || a.Identity.SHA256() != p.Successor.SHA256():
						t.Fatalf("%s: %s %v, want the successor", d.name, a.Class, a.Err)
					case !strings.Contains(a.Cert.Name, pkitest.Host) || a.Cert.NotAfter.IsZero():
						t.Errorf("%s: certificate %+v", d.name, a.Cert)
					}
					took := time.Since(d.at)
					if took > 2*time.Second {
						t.Errorf("%s: detected after %s", d.name, took)
					}
					t.Logf("%s: detected %s after it was complete", d.name, took.Round(time.Millisecond))
					seen[a.Path] = true
				case <-deadline:
					t.Fatalf("detected %d of %d downloads: %v", len(seen), len(writers), seen)
				}
			}
			quiet(t, w, 400*time.Millisecond)
		})
	}
}

// TestWatchClassifies: the same certificate again, an older one, another
// environment's, another CA's for this address, a wrong password and a
// file that is not PKCS#12 (reported once it stopped changing for a while).
func TestWatchClassifies(t *testing.T) {
	p := pkitest.Get(t)
	_, w, dir := watchedFlow(t, false)
	want := map[string]struct {
		class renewal.Class
		code  certfile.Code
	}{}
	for _, tc := range []struct {
		file  string
		data  []byte
		class renewal.Class
		code  certfile.Code
	}{
		{"same.p12", p12Bytes(t, p.Current, pkitest.Password), renewal.ClassSame, ""},
		{"older.p12", p12Bytes(t, p.Expired, pkitest.Password), renewal.ClassOlder, ""},
		{"other.p12", p12Bytes(t, p.OtherEnv, pkitest.Password), renewal.ClassOtherEnv, ""},
		{"foreign-ca.p12", p12Bytes(t, p.Foreign, pkitest.Password), renewal.ClassSuccessor, ""},
		{"password.p12", p12Bytes(t, p.Successor, "another"), renewal.ClassUnreadable, certfile.WrongPassword},
		{"garbage.pfx", []byte("this is not a certificate file, truncated or not"), renewal.ClassUnreadable, certfile.Corrupt},
	} {
		want[writeFile(t, filepath.Join(dir, tc.file), tc.data)] = struct {
			class renewal.Class
			code  certfile.Code
		}{tc.class, tc.code}
	}
	for n := len(want); n > 0; n-- {
		a, _ := next(t, w, 3*time.Second)
		wa, ok := want[a.Path]
		if !ok || a.Class != wa.class || certfile.CodeOf(a.Err) != wa.code {
			t.Fatalf("arrival %s %s %v, want %s %s", a.Path, a.Class, a.Err, wa.class, wa.code)
		}
		delete(want, a.Path)
	}
}

func TestWatchNeedsAFolder(t *testing.T) {
	f := testFlow(t)
	if _, err := f.WatchDownloads(context.Background(), WatchRequest{Dirs: []string{filepath.Join(t.TempDir(), "none")}}); err != ErrNoDownloadDir {
		t.Fatalf("err = %v", err)
	}
}

func TestFindDownloadsAndDownloadDirs(t *testing.T) {
	p := pkitest.Get(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "cfg")
	dl := filepath.Join(home, "ダウンロード")
	custom := filepath.Join(home, "certs from chrome")
	ffdir := filepath.Join(home, "firefox saves here")
	for _, d := range []string{dl, custom, ffdir, filepath.Join(home, "Downloads"), filepath.Join(cfg, "google-chrome", "Default")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(cfg, "user-dirs.dirs"), []byte("XDG_DOWNLOAD_DIR=\"$HOME/ダウンロード\"\n"))
	writeFile(t, filepath.Join(cfg, "google-chrome", "Default", "Preferences"), []byte(`{"download":{"default_directory":"`+custom+`"}}`))
	prof := filepath.Join(home, ".mozilla", "firefox", "abc.default-release")
	if err := os.MkdirAll(prof, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(home, ".mozilla", "firefox", "profiles.ini"), []byte("[Profile0]\nName=default-release\nIsRelative=1\nPath=abc.default-release\nDefault=1\n"))
	writeFile(t, filepath.Join(prof, "prefs.js"), []byte(`user_pref("browser.download.folderList", 2);`+"\n"+`user_pref("browser.download.dir", "`+ffdir+`");`+"\n"))
	env := map[string]string{"XDG_CONFIG_HOME": cfg}
	dirs := DownloadDirs("linux", home, func(k string) string { return env[k] })
	want := []string{filepath.Join(home, "Downloads"), dl, custom, ffdir}
	if strings.Join(dirs, "|") != strings.Join(want, "|") {
		t.Fatalf("dirs = %q, want %q", dirs, want)
	}
	m := store.NewMemory(store.KindNSS, "/ff")
	put(t, m, p.Current)
	f := testFlow(t, m)
	writeFile(t, filepath.Join(custom, "クライアント証明書 (1).p12"), p12Bytes(t, p.Successor, pkitest.Password))
	writeFile(t, filepath.Join(dl, "notes.txt"), []byte("not a certificate"))
	got := f.FindDownloads(context.Background(), dirs, "")
	if len(got) != 1 || got[0].Class != renewal.ClassSuccessor {
		t.Fatalf("downloads = %+v", got)
	}
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeAsync writes a file from a writer goroutine (t.Error, not t.Fatal).
func writeAsync(t *testing.T, path string, data []byte) string {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Error(err)
	}
	return path
}
