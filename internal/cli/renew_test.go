package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/reminder"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// season is a user's machine in the renewal season: two stores, a home
// with a Downloads folder, remembered settings, a pinned clock.
type season struct {
	t          *testing.T
	ff, chrome *store.Memory
	home       string
	settings   string
	now        time.Time
	reminder   *fakeReminder
	lastCode   int
}

func newSeason(t *testing.T, now time.Time) *season {
	t.Helper()
	s := &season{t: t, home: t.TempDir(), now: now, reminder: &fakeReminder{}}
	s.settings = filepath.Join(s.home, ".config", "rootip-cert", "settings.json")
	if err := os.MkdirAll(filepath.Join(s.home, "Downloads"), 0o700); err != nil {
		t.Fatal(err)
	}
	s.ff = store.NewMemory(store.KindNSS, filepath.Join(s.home, ".mozilla", "firefox", "a.default-release"))
	s.ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	s.chrome = store.NewMemory(store.KindNSS, filepath.Join(s.home, ".pki", "nssdb"))
	s.chrome.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	return s
}

func (s *season) install(m *store.Memory, ids ...*certfile.Identity) {
	for _, id := range ids {
		if err := m.Import(context.Background(), id); err != nil {
			s.t.Fatal(err)
		}
	}
}

func (s *season) run(stdin string, args ...string) result {
	s.t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Now: func() time.Time { return s.now },
		Getenv: func(k string) string {
			if k == "HOME" {
				return s.home
			}
			return ""
		},
		Flow: flow.Deps{SettingsPath: s.settings, Find: func(store.Selection) ([]store.Store, error) {
			return []store.Store{s.ff, s.chrome}, nil
		}},
		Reminder:   s.reminder,
		Executable: func() (string, error) { return "/opt/rootip-cert/rootip-cert", nil },
	}
	code := Run(args, env)
	return result{code, out.String(), errb.String()}
}

func (s *season) renewJSON(args ...string) renewJSON {
	s.t.Helper()
	doc, code := seasonJSON[renewJSON](s, "renew", args...)
	s.lastCode = code
	return doc
}

// seasonJSON runs command --json for the test host with args and decodes
// its one JSON document; the exit code comes with it.
func seasonJSON[T any](s *season, command string, args ...string) (T, int) {
	s.t.Helper()
	r := s.run("", append([]string{command, "--json", "--url", pkitest.Host}, args...)...)
	var doc T
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		s.t.Fatalf("%s --json: %v\n%s\n%s", command, err, r.stdout, r.stderr)
	}
	return doc, r.code
}

// TestRenewStates: `renew --json` for each state, its exit code, and the
// text form in both languages.
func TestRenewStates(t *testing.T) {
	p := pkitest.Get(t)
	s := newSeason(t, pkitest.Now)
	doc := s.renewJSON()
	if doc.Outcome != renewal.OutcomeNone || doc.Next != renewal.Fetch || s.lastCode != ExitFailed {
		t.Fatalf("nothing installed: %s %s exit %d", doc.Outcome, doc.Next, s.lastCode)
	}
	s.install(s.ff, p.Current)
	s.install(s.chrome, p.Current)
	doc = s.renewJSON()
	if doc.Outcome != renewal.OutcomeMissing || doc.Next != renewal.Fetch || doc.Expiring == nil || doc.Expiring.SHA256 != p.Current.SHA256() ||
		!doc.Window.Open || len(doc.Stores) != 2 {
		t.Fatalf("old only: %+v", doc.State)
	}
	// The successor waiting in the Downloads folder: install it.
	pkitest.P12(t, filepath.Join(s.home, "Downloads"), "クライアント証明書 (1).p12", p.Successor, pkitest.Password)
	doc = s.renewJSON()
	if doc.Next != renewal.Install || len(doc.Downloads) != 1 || doc.Downloads[0].Class != renewal.ClassSuccessor {
		t.Fatalf("downloaded: next %s downloads %+v", doc.Next, doc.Downloads)
	}
	ja := s.run("", "renew", "--lang", "ja")
	for _, want := range []string{"電子証明書の更新 — システムアドレス " + pkitest.Host, "この更新で期限切れになります", "新しい証明書: まだインストールされていません",
		"次にすること: ダウンロードした新しい証明書をインストールする", "rootip-cert renew " + filepath.Join(s.home, "Downloads", "クライアント証明書 (1).p12")} {
		if !strings.Contains(ja.stdout, want) {
			t.Errorf("ja text lacks %q:\n%s", want, ja.stdout)
		}
	}
	en := s.run("", "renew", "--lang", "en")
	if !strings.Contains(en.stdout, "Next: Install the downloaded new certificate") || strings.ContainsAny(en.stdout, "ぁあいうえおかきくけこ") {
		t.Errorf("en text:\n%s", en.stdout)
	}
	// The successor in one store of two.
	s.install(s.ff, p.Successor)
	doc = s.renewJSON()
	if doc.Outcome != renewal.OutcomePartial || doc.Next != renewal.InstallEverywhere || doc.Stores[0].Successor == doc.Stores[1].Successor {
		t.Fatalf("one store of two: %+v", doc.State)
	}
	// Everywhere, not proven (no signer reaches a server: no address to
	// reach here, so it stays unproven and says so).
	s.install(s.chrome, p.Successor)
	doc = s.renewJSON("--url", "https://"+pkitest.Host+":1/", "--timeout", "1s")
	if doc.Outcome != renewal.OutcomeUnproven || doc.Next != renewal.Prove || s.lastCode != ExitFailed {
		t.Fatalf("unproven: %+v", doc.State)
	}
}

