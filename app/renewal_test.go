package app

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/demo"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/reminder"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/renewaltest"
)

// fakeArrivals stands in for the Downloads watcher: the test delivers the
// events (each a real file read by the flow).
type fakeArrivals struct {
	ch     chan flow.Arrival
	dir    string
	closed chan struct{}
	once   sync.Once
}

func (f *fakeArrivals) Arrivals() <-chan flow.Arrival { return f.ch }
func (f *fakeArrivals) Dirs() []flow.WatchedDir {
	return []flow.WatchedDir{{Path: f.dir, Mode: flow.WatchNotify}}
}
func (f *fakeArrivals) Close() { f.once.Do(func() { close(f.closed); close(f.ch) }) }

// fakeSystem is the OS's scheduler at the unit level (platform/reminder
// has the real tests): what it holds is what Installed reads back.
type fakeSystem struct {
	mu   sync.Mutex
	held []reminder.Registration
	// refuse: Install reports success but the OS keeps nothing (the
	// toggle must show what is held, not what was asked).
	refuse bool
	exe    string
}

func (f *fakeSystem) Install(exe string, w reminder.Words) ([]reminder.Registration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exe = exe
	if w.NameJA == "" {
		return nil, errors.New("no words")
	}
	reg := reminder.Registration{Kind: reminder.KindAutostart, Where: "/home/u/.config/autostart/" + reminder.DesktopFile}
	if !f.refuse {
		f.held = []reminder.Registration{reg}
	}
	return []reminder.Registration{reg}, nil
}

func (f *fakeSystem) Uninstall() ([]reminder.Registration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	was := f.held
	f.held = nil
	return was, nil
}

func (f *fakeSystem) Installed() []reminder.Registration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]reminder.Registration{}, f.held...)
}

func (f *fakeSystem) Notify(context.Context, reminder.Notification) error {
	return reminder.ErrNoNotifier
}

type renewalUI struct {
	*testUI
	sc      *demo.RenewalScenario
	ff      *store.Memory
	watch   *fakeArrivals
	sys     *fakeSystem
	dir     string
	watched int
}

// newRenewalUI is the window in the renewal season: the old certificate
// (ending 2027/01/10) in a Firefox store, the clock pinned to 2026/12/05,
// the demo's system address on loopback accepting only the new CA, and the
// Downloads watcher replaced by test-delivered events.
func newRenewalUI(t *testing.T, lang i18n.Lang) *renewalUI {
	t.Helper()
	p := pkitest.Get(t)
	sc := renewaltest.Server(t, p.RenewedCA.Cert)
	ff := store.NewMemory(store.KindNSS, "/home/u/.mozilla/firefox/a.default-release")
	ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	if err := ff.Import(context.Background(), p.Current); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := loadFyneWords(lang); err != nil {
		t.Fatal(err)
	}
	now := pkitest.Now
	fl := flow.New(flow.Deps{Profile: pkitest.Profile(t), Now: func() time.Time { return now }, Version: "1.0.0",
		SettingsPath: filepath.Join(t.TempDir(), "settings.json"),
		Find:         func(store.Selection) ([]store.Store, error) { return []store.Store{ff}, nil },
		Machine: machine.Source{Describe: func(map[string]time.Time) (machine.OSInfo, []machine.Browser) {
			return machine.OSInfo{Name: "Linux"}, nil
		}},
	}, store.Selection{})
	if err := fl.RememberURL(sc.URL); err != nil {
		t.Fatal(err)
	}
	r := &renewalUI{sc: sc, ff: ff, sys: &fakeSystem{}, dir: t.TempDir()}
	loop := newMainLoop()
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(Options{Flow: fl, Lang: lang, post: loop.post, Demo: sc.Scenario, Reminder: r.sys,
		Executable: func() (string, error) { return "/opt/rootip-cert/rootip-cert", nil }, DownloadDirs: []string{r.dir}}, w)
	u.inst.candidates = func() []string { return nil }
	u.ren.watch = func(context.Context) (arrivalSource, error) {
		r.watched++
		r.watch = &fakeArrivals{ch: make(chan flow.Arrival, 4), dir: r.dir, closed: make(chan struct{})}
		return r.watch, nil
	}
	w.SetContent(u.content())
	w.Resize(fyne.NewSize(800, 600))
	r.testUI = &testUI{ui: u, loop: loop, w: w, now: &now}
	return r
}

// deliver writes id into the Downloads folder as name, reads it as the
// watcher does and hands the event to the window.
func (r *renewalUI) deliver(t *testing.T, name string, id *certfile.Identity, password string) flow.Arrival {
	t.Helper()
	path := pkitest.P12(t, r.dir, name, id, password)
	a := r.fl.ReadDownload(context.Background(), path, "")
	r.watch.ch <- a
	return a
}

