package app

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/reminder"
	"rootip-cert/internal/renewal"
)

// Renewal pages: the state and what to do, fetching (the browser opened,
// the Downloads folder watched), installing beside and proving, the result.
const (
	renewalOverview = iota
	renewalFetch
	renewalInstall
	renewalResult
)

// arrivalSource delivers the certificate files that appear in the download
// folders (flow's Watcher; tests hand in their own events).
type arrivalSource interface {
	Arrivals() <-chan flow.Arrival
	Dirs() []flow.WatchedDir
	Close()
}

// renewalScreen is the renewal season's step: the state as flow computes
// it, 「新しい証明書を取得」 (the system address in the default browser, the
// manual's menu path, the download folders watched), the file that arrives
// read at once and said for what it is, the successor installed beside the
// old certificate and proven with its own key, and the result naming the
// certificate to pick in the browser's popup.
type renewalScreen struct {
	u    *ui
	root fyne.CanvasObject
	page int
	body *fyne.Container

	state flow.Renewal
	// downloads are the certificate files already in the download folders.
	downloads []flow.Arrival

	// overview
	overview   *fyne.Container
	stateLines *fyne.Container
	fetchBtn   *keyButton
	foundBtn   *keyButton
	proveBtn   *keyButton
	cleanupBtn *keyButton
	busyText   *textBlock
	holds      map[int]string // what runs in the background, by hold (hold)
	holdSeq    int
	toggle     *reminderToggle

	// fetch
	fetchPage    *fyne.Container
	menu         *textBlock
	opened       *textBlock
	watching     *textBlock
	watchingDirs string // the watched folders' line, without the wait hint
	arrivalText  *textBlock
	pwBox        *fyne.Container
	password     *widget.Entry
	pwError      *textBlock
	installBtn   *keyButton
	chooseBtn    *keyButton
	arrival      *flow.Arrival

	// installing and the result
	progress   *fyne.Container
	resultPage *fyne.Container
	// resultBar holds the result page's actions (open the system, check the
	// connection), kept below the scrolled page so that they are in view
	// however long the page is.
	resultBar  *fyne.Container
	resultActs *fyne.Container
	result     flow.SuccessorResult
	resultErr  error

	// Wired from Options (tests replace them).
	sys          reminder.System
	executable   func() (string, error)
	downloadDirs []string
	watch        func(ctx context.Context) (arrivalSource, error)
	openURL      func(*url.URL) error
	watcher      arrivalSource
	watchGen     int
	onWatch      func()
}

func newRenewalScreen(u *ui, o Options) *renewalScreen {
	s := &renewalScreen{u: u, sys: o.Reminder, executable: o.Executable, downloadDirs: o.DownloadDirs, onWatch: o.OnWatch,
		body: container.NewStack()}
	if s.executable == nil {
		s.executable = os.Executable
	}
	s.watch = func(ctx context.Context) (arrivalSource, error) {
		w, err := u.fl.WatchDownloads(ctx, flow.WatchRequest{Dirs: s.downloadDirs})
		if err != nil {
			return nil, err
		}
		return w, nil
	}
	s.openURL = u.opener.OpenURL
	s.buildOverview()
	s.buildFetch()
	s.progress = container.NewVBox()
	s.resultPage = container.NewVBox()
	s.resultActs = container.NewStack()
	s.resultBar = container.NewVBox(widget.NewSeparator(), container.NewPadded(s.resultActs))
	title := newBoldText(u.t("gui.renewal.title"))
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(title), widget.NewSeparator()), s.resultBar, nil, nil, s.body)
	s.goTo(renewalOverview)
	return s
}

// goTo shows one page of the step.
func (s *renewalScreen) goTo(page int) {
	s.page = page
	o := map[int]fyne.CanvasObject{renewalOverview: s.overview, renewalFetch: s.fetchPage,
		renewalInstall: s.progress, renewalResult: s.resultPage}[page]
	s.body.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(o))}
	if page == renewalResult {
		s.resultBar.Show()
	} else {
		s.resultBar.Hide()
	}
	s.root.Refresh() // the bar shown or hidden: the border lays out again
}

// relayout lays the page out again after something was shown or hidden.
func (s *renewalScreen) relayout() {
	for _, o := range s.body.Objects {
		if sc, ok := o.(*container.Scroll); ok {
			sc.Content.Refresh()
		}
	}
	s.body.Refresh()
}