// TestRenewFileInstallsBeside: `renew FILE` installs the successor beside
// the old one in every store (without an address: not proven, and says
// so); an older file or another environment's is refused untouched.
func TestRenewFileInstallsBeside(t *testing.T) {
	p := pkitest.Get(t)
	s := newSeason(t, pkitest.Now)
	s.install(s.ff, p.Current)
	s.install(s.chrome, p.Current)
	dir := t.TempDir()
	old := pkitest.P12(t, dir, "old.p12", p.Expired, pkitest.Password)
	r := s.run("", "renew", "--url", pkitest.Host, old)
	if r.code != ExitFailed || s.ff.Imports() != 1 {
		t.Fatalf("an older file: exit %d, imports %d\n%s%s", r.code, s.ff.Imports(), r.stdout, r.stderr)
	}
	other := pkitest.P12(t, dir, "other.p12", p.OtherEnv, pkitest.Password)
	if r := s.run("", "renew", "--json", "--url", pkitest.Host, other); r.code != ExitFailed || !strings.Contains(r.stdout, `"not-successor"`) {
		t.Fatalf("another environment: exit %d\n%s", r.code, r.stdout)
	}
	file := pkitest.P12(t, dir, "クライアント証明書 (1).p12", p.Successor, pkitest.Password)
	r = s.run("", "renew", "--json", file)
	var doc renewJSON
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Installed == nil || len(doc.Installed.Results) != 2 || !doc.Installed.OldKept || doc.Installed.Proof.Status != renewal.Untested ||
		doc.Installed.Pick.IssuedTo != pkitest.Host || !doc.Installed.Pick.NotAfter.Equal(p.Successor.Leaf.NotAfter.UTC()) {
		t.Fatalf("installed %+v", doc.Installed)
	}
	if doc.Outcome != renewal.OutcomeUnproven || !doc.SuccessorEverywhere || r.code != ExitFailed {
		t.Errorf("after: %s everywhere %v exit %d", doc.Outcome, doc.SuccessorEverywhere, r.code)
	}
	for _, m := range []*store.Memory{s.ff, s.chrome} {
		entries, _ := m.List(context.Background())
		if len(entries) != 2 {
			t.Errorf("%s holds %d certificates, want the old and the new", m.Location(), len(entries))
		}
	}
	bad := filepath.Join(dir, "bad.p12")
	os.WriteFile(bad, []byte("not pkcs12"), 0o600)
	if r := s.run("", "renew", bad); r.code != ExitUnreadable {
		t.Errorf("an unreadable file: exit %d", r.code)
	}
}