// TestRenewalStepFetchInstallProve: the banner → the renewal step with the
// state as data → 「新しい証明書を取得」 starts the watcher → the
// successor arrives (as the browser's second download) and is offered →
// installed beside the old one and proven with its own key against the
// loopback server that accepts only the new CA → the result names the
// certificate to pick and what to restart → the banner is gone.
func TestRenewalStepFetchInstallProve(t *testing.T) {
	p := pkitest.Get(t)
	u := newRenewalUI(t, i18n.JA)
	u.showHome()
	u.loop.settle(t, "the banner", func() bool { return u.home.banner.Visible() })
	if text := u.home.bannerText.Text; !strings.Contains(text, "2027/01/10 に期限切れ") || !strings.Contains(text, "「更新の手続きへ」") {
		t.Fatalf("banner = %q", text)
	}
	s := u.ren
	u.showRenewal()
	// While the state is read the page says so and offers no action.
	if !s.fetchBtn.Disabled() || !s.busyText.Visible() || s.busyText.Text != "このPCの証明書と、ダウンロード済みのファイルを確認しています…" {
		t.Fatalf("before the state is read: fetch disabled %v, busy %v %q", s.fetchBtn.Disabled(), s.busyText.Visible(), s.busyText.Text)
	}
	u.loop.settle(t, "the state", func() bool { return strings.Contains(labels(s.stateLines), "次にすること") })
	if s.fetchBtn.Disabled() || s.busyText.Visible() {
		t.Fatalf("the state read: fetch disabled %v, busy shown %v", s.fetchBtn.Disabled(), s.busyText.Visible())
	}
	state := labels(s.stateLines)
	for _, want := range []string{"〜2027/01/10(いま期間中です)", "期限切れになる証明書: 発行先 acme.rootip-cloud.net、有効期限 2027/01/10",
		"新しい証明書: まだインストールされていません", "Firefox(プロファイル default-release): 今の証明書 あり/新しい証明書 なし", "次にすること: 新しい証明書をダウンロードする"} {
		if !strings.Contains(state, want) {
			t.Errorf("state lacks %q:\n%s", want, state)
		}
	}
	test.Tap(s.fetchBtn)
	if s.page != renewalFetch || u.watched != 1 {
		t.Fatalf("fetch: page %d, watchers %d", s.page, u.watched)
	}
	fetch := labels(s.fetchPage)
	for _, want := range []string{"「メニューバー＞設定＞設定」→「ユーザ設定＞電子証明書ダウンロード」(全権ユーザとシステム管理者。更新期間中は全ユーザ)",
		"ダウンロードフォルダーを見ています: " + u.dir} {
		if !strings.Contains(fetch, want) {
			t.Errorf("fetch page lacks %q:\n%s", want, fetch)
		}
	}
	u.deliver(t, demo.SuccessorName, p.Renewed, pkitest.Password)
	u.loop.settle(t, "the successor offered", func() bool { return s.installBtn.Visible() })
	if text := s.watching.Text; strings.Contains(text, "ここに表示されます") || !strings.Contains(text, "ダウンロードフォルダーを見ています: "+u.dir) {
		t.Errorf("once a file came the page still waits for one: %q", text)
	}
	if text := s.arrivalText.Text; !strings.Contains(text, "新しい証明書が届きました: クライアント証明書 (1).p12") || !strings.Contains(text, "有効期限 2028/01/10") {
		t.Fatalf("arrival = %q", text)
	}
	test.Tap(s.installBtn)
	u.loop.settle(t, "the result", func() bool { return s.page == renewalResult })
	result := labels(s.resultPage)
	for _, want := range []string{"✓ 新しい証明書をインストールし、サーバーが受け入れることを確かめました",
		"✓ Firefox(プロファイル default-release): インストールし、読み直して確認しました",
		"今の証明書(有効期限 2027/01/10)は、そのまま残しています。",
		"発行先 acme.rootip-cloud.net の「有効期限 2028/01/10 のもの」を選んで", "有効期限 2027/01/10 の古い証明書は選ばないでください",
		"タブをすべて閉じて再起動", "トップページに更新のメッセージが表示されなくなれば完了です"} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %q:\n%s", want, result)
		}
	}
	// The demo has no page to open: the check takes the whole row, in the
	// bar below the page, in view at the window's first size however long
	// the page is (not below the fold).
	u.w.Resize(preferredSize)
	saveShot(t, u.testUI, "renewal_result.png")
	check := findButton(t, s.resultActs, "接続を診断")
	if w, bar := check.Size().Width, s.resultActs.Size().Width; bar == 0 || w != bar {
		t.Errorf("「接続を診断」 is %v wide in a bar %v wide", w, bar)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(check)
	if canvas := u.w.Canvas().Size(); pos.Y <= 0 || pos.Y+check.Size().Height > canvas.Height {
		t.Errorf("「接続を診断」 spans y %v-%v of a window %v high", pos.Y, pos.Y+check.Size().Height, canvas.Height)
	}
	if strings.Contains(result, "rootip-cert ") || strings.Contains(result, "--") {
		t.Errorf("the result names a command:\n%s", result)
	}
	if !u.watch.isClosed() {
		t.Error("the watcher still runs after the install")
	}
	entries, _ := u.ff.List(context.Background())
	have := map[string]bool{}
	for _, e := range entries {
		have[e.SHA256()] = true
	}
	if !have[p.Current.SHA256()] || !have[p.Renewed.SHA256()] {
		t.Fatalf("the store does not hold the old and the new certificate: %v", have)
	}
	u.showHome()
	u.loop.settle(t, "the banner to go", func() bool { return !u.home.banner.Visible() })
	u.showRenewal()
	u.loop.settle(t, "the proven state", func() bool { return strings.Contains(labels(s.stateLines), "受け入れました") })
}