// The overview: the state as data and the next action.
func (s *renewalScreen) buildOverview() {
	u := s.u
	s.stateLines = container.NewVBox()
	s.fetchBtn = newButton(u.t("gui.renewal.fetch"), theme.DownloadIcon(), s.fetch)
	s.fetchBtn.Importance = widget.HighImportance
	s.foundBtn = newButton(u.t("gui.renewal.install_found"), theme.FileIcon(), s.installFound)
	s.foundBtn.Hide()
	s.proveBtn = newButton(u.t("gui.renewal.prove"), theme.ConfirmIcon(), s.prove)
	s.proveBtn.Hide()
	s.cleanupBtn = newButton(u.t("gui.renewal.cleanup"), theme.DeleteIcon(), s.confirmCleanup)
	s.cleanupBtn.Hide()
	s.busyText = newText("")
	s.busyText.Hide()
	s.toggle = newReminderToggle(u, s)
	s.toggle.relayout = s.relayout
	s.overview = container.NewVBox(widget.NewCard("", "", s.stateLines), s.busyText,
		container.NewVBox(s.fetchBtn, s.foundBtn, s.proveBtn, s.cleanupBtn), s.toggle.box)
}

// update computes the state (and reads the files already downloaded) in
// the background, then shows it.
func (s *renewalScreen) update() {
	u := s.u
	addr := s.systemURL()
	var st flow.Renewal
	var downloads []flow.Arrival
	// Until the state is read the actions wait: the first visit's overview
	// has no lines yet, and a button offered there moves once they come.
	release := s.hold(u.t("gui.renewal.reading"))
	u.async(func() {
		ctx := context.Background()
		downloads = u.fl.FindDownloads(ctx, s.downloadDirs, "")
		st = u.fl.Renewal(ctx, flow.RenewalRequest{URL: addr, Downloads: downloads})
	}, func() {
		release()
		s.render(st, downloads)
	})
	s.toggle.refresh()
}

// render shows the state: which certificate is current, which expires and
// when, the successor in each store, the proof, the next step.
func (s *renewalScreen) render(st flow.Renewal, downloads []flow.Arrival) {
	u := s.u
	s.state, s.downloads = st, downloads
	rs := st.State
	var lines []string
	if w := rs.Window; !w.Start.IsZero() {
		key := "gui.renewal.period.closed"
		if w.Open {
			key = "gui.renewal.period.open"
		}
		lines = append(lines, u.t(key, map[string]any{"Start": u.msg.Date(w.Start), "End": u.msg.Date(w.End)}))
	}
	certLine := func(key string, c *renewal.Cert) string {
		return u.t(key, map[string]any{"Name": c.Name, "Date": u.msg.Date(c.NotAfter), "Days": u.msg.Days(c.DaysLeft)})
	}
	switch {
	case rs.Expiring != nil:
		lines = append(lines, certLine("gui.renewal.expiring", rs.Expiring))
	case rs.Current != nil && rs.Successor == nil:
		lines = append(lines, certLine("gui.renewal.current", rs.Current))
	}
	switch {
	case rs.Successor != nil:
		lines = append(lines, certLine("gui.renewal.successor", rs.Successor))
	case rs.Due || rs.Expiring != nil:
		lines = append(lines, u.t("gui.renewal.successor.none"))
	}
	if rs.Successor != nil || rs.Expiring != nil {
		for _, ss := range rs.Stores {
			name := check.ReaderName(u.msg, ss.Reader.Kind, ss.Reader.Profile)
			if ss.Unreadable {
				lines = append(lines, "・"+u.t("gui.renewal.store.unreadable", map[string]any{"Browser": name}))
				continue
			}
			lines = append(lines, "・"+u.t("gui.renewal.store", map[string]any{"Browser": name, "Old": s.yesNo(ss.Current), "New": s.yesNo(ss.Successor)}))
		}
	}
	if rs.Successor != nil {
		lines = append(lines, u.t("gui.renewal.proof."+rs.Proof.Status, map[string]any{"At": u.msg.DateTime(rs.Proof.At)}))
	}
	if rs.Downloaded != "" {
		lines = append(lines, u.t("gui.renewal.downloaded", map[string]any{"File": filepath.Base(rs.Downloaded)}))
	}
	lines = append(lines, u.t("gui.renewal.next", map[string]any{"Next": u.t("renewal.next." + string(rs.Next))}))
	s.stateLines.Objects = nil
	for _, l := range lines {
		s.stateLines.Add(newText(l))
	}
	s.stateLines.Refresh()
	showIf(s.foundBtn, rs.Downloaded != "")
	showIf(s.proveBtn, rs.Next == renewal.Prove && rs.Successor != nil)
	showIf(s.cleanupBtn, len(rs.Removable) > 0)
	s.relayout()
}

