package app

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// mainLoop stands in for the window's thread: background work posts its
// updates here and the test applies them on its own goroutine, so the real
// asynchronous paths run without racing the test.
type mainLoop struct{ ch chan func() }

func newMainLoop() *mainLoop { return &mainLoop{ch: make(chan func(), 4096)} }

func (m *mainLoop) post(f func()) { m.ch <- f }

// settle applies updates until cond holds (fails after 10 s).
func (m *mainLoop) settle(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-m.ch:
			f()
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
	for { // and whatever is still queued
		select {
		case f := <-m.ch:
			f()
		default:
			return
		}
	}
}

// files: .p12 files from the shared test PKI.
type files struct{ good, secret, expired, certsOnly, old string }

var (
	filesOnce sync.Once
	theFiles  files
	filesDir  string
)

const secret = "別のパスワード"

func testFiles(t *testing.T) files {
	t.Helper()
	p := pkitest.Get(t)
	filesOnce.Do(func() {
		filesDir, _ = os.MkdirTemp("", "rootip-gui-test")
		theFiles.good = pkitest.P12(t, filesDir, "クライアント証明書.p12", p.Successor, "rootip")
		theFiles.old = pkitest.P12(t, filesDir, "クライアント証明書 (old).p12", p.Current, "rootip")
		theFiles.secret = pkitest.P12(t, filesDir, "secret.p12", p.Successor, secret)
		theFiles.expired = pkitest.P12(t, filesDir, "expired.p12", p.Expired, "rootip")
		only, err := pki.CertsOnlyP12(p.Successor.Chain, "rootip")
		if err != nil {
			t.Fatal(err)
		}
		theFiles.certsOnly = filepath.Join(filesDir, "certs-only.p12")
		if err := os.WriteFile(theFiles.certsOnly, only, 0o600); err != nil {
			t.Fatal(err)
		}
	})
	return theFiles
}

type testUI struct {
	*ui
	loop *mainLoop
	w    fyne.Window
	now  *time.Time
	// clock guards now for a test that moves the clock while a run is
	// under way (setNow).
	clock *sync.Mutex
}

// setNow moves the flow's clock, also while background work reads it.
func (u *testUI) setNow(t time.Time) {
	u.clock.Lock()
	defer u.clock.Unlock()
	*u.now = t
}

// newTestUI is the window against fake stores, a fixed clock (December,
// inside the renewal window) and the given language.
func newTestUI(t *testing.T, lang i18n.Lang, stores ...store.Store) *testUI {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newTheme())
	if err := loadFyneWords(lang); err != nil {
		t.Fatal(err)
	}
	now := pkitest.Now
	var clock sync.Mutex
	fl := flow.New(flow.Deps{Profile: pkitest.Profile(t), Now: func() time.Time {
		clock.Lock()
		defer clock.Unlock()
		return now
	}, Version: "1.0.0",
		SettingsPath: filepath.Join(t.TempDir(), "settings.json"),
		Find:         func(store.Selection) ([]store.Store, error) { return stores, nil },
		Machine: machine.Source{Describe: func(map[string]time.Time) (machine.OSInfo, []machine.Browser) {
			return machine.OSInfo{Name: "Windows 11"}, nil
		}},
	}, store.Selection{})
	loop := newMainLoop()
	w := test.NewTempWindow(t, widget.NewLabel(""))
	u := newUI(Options{Flow: fl, Lang: lang, post: loop.post}, w)
	u.inst.candidates = func() []string { return nil }
	u.inst.minShown = 0       // ④'s pacing has its own test (installpace_test.go)
	u.list.zone = pkitest.JST // the renderings show the same time on every machine
	w.SetContent(u.content())
	w.Resize(fyne.NewSize(800, 600))
	return &testUI{ui: u, loop: loop, w: w, now: &now, clock: &clock}
}

// labels concatenates the text of every visible label, text block,
// check and button under o (walking containers and widget renderers, laid
// out or not).
func labels(o fyne.CanvasObject) string {
	var b strings.Builder
	walkVisible(o, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *textBlock:
			b.WriteString(x.Text + "\n")
			return false
		case *widget.Check:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString(x.Text + "\n")
		case *keyButton:
			b.WriteString(x.Text + "\n")
		case *keyCheck:
			b.WriteString(x.Text + "\n")
		}
		return true
	})
	return b.String()
}

// walkVisible calls visit on o and, while visit says so, on the visible
// objects of its containers and widget renderers.
func walkVisible(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !visit(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkVisible(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkVisible(c, visit)
		}
	}
}

func flowReport(u *testUI) flow.ReportRequest {
	return flow.ReportRequest{Diagnosis: *u.diag, UserID: "test@rootip.co.jp", Lang: "ja"}
}