func (f *fakeArrivals) isClosed() bool {
	select {
	case <-f.closed:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

// TestRenewalStepSaysWhatArrived: the same certificate again, another
// environment's, an unreadable file and a wrong password are each said
// for what they are, and none offers an install; the right password then
// offers the successor.
func TestRenewalStepSaysWhatArrived(t *testing.T) {
	p := pkitest.Get(t)
	u := newRenewalUI(t, i18n.JA)
	s := u.ren
	u.showRenewal()
	u.loop.settle(t, "the state", func() bool { return s.state.State.Next != "" })
	test.Tap(s.fetchBtn)
	for _, tc := range []struct {
		name string
		id   *certfile.Identity
		want string
	}{
		{"クライアント証明書 (1).p12", p.Current, "クライアント証明書 (1).p12 は、インストール済みの証明書と同じものです(有効期限 2027/01/10)"},
		{"クライアント証明書 (2).p12", p.OtherEnv, "別の環境の証明書です(発行先 beta.rootip-enterprise.net)。システムアドレス acme.rootip-cloud.net の環境のものではないため"},
		{"クライアント証明書 (3).p12", p.Expired, "インストール済みのものより古い証明書です(有効期限 2026/01/10)"},
	} {
		u.deliver(t, tc.name, tc.id, pkitest.Password)
		u.loop.settle(t, tc.name, func() bool { return strings.Contains(s.arrivalText.Text, tc.name) })
		if !strings.Contains(s.arrivalText.Text, tc.want) || s.installBtn.Visible() {
			t.Errorf("%s: %q (install offered: %v)", tc.name, s.arrivalText.Text, s.installBtn.Visible())
		}
	}
	broken := filepath.Join(u.dir, "broken.pfx")
	if err := os.WriteFile(broken, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	u.watch.ch <- u.fl.ReadDownload(context.Background(), broken, "")
	u.loop.settle(t, "the broken file", func() bool { return strings.Contains(s.arrivalText.Text, "broken.pfx") })
	if !strings.Contains(s.arrivalText.Text, "読み取れませんでした") || s.installBtn.Visible() {
		t.Errorf("broken file: %q", s.arrivalText.Text)
	}
	u.deliver(t, "secret.p12", p.Renewed, secret)
	u.loop.settle(t, "the password asked", func() bool { return s.pwBox.Visible() })
	if !strings.Contains(s.pwError.Text, "パスワードが違います") || s.pwError.Importance != widget.DangerImportance || s.installBtn.Visible() {
		t.Fatalf("wrong password: %q", s.pwError.Text)
	}
	test.Type(s.password, secret)
	test.Tap(findButton(t, s.pwBox, "確認"))
	u.loop.settle(t, "the successor offered", func() bool { return s.installBtn.Visible() })
	if !strings.Contains(s.arrivalText.Text, "新しい証明書が届きました: secret.p12") || s.pwBox.Visible() {
		t.Fatalf("after the right password: %q", s.arrivalText.Text)
	}
}

// TestReminderToggleReadsBack: the toggle shows what the OS holds, read
// back after each change — also when the OS kept nothing although asked.
func TestReminderToggleReadsBack(t *testing.T) {
	u := newReminderUI(t)
	u.sys.held = []reminder.Registration{{Kind: reminder.KindAutostart, Where: "/x"}}
	u.showHome()
	tg := u.home.toggle
	u.loop.settle(t, "the registration read", func() bool { return tg.check.Checked })
	if tg.check.Text != "更新時期にお知らせする" || !tg.box.Visible() {
		t.Fatalf("toggle = %q", tg.check.Text)
	}
	test.Tap(tg.check) // off
	u.loop.settle(t, "unregistered", func() bool { return !tg.check.Checked && !tg.check.Disabled() })
	if len(u.sys.Installed()) != 0 {
		t.Fatal("the toggle is off but the OS still holds the reminder")
	}
	test.Tap(tg.check) // on
	u.loop.settle(t, "registered", func() bool { return tg.check.Checked && !tg.check.Disabled() })
	if len(u.sys.Installed()) != 1 || u.sys.exe != "/opt/rootip-cert/rootip-cert" {
		t.Fatalf("registered %v for %q", u.sys.Installed(), u.sys.exe)
	}
	// The renewal step's own toggle reads the same.
	u.showRenewal()
	u.loop.settle(t, "the step's toggle", func() bool { return u.ren.toggle.check.Checked })
	// The OS refuses silently: the toggle goes back off.
	test.Tap(tg.check) // off
	u.loop.settle(t, "off", func() bool { return !tg.check.Checked && !tg.check.Disabled() })
	u.sys.refuse = true
	test.Tap(tg.check)
	u.loop.settle(t, "the refusal read back", func() bool { return !tg.check.Disabled() && len(tg.regs) == 0 })
	if tg.check.Checked {
		t.Fatal("the toggle shows on although the OS holds nothing")
	}
}

// TestReminderToggleWithoutScheduler: no scheduler in this build: the
// toggle cannot be ticked and says so.
func TestReminderToggleWithoutScheduler(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	tg := u.home.toggle
	if !tg.box.Visible() || !tg.check.Disabled() || !strings.Contains(tg.note.Text, "お知らせを登録できません") {
		t.Fatalf("toggle without scheduler: disabled %v, %q", tg.check.Disabled(), tg.note.Text)
	}
}

// findButton is the button labelled text under o, as it sits in the
// canvas tree (a keyButton itself, not the Button it embeds, so that its
// place in the window can be asked for).
func findButton(t *testing.T, o fyne.CanvasObject, text string) tappableObject {
	t.Helper()
	var found tappableObject
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *keyButton:
			if x.Text == text {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

type tappableObject interface {
	fyne.CanvasObject
	fyne.Tappable
}

// saveShot writes the window as drawn into $ROOTIP_SCREENSHOT_OUT (when
// set), to be looked at.
func saveShot(t *testing.T, u *testUI, name string) {
	t.Helper()
	dir := os.Getenv("ROOTIP_SCREENSHOT_OUT")
	if dir == "" {
		return
	}
	for i := 0; i < 3; i++ {
		u.w.Content().Refresh()
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, u.w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

type reminderUI struct {
	*testUI
	sys *fakeSystem
}

// newReminderUI is the window (not the demo: the demo registers nothing)
// with a scheduler that holds what it was given.
func newReminderUI(t *testing.T) *reminderUI {
	t.Helper()
	base := newTestUI(t, i18n.JA)
	sys := &fakeSystem{}
	u := newUI(Options{Flow: base.fl, Lang: i18n.JA, post: base.loop.post, Reminder: sys,
		Executable: func() (string, error) { return "/opt/rootip-cert/rootip-cert", nil }}, base.w)
	base.w.SetContent(u.content())
	return &reminderUI{testUI: &testUI{ui: u, loop: base.loop, w: base.w, now: base.now}, sys: sys}
}

// Reading the state while a proof runs (the overview shown again) must
// not give the actions back before the proof has ended.
func TestRenewalHoldsOverlap(t *testing.T) {
	s := newRenewalUI(t, i18n.JA).ren
	proving := s.hold("proving")
	reading := s.hold("reading")
	reading()
	if !s.fetchBtn.Disabled() || !s.busyText.Visible() || s.busyText.Text != "proving" {
		t.Fatalf("the state read during a proof: fetch disabled %v, busy %v %q", s.fetchBtn.Disabled(), s.busyText.Visible(), s.busyText.Text)
	}
	proving()
	proving()
	if s.fetchBtn.Disabled() || s.busyText.Visible() {
		t.Fatalf("both ended: fetch disabled %v, busy shown %v", s.fetchBtn.Disabled(), s.busyText.Visible())
	}
}