func (s *renewalScreen) yesNo(b bool) string {
	if b {
		return s.u.t("gui.renewal.yes")
	}
	return s.u.t("gui.renewal.no")
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// systemURL is the address to open and prove against: the demo's, the one
// typed, else the remembered one (nil when none is known).
func (s *renewalScreen) systemURL() *url.URL {
	if s.u.demo != nil {
		return s.u.demo.URL
	}
	if addr, err := s.u.systemURL(); err == nil && addr != nil {
		return addr
	}
	return s.u.fl.RememberedURL()
}

// proveRequest is how the proof reaches the system address (the demo's
// loopback server, or the address as the checklist would).
func (s *renewalScreen) proveRequest() flow.DiagnoseRequest {
	if s.u.demo != nil {
		return s.u.demo.Request(nil, 0)
	}
	return flow.DiagnoseRequest{URL: s.systemURL()}
}

// prove runs the mutual-TLS proof of the successor already installed.
func (s *renewalScreen) prove() {
	u := s.u
	release := s.hold(u.t("gui.renewal.proving"))
	var after flow.Renewal
	downloads := s.downloads
	u.async(func() {
		after, _, _ = u.fl.ProveSuccessor(context.Background(), s.proveRequest(), downloads)
	}, func() {
		release()
		s.render(after, downloads)
		u.home.update()
	})
}

// hold shows what runs in the background and holds the actions until
// every hold taken is released (reading the state and proving may overlap
// when the overview is shown again during a proof); the latest running
// one's text is shown. release is idempotent.
func (s *renewalScreen) hold(text string) (release func()) {
	s.holdSeq++
	id := s.holdSeq
	if s.holds == nil {
		s.holds = map[int]string{}
	}
	s.holds[id] = text
	s.showHolds()
	return func() {
		if _, ok := s.holds[id]; ok {
			delete(s.holds, id)
			s.showHolds()
		}
	}
}

// showHolds puts the holds on screen: the latest one's text and the
// actions held, or neither.
func (s *renewalScreen) showHolds() {
	latest := 0
	for id := range s.holds {
		latest = max(latest, id)
	}
	showIf(s.busyText, latest != 0)
	s.busyText.SetText(s.holds[latest])
	for _, b := range []*keyButton{s.fetchBtn, s.foundBtn, s.proveBtn, s.cleanupBtn} {
		if latest != 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	s.relayout()
}

// confirmCleanup offers to remove the old certificates (optional, as the
// manual says), naming each, then deletes them from every store and reads
// the stores back.
func (s *renewalScreen) confirmCleanup() {
	u := s.u
	var old []certEntry
	u.async(func() {
		for _, e := range u.fl.Removable(context.Background()) {
			old = append(old, certEntry{sha: e.SHA256(), name: e.Cert.Subject.CommonName, date: u.msg.Date(e.Cert.NotAfter)})
		}
	}, func() {
		if len(old) == 0 {
			s.update()
			return
		}
		var names []string
		seen := map[string]bool{}
		for _, e := range old {
			if !seen[e.sha] {
				seen[e.sha] = true
				names = append(names, u.t("gui.check.cleanup_item", map[string]any{"Name": e.name, "Date": e.date}))
			}
		}
		text := u.t("gui.renewal.cleanup.confirm", map[string]any{"List": strings.Join(names, "\n")})
		u.confirm(u.t("gui.renewal.cleanup"), text, func(yes bool) {
			if yes {
				s.cleanup(seen)
			}
		})
	})
}

type certEntry struct{ sha, name, date string }

func (s *renewalScreen) cleanup(shas map[string]bool) {
	u := s.u
	u.deleteCertificates(sortedKeys(shas), func(failures string) {
		msg := u.t("gui.renewal.cleanup.done")
		if failures != "" {
			msg = u.t("gui.check.cleanup_failed", map[string]any{"Detail": failures})
		}
		u.inform(u.t("gui.renewal.cleanup"), msg)
		s.update()
		u.home.update()
	})
}

// installFound reads the successor found in the download folder.
func (s *renewalScreen) installFound() {
	path := s.state.State.Downloaded
	for _, a := range s.downloads {
		if a.Path == path {
			a := a
			s.goTo(renewalFetch)
			s.arrive(a)
			return
		}
	}
	s.readFile(path, "")
}

// readFile reads a chosen (or re-read) file as an arrival.
func (s *renewalScreen) readFile(path, password string) {
	u := s.u
	var a flow.Arrival
	u.async(func() { a = u.fl.ReadDownload(context.Background(), path, password) }, func() {
		if s.page != renewalFetch {
			s.goTo(renewalFetch)
		}
		s.arrive(a)
	})
}

// errorReason is a file error in the window's words.
func (s *renewalScreen) errorReason(err error) string {
	return s.u.t("file.error." + string(certfile.CodeOf(err)))
}