// TestRenewCleanup: after January 10 the old certificate may go; the
// confirmation names it, "n" keeps it, --yes removes it from every store.
func TestRenewCleanup(t *testing.T) {
	p := pkitest.Get(t)
	s := newSeason(t, pkitest.Now)
	s.install(s.ff, p.Current, p.Successor)
	s.install(s.chrome, p.Current, p.Successor)
	if r := s.run("", "renew", "--cleanup", "--lang", "en"); r.code != ExitOK || !strings.Contains(r.stdout, "No old certificate can be removed") {
		t.Fatalf("in the period: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	s.now = time.Date(2027, 1, 15, 10, 0, 0, 0, pkitest.JST)
	r := s.run("n\n", "renew", "--cleanup", "--lang", "ja")
	if all := r.stdout + r.stderr; r.code != ExitFailed || !strings.Contains(all, pkitest.Host) || !strings.Contains(all, "2027/01/10") ||
		!strings.Contains(all, "Firefox(プロファイル default-release)、Chrome") || !strings.Contains(r.stderr, "削除しますか") || s.count(p.Current) != 2 {
		t.Fatalf("declined: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = s.run("", "renew", "--cleanup", "--yes", "--json")
	var doc renewJSON
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if r.code != ExitOK || len(doc.Removed) != 1 || len(doc.Removed[0].DeletedFrom) != 2 || s.count(p.Current) != 0 || s.count(p.Successor) != 2 {
		t.Fatalf("removed %+v exit %d, old left %d", doc.Removed, r.code, s.count(p.Current))
	}
}

func (s *season) count(id *certfile.Identity) int {
	n := 0
	for _, m := range []*store.Memory{s.ff, s.chrome} {
		entries, _ := m.List(context.Background())
		for _, e := range entries {
			if e.SHA256() == id.SHA256() {
				n++
			}
		}
	}
	return n
}

// fakeReminder records what remind registers and shows.
type fakeReminder struct {
	shown     []reminder.Notification
	installed []string
}

func (f *fakeReminder) Install(exe string, w reminder.Words) ([]reminder.Registration, error) {
	f.installed = append(f.installed, exe+"|"+w.NameJA)
	return []reminder.Registration{{Kind: reminder.KindAutostart, Where: "/home/u/.config/autostart/" + reminder.DesktopFile}}, nil
}
func (f *fakeReminder) Uninstall() ([]reminder.Registration, error) {
	if len(f.installed) == 0 {
		return nil, nil
	}
	f.installed = nil
	return []reminder.Registration{{Kind: reminder.KindAutostart, Where: "/home/u/.config/autostart/" + reminder.DesktopFile}}, nil
}
func (f *fakeReminder) Installed() []reminder.Registration { return nil }
func (f *fakeReminder) Notify(_ context.Context, n reminder.Notification) error {
	f.shown = append(f.shown, n)
	return nil
}

func (s *season) remind(args ...string) remindJSON {
	s.t.Helper()
	doc, _ := seasonJSON[remindJSON](s, "remind", args...)
	return doc
}

// TestRemindInEachState: silent outside the season, when nothing is
// installed and when the successor is installed and proven; otherwise it
// shows (once a day) a notification that opens the window on the renewal
// step; --dry-run says so without showing.
func TestRemindInEachState(t *testing.T) {
	p := pkitest.Get(t)
	s := newSeason(t, pkitest.Summer)
	if d := s.remind("--dry-run"); d.Show || d.Reason != reminder.ReasonNone {
		t.Errorf("nothing installed: %+v", d)
	}
	s.install(s.ff, p.Current)
	s.install(s.chrome, p.Current)
	// (The period's first day, in the machine's zone.)
	if d := s.remind("--dry-run"); d.Show || d.Reason != reminder.ReasonNotSeason || !strings.Contains(d.Because, "次の更新期間は 2026/1") {
		t.Errorf("summer: %+v", d)
	}
	s.now = pkitest.Now
	d := s.remind("--dry-run")
	if !d.Show || d.Reason != reminder.ReasonShow || d.Notification == nil || len(s.reminder.shown) != 0 {
		t.Fatalf("due, dry run: %+v (shown %d)", d, len(s.reminder.shown))
	}
	n := d.Notification
	if !strings.Contains(n.Body, "2027/01/10") || !strings.Contains(n.Body, pkitest.Host) ||
		strings.Join(n.Open, " ") != "/opt/rootip-cert/rootip-cert renew --window" || n.Action != "開く" {
		t.Errorf("notification %+v", n)
	}
	// Shown for real once a day.
	if d := s.remind(); !d.Shown || len(s.reminder.shown) != 1 {
		t.Fatalf("not shown: %+v", d)
	}
	if d := s.remind(); d.Show || d.Reason != reminder.ReasonShown || len(s.reminder.shown) != 1 {
		t.Errorf("twice a day: %+v", d)
	}
	if r := s.run("", "remind", "--dry-run", "--lang", "en"); !strings.Contains(r.stdout, "It would show nothing. Why: The reminder already showed today.") {
		t.Errorf("dry run text: %s", r.stdout)
	}
	s.now = s.now.Add(24 * time.Hour)
	// Partly installed, then unproven, then proven.
	s.install(s.ff, p.Successor)
	if d := s.remind("--dry-run"); !d.Show || d.Next != renewal.InstallEverywhere {
		t.Errorf("partial: %+v", d)
	}
	s.install(s.chrome, p.Successor)
	if d := s.remind("--dry-run"); !d.Show || d.Next != renewal.Prove || !strings.Contains(d.Notification.Body, "確認") {
		t.Errorf("unproven: %+v", d)
	}
	fl := flow.New(flow.Deps{Profile: pkitest.Profile(t), SettingsPath: s.settings, Now: func() time.Time { return s.now }}, store.Selection{})
	if err := fl.RememberProof(renewal.Proof{Status: renewal.Proven, SHA256: p.Successor.SHA256(), Host: pkitest.Host, At: s.now}); err != nil {
		t.Fatal(err)
	}
	if d := s.remind("--dry-run"); d.Show || d.Reason != reminder.ReasonSettled {
		t.Errorf("proven: %+v", d)
	}
	if r := s.run("", "remind"); r.code != ExitOK || r.stdout != "" {
		t.Errorf("silent run printed %q", r.stdout)
	}
	// Expired without a successor.
	s2 := newSeason(t, time.Date(2027, 1, 15, 10, 0, 0, 0, pkitest.JST))
	s2.install(s2.ff, p.Current)
	if d := s2.remind("--dry-run"); !d.Show || d.Body != "" && d.Notification == nil || !strings.Contains(d.Notification.Body, "期限切れになりました") {
		t.Errorf("expired: %+v", d)
	}
}

func TestRemindInstall(t *testing.T) {
	s := newSeason(t, pkitest.Now)
	r := s.run("", "remind", "--install", "--lang", "en")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Registered the daily reminder: /home/u/.config/autostart/rootip-cert-remind.desktop") ||
		len(s.reminder.installed) != 1 || s.reminder.installed[0] != "/opt/rootip-cert/rootip-cert|root ip 電子証明書の更新のお知らせ" {
		t.Fatalf("install: %d %q %v", r.code, r.stdout, s.reminder.installed)
	}
	if r := s.run("", "remind", "--uninstall", "--json"); r.code != ExitOK || !strings.Contains(r.stdout, `"removed"`) {
		t.Errorf("uninstall: %d %s", r.code, r.stdout)
	}
	if r := s.run("", "remind", "--uninstall", "--lang", "en"); !strings.Contains(r.stdout, "No reminder was registered.") {
		t.Errorf("uninstall again: %s", r.stdout)
	}
	var out bytes.Buffer
	if code := Run([]string{"remind", "--install"}, Env{Stdout: &out, Stderr: &out}); code != ExitFailed {
		t.Errorf("without a reminder system: exit %d %s", code, out.String())
	}
	if r := s.run("", "remind", "--install", "--uninstall"); r.code != ExitUsage {
		t.Errorf("both: exit %d", r.code)
	}
}

// TestDemoRenewal: the whole season on the demo, as the terminal shows it.
func TestDemoRenewal(t *testing.T) {
	old := demo.RenewalDelay
	demo.RenewalDelay = 300 * time.Millisecond
	defer func() { demo.RenewalDelay = old }()
	for _, lang := range []string{"ja", "en"} {
		r := runDemoCLI(t, "--renewal", "--lang", lang, "--timeout", "5s")
		if r.code != ExitOK {
			t.Fatalf("%s: exit %d\n%s\n%s", lang, r.code, r.stdout, r.stderr)
		}
		want := map[string][]string{
			"ja": {"更新期間のデモを開始します", "古い証明書", "ダウンロードフォルダーを見ています", "新しい証明書が届きました: クライアント証明書 (1).p12",
				"今の証明書の横にインストールしました", "✓ サーバーは新しい証明書を受け入れました", "有効期限 DATE の証明書を選んでください", "次にすること: なし(古い証明書は"},
			"en": {"Starting the renewal demo", "The new certificate arrived: クライアント証明書 (1).p12", "✓ The server accepted the new certificate",
				"Next: Nothing (the old certificate"},
		}[lang]
		got := normalize(r.stdout)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s output lacks %q:\n%s", lang, w, got)
			}
		}
	}
	r := runDemoCLI(t, "--renewal", "--json", "--timeout", "5s")
	var doc renewJSON
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
	}
	if r.code != ExitOK || doc.Installed == nil || doc.Installed.Proof.Status != renewal.Proven || doc.Outcome != renewal.OutcomeDone ||
		doc.Next != renewal.CleanupLater || !filepath.IsAbs(doc.Installed.File) || filepath.Base(doc.Installed.File) != demo.SuccessorName {
		t.Errorf("demo --renewal --json: exit %d %+v %+v", r.code, doc.State, doc.Installed)
	}
	if r := runDemoCLI(t, "--renewal", "--break", "wrong-ca"); r.code != ExitUsage {
		t.Errorf("--renewal with --break: exit %d", r.code)
	}
}
