package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/store"
)

// Wizard steps, as the manual numbers its own: the file, its contents and
// password, where to install, installing and the result per browser, then
// opening the system address.
const (
	stepFile = iota
	stepPassword
	stepTargets
	stepInstall
	stepOpen
	stepCount
)

// installScreen is the step-by-step wizard. Each step fits the window; the
// main action is always in the bar at the bottom.
type installScreen struct {
	u    *ui
	root fyne.CanvasObject
	step int

	header *textBlock
	pages  [stepCount]fyne.CanvasObject
	stack  *fyne.Container
	back   *widget.Button
	next   *widget.Button
	// nextWhy says beside 次へ why it is greyed, where the step does
	// not show it already.
	nextWhy *textBlock
	bar     *fyne.Container

	// ① file
	found     *fyne.Container
	fileLabel *textBlock
	filePath  *textBlock
	choose    *widget.Button
	// ② contents and password
	details  *fyne.Container
	password *widget.Entry
	pwError  *textBlock
	older    *textBlock
	validity certfile.Validity
	readWith string // the password the file was last read with
	reading  bool   // a read is under way
	// the fields as the canvas knows them (keyboard focus)
	passwordField, addressField *keyEntry
	// ③ targets
	targets []flow.Target
	checks  []*widget.Check
	tbox    *fyne.Container
	// targetsIntro says what ③ installs into.
	targetsIntro *textBlock
	// ④ installing / ⑤ result
	progress   *fyne.Container
	results    map[int]flow.InstallResult
	installing bool
	installed  flow.Installed
	// ④ stays in sight for minShown (an instant install, as in the demo,
	// would flash past): each row says 「インストール中…」 until its slot,
	// ⑤ comes no sooner than minShown after ④ appeared. now and after
	// are the clock and timer (tests pass fakes); installGen drops the
	// timers of an earlier install.
	minShown   time.Duration
	now        func() time.Time
	after      func(time.Duration, func())
	installGen int
	// ⑥ open the system address
	address   *widget.Entry
	addrError *textBlock
	guidance  *textBlock
	restart   *textBlock
	openBtn   *keyButton
	checkBtn  *keyButton
	cannotBtn *keyButton
	// openActions: step ⑥'s buttons, equal widths, in one row where they fit.
	openActions *fyne.Container
	candidates  func() []string
}

func newInstallScreen(u *ui) *installScreen {
	s := &installScreen{u: u, results: map[int]flow.InstallResult{}, candidates: defaultCandidates,
		minShown: installMinShown, now: time.Now,
		after: func(d time.Duration, f func()) { time.AfterFunc(d, func() { u.post(f) }) }}
	if u.demo != nil {
		s.candidates = func() []string { return []string{u.demo.P12Path} }
	}
	s.header = newBoldText("")
	s.pages[stepFile] = s.filePage()
	s.pages[stepPassword] = s.passwordPage()
	s.pages[stepTargets] = s.targetsPage()
	s.pages[stepInstall] = s.installPage()
	s.pages[stepOpen] = s.openPage()
	s.stack = container.NewStack()
	back := newKeyButton(u.t("gui.wizard.back"), theme.NavigateBackIcon(), s.goBack, s.goBack)
	next := newKeyButton(u.t("gui.wizard.next"), theme.NavigateNextIcon(), s.goNext, s.goBack)
	s.back, s.next = &back.Button, &next.Button
	s.next.Importance = widget.HighImportance
	s.nextWhy = newText("")
	s.nextWhy.Tight, s.nextWhy.Align = true, fyne.TextAlignTrailing
	s.nextWhy.Hide()
	bar := container.NewBorder(nil, nil, back, next, s.nextWhy)
	s.bar = bar
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(s.header), widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), container.NewPadded(bar)), nil, nil, s.stack)
	s.goTo(stepFile)
	return s
}

// goTo shows a step and sets the bar's buttons for it.
func (s *installScreen) goTo(step int) {
	s.step = step
	// The manual-style numbers: ④ installing and ⑤ its result share a page.
	number := map[int]int{stepFile: 1, stepPassword: 2, stepTargets: 3, stepInstall: 4, stepOpen: 6}[step]
	if step == stepInstall && !s.installing && len(s.installed.Results) > 0 {
		number = 5
	}
	title := fmt.Sprintf("gui.wizard.step%d", number)
	if step == stepOpen && s.u.demo != nil {
		title = "gui.wizard.step6_demo" // the demo's address opens in no browser
	}
	s.header.SetText(s.u.t(title))
	if step == stepTargets {
		s.targetsIntro.SetText(s.targetsIntroText())
	}
	s.stack.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(s.pages[step]))}
	s.stack.Refresh()
	s.updateBar()
	s.focusStep()
	if step == stepPassword && !s.reading && s.u.file != "" && s.u.identity == nil && s.u.fileErr == nil {
		// A file preselected in ① is read here with the field's default
		// password, as one chosen or dropped is at once.
		s.read(s.u.file, nil)
	}
}

func (s *installScreen) updateBar() {
	if s.next == nil {
		return // still being built
	}
	defer s.relayout()
	s.back.Enable()
	if s.step == stepFile || s.installing {
		s.back.Disable()
	}
	s.next.Show()
	s.next.SetIcon(theme.NavigateNextIcon())
	s.next.SetText(s.u.t("gui.wizard.next"))
	ready, why := false, ""
	switch s.step {
	case stepFile:
		ready = s.u.file != ""
	case stepPassword:
		// 次へ goes on with a file read and usable, and checks a password
		// not yet tried (the field's default when the file was not read
		// yet, or one typed since) before going on.
		ready = !s.reading && (s.unchecked() || s.u.identity != nil && s.validity.Status.Usable())
	case stepTargets:
		s.next.SetText(s.u.t("gui.install.go"))
		s.next.SetIcon(theme.ConfirmIcon())
		ready = s.anyTicked()
		if !ready && s.anyTickable() {
			why = s.u.t("gui.install.pick_target")
		}
	case stepInstall:
		ready = !s.installing && s.installed.Imported > 0
		if !s.installing && s.installed.Imported == 0 && len(s.installed.Results) > 0 {
			s.next.SetText(s.u.t("gui.install.to_checklist"))
			ready = true
		}
	case stepOpen:
		s.next.Hide()
	}
	if ready {
		s.next.Enable()
	} else {
		s.next.Disable()
	}
	s.nextWhy.SetText(why)
	if why == "" {
		s.nextWhy.Hide()
	} else {
		s.nextWhy.Show()
	}
	s.bar.Refresh()
}

func (s *installScreen) goBack() {
	if s.step > stepFile && !s.installing {
		s.goTo(s.step - 1)
	}
}

func (s *installScreen) goNext() {
	switch s.step {
	case stepTargets:
		s.goTo(stepInstall)
		s.doInstall()
	case stepPassword:
		if s.unchecked() {
			s.read(s.u.file, func() {
				if s.step == stepPassword && s.validity.Status.Usable() {
					s.goTo(stepTargets)
				}
			})
			return
		}
		s.goTo(stepTargets)
	case stepInstall:
		if s.installed.Imported == 0 {
			s.u.showChecklist(true)
			return
		}
		s.prepareOpen()
		s.goTo(stepOpen)
	default:
		s.goTo(s.step + 1)
	}
}

// ① The file: the one found in Downloads preselected, or chosen, or dropped.
func (s *installScreen) filePage() fyne.CanvasObject {
	u := s.u
	s.found = container.NewVBox()
	s.fileLabel = newBoldText(u.t("gui.install.no_file"))
	s.filePath = newText("")
	s.filePath.Importance = widget.LowImportance
	choose := newKeyButton(u.t("gui.install.choose"), theme.FolderOpenIcon(), s.openDialog, nil)
	s.choose = &choose.Button
	hint := newText(u.t("gui.install.drop_hint"))
	page := container.NewVBox(s.found, container.NewHBox(choose), hint, widget.NewSeparator(), s.fileLabel, s.filePath)
	s.listFound()
	return page
}

// listFound lists the certificate files found now and preselects the
// first (the vendor's name, then the newest).
func (s *installScreen) listFound() {
	u := s.u
	s.found.Objects = nil
	cands := s.candidates()
	for _, c := range cands {
		path := c
		b := newKeyButton(filepath.Base(path), theme.FileIcon(), func() { s.setFile(path) }, nil)
		b.Alignment = widget.ButtonAlignLeading
		s.found.Add(b)
	}
	if len(s.found.Objects) > 0 {
		s.found.Objects = append([]fyne.CanvasObject{newText(u.t("gui.install.found_head"))}, s.found.Objects...)
	}
	s.found.Refresh()
	if len(cands) > 0 {
		s.preselect(cands[0])
	}
}

// startOver opens the wizard afresh at ① (home's 「証明書をインストール」, also
// after an install, which left it at ⑥): the files found now listed and
// the first preselected, as when the window opened. A file read before
// stays read while it is still the one selected; another selection is
// read at ② as usual. An install still running is shown as it is.
func (s *installScreen) startOver() {
	if s.installing {
		return
	}
	before := s.u.file
	s.listFound()
	if s.u.file != before {
		s.u.identity, s.u.fileErr = nil, nil
		s.readWith = ""
		s.details.Objects = nil
		s.details.Refresh()
		s.pwError.Hide()
		s.older.Hide()
	}
	s.goTo(stepFile)
}

// preselect selects a found file without reading it yet.
func (s *installScreen) preselect(path string) {
	s.u.file = path
	s.fileLabel.SetText(s.u.t("gui.install.selected", map[string]any{"File": filepath.Base(path)}))
	s.filePath.SetText(path)
}

func (s *installScreen) openDialog() { s.u.chooseFile(certFiles, s.setFile) }

// setFile selects a file and reads it with the password in the field (the
// profile's default at first), before anything is written.
func (s *installScreen) setFile(path string) {
	s.preselect(path)
	s.updateBar()
	s.read(path, nil)
	if s.step == stepFile {
		s.goTo(stepPassword)
	}
}

// ② What the file holds, and its password (the profile's default first).
func (s *installScreen) passwordPage() fyne.CanvasObject {
	u := s.u
	s.details = container.NewVBox()
	s.passwordField = newKeyEntry(true, s.goBack)
	s.password = &s.passwordField.Entry
	s.password.SetText(u.fl.Profile().DefaultPassword)
	s.password.OnSubmitted = s.submitPassword
	s.password.OnChanged = func(string) { s.updateBar() }
	prove := newKeyButton(u.t("gui.install.prove"), nil, func() { s.read(s.u.file, nil) }, s.goBack)
	s.pwError = newText("")
	s.pwError.Importance = widget.DangerImportance
	s.pwError.Hide()
	s.older = newText("")
	s.older.Importance = widget.WarningImportance
	s.older.Hide()
	pwLabel := newText(u.t("gui.install.password"))
	return container.NewVBox(s.details, s.older, pwLabel, container.NewBorder(nil, nil, nil, prove, s.passwordField), s.pwError)
}

// unchecked: the selected file has not been read with the password in
// the field (a file preselected in ① and not read yet, or a password typed
// since the last read).
func (s *installScreen) unchecked() bool {
	return s.u.file != "" && (s.password.Text != s.readWith || s.u.identity == nil && s.u.fileErr == nil)
}

// read reads the file with the password in the field; then, when not nil,
// runs after a successful read (the error is shown at the field otherwise).
func (s *installScreen) read(path string, then func()) {
	if path == "" {
		return
	}
	password := s.password.Text
	s.readWith = password
	s.reading = true
	s.updateBar()
	var id *certfile.Identity
	var err error
	s.u.async(func() { id, _, err = certfile.Open(path, password) }, func() {
		s.reading = false
		s.u.identity, s.u.fileErr = id, err
		if err != nil {
			s.details.Objects = nil
			s.details.Refresh()
			code := certfile.CodeOf(err)
			s.pwError.SetText("✗ " + s.u.t("file.error."+string(code)))
			s.pwError.Show()
			if code == certfile.WrongPassword {
				s.u.w.Canvas().Focus(s.passwordField)
			}
			s.older.Hide()
			s.updateBar()
			return
		}
		s.pwError.Hide()
		s.validity = certfile.Evaluate(id.Leaf, s.u.fl.Now(), s.u.fl.Profile())
		s.renderDetails()
		s.checkOlder(id)
		s.updateBar()
		if then != nil {
			then()
		}
	})
}

// checkOlder flags a file whose certificate ends before one already
// installed (an old download picked by mistake).
func (s *installScreen) checkOlder(id *certfile.Identity) {
	var state flow.Renewal
	s.u.async(func() { state = s.u.fl.RenewalState(s.u.fl.Inventory(context.Background())) }, func() {
		defer s.relayout()
		if state.HasCurrent && state.Current.Cert.NotAfter.After(id.Leaf.NotAfter) && state.Current.SHA256() != id.SHA256() {
			s.older.SetText("! " + s.u.t("gui.install.older", map[string]any{"Date": s.u.msg.Date(state.Current.Cert.NotAfter)}))
			s.older.Show()
		} else {
			s.older.Hide()
		}
	})
}

// renderDetails shows 発行先, 発行者, 有効期限, days left and status (and,
// for the helpdesk, thumbprints).
func (s *installScreen) renderDetails() {
	id := s.u.identity
	if id == nil {
		return
	}
	u, v := s.u, s.validity
	f := widget.NewForm(
		widget.NewFormItem(u.t("field.issued_to"), newText(id.Leaf.Subject.CommonName)),
		widget.NewFormItem(u.t("field.issuer"), newText(id.Leaf.Issuer.CommonName)),
		widget.NewFormItem(u.t("gui.field.expiry"), newText(u.t("gui.expiry", map[string]any{
			"Date": u.msg.Date(id.Leaf.NotAfter), "Days": u.msg.Days(v.DaysLeft)}))),
		widget.NewFormItem(u.t("field.status"), newText(u.t("status."+string(v.Status)))),
	)
	if u.detailed() {
		f.Append(u.t("field.sha256"), newText(id.SHA256()))
		f.Append(u.t("field.sha1"), newText(id.SHA1()))
		f.Append(u.t("field.key"), newText(id.KeyType()))
	}
	status := newText("")
	switch {
	case !v.Status.Usable():
		status.SetText("✗ " + u.t("import.refused."+string(v.Status)))
		status.Importance = widget.DangerImportance
	case v.Status == certfile.ExpiringSoon:
		status.SetText("! " + u.t("gui.install.expiring"))
		status.Importance = widget.WarningImportance
	default:
		status.SetText("✓ " + u.t("gui.install.ready"))
		status.Importance = widget.SuccessImportance
	}
	s.details.Objects = []fyne.CanvasObject{f, status}
	s.details.Refresh()
}

// ③ Where to install: the browsers by the names users know.
func (s *installScreen) targetsPage() fyne.CanvasObject {
	s.tbox = container.NewVBox()
	s.loadTargets()
	s.targetsIntro = newText(s.targetsIntroText())
	return container.NewVBox(s.targetsIntro, s.tbox)
}

// targetsIntroText: the demo's only target is its scratch store, never
// "the browsers ticked".
func (s *installScreen) targetsIntroText() string {
	if s.u.demo != nil {
		return s.u.t("gui.install.targets_intro_demo")
	}
	return s.u.t("gui.install.targets_intro")
}

func (s *installScreen) loadTargets() {
	u := s.u
	s.tbox.Objects = nil
	s.checks = nil
	targets, err := u.fl.Targets()
	s.targets = targets
	if err != nil && len(targets) == 0 {
		l := newText(u.t("gui.install.no_targets"))
		s.tbox.Add(l)
		return
	}
	for _, t := range targets {
		label := u.readerName(t)
		kc := newKeyCheck(label, func(bool) { s.updateBar() }, s.key)
		c := &kc.Check
		switch {
		case errors.Is(t.Available, store.ErrServedElsewhere):
			c.SetText(label + " — " + u.t("gui.install.served_by_os"))
			c.Disable()
		case t.Available != nil:
			c.SetText(label + " — " + u.t("gui.install.unavailable"))
			c.Disable()
		default:
			c.SetChecked(true)
		}
		s.checks = append(s.checks, c)
		s.tbox.Add(kc)
		if u.detailed() {
			s.tbox.Add(newText(t.Store.Location()))
		}
	}
}

// anyTickable: some target can be ticked (others say why they cannot).
func (s *installScreen) anyTickable() bool {
	for _, c := range s.checks {
		if !c.Disabled() {
			return true
		}
	}
	return false
}

func (s *installScreen) anyTicked() bool {
	for _, c := range s.checks {
		if c.Checked && !c.Disabled() {
			return true
		}
	}
	return false
}

// ④ Installing, then ⑤ the result per browser, read back from each store.
func (s *installScreen) installPage() fyne.CanvasObject {
	s.progress = container.NewVBox()
	return s.progress
}

// installMinShown is how long ④ stays at least: long enough to read
// each row go from 「インストール中…」 to its result.
const installMinShown = time.Second

// doInstall installs into every ticked store; each row shows its progress
// and then what that store holds. It finishes when every store has, and
// no sooner than minShown after ④ appeared: the rows' results come in
// turn within that time (a slower store's when it is done).
func (s *installScreen) doInstall() {
	u := s.u
	id := u.identity
	if id == nil {
		return
	}
	var chosen []store.Store
	rows := map[string]*installRow{}
	slot := map[string]int{}
	s.progress.Objects = nil
	for i, c := range s.checks {
		if !c.Checked || c.Disabled() {
			continue
		}
		t := s.targets[i]
		chosen = append(chosen, t.Store)
		row := newInstallRow(u.t("gui.install.installing", map[string]any{"Browser": u.readerName(t)}))
		slot[t.Store.Location()] = len(rows) + 1
		rows[t.Store.Location()] = row
		s.progress.Add(row.box)
	}
	s.progress.Refresh()
	s.installing = true
	s.installed = flow.Installed{}
	s.updateBar()
	s.installGen++
	gen, start := s.installGen, s.now()
	pace := s.minShown / time.Duration(len(rows)+1)
	// at runs f once the install is at least d old (on the UI thread).
	at := func(d time.Duration, f func()) {
		run := func() {
			if s.installGen == gen {
				f()
			}
		}
		if wait := d - s.now().Sub(start); wait > 0 {
			s.after(wait, run)
			return
		}
		run()
	}
	addr, _ := u.systemURL()
	var res flow.Installed
	u.async(func() {
		res, _ = u.fl.Install(context.Background(), flow.InstallRequest{Identity: id, Targets: chosen, URL: addr},
			func(r flow.InstallResult) {
				loc := r.Target.Store.Location()
				u.post(func() { at(pace*time.Duration(slot[loc]), func() { rows[loc].finish(u, r) }) })
			})
	}, func() {
		at(s.minShown, func() { s.finishInstall(res, rows) })
	})
}

// finishInstall is ⑤: every row's result, and what to do when none took.
func (s *installScreen) finishInstall(res flow.Installed, rows map[string]*installRow) {
	u := s.u
	for _, r := range res.Results {
		rows[r.Target.Store.Location()].finish(u, r)
	}
	s.installing = false
	s.installed = res
	s.header.SetText(u.t("gui.wizard.step5"))
	if res.Imported == 0 {
		fail := newText(u.t("gui.install.failed_all"))
		fail.Importance = widget.DangerImportance
		s.progress.Add(fail)
	}
	s.updateBar()
}

// installRow is one store's line: 「…: インストール中…」 (the renewal
// step: the name) over a spinner, then ✓/✗ and what it holds;
// after a failure, the raw error in a detail line for the helpdesk.
type installRow struct {
	box    *fyne.Container
	bar    *widget.ProgressBarInfinite
	text   *textBlock
	detail *textBlock
	done   bool
}

func newInstallRow(name string) *installRow {
	r := &installRow{bar: widget.NewProgressBarInfinite(), text: newText(name), detail: newText("")}
	r.detail.Importance = widget.LowImportance
	r.detail.Hide()
	r.box = container.NewVBox(r.text, r.detail, r.bar)
	return r
}

func (r *installRow) finish(u *ui, res flow.InstallResult) {
	if r == nil || r.done {
		return
	}
	r.done = true
	r.bar.Stop()
	r.bar.Hide()
	name := u.readerName(res.Target)
	switch res.Status {
	case flow.Imported:
		text := "✓ " + u.t("gui.install.done", map[string]any{"Browser": name,
			"Name": res.Entry.Cert.Subject.CommonName, "Date": u.msg.Date(res.Entry.Cert.NotAfter)})
		if res.Target.Running {
			text += "\n" + u.t("gui.install.restart_browser")
		}
		if u.detailed() {
			text += "\n" + res.Target.Store.Location() + "\nSHA-256 " + res.Entry.SHA256()
		}
		r.text.SetText(text)
		r.text.Importance = widget.SuccessImportance
	default:
		reason := check.StoreErrorText(res.Problem(), u.msg)
		r.text.SetText("✗ " + u.t("gui.install.failed", map[string]any{"Browser": name, "Reason": reason}))
		r.text.Importance = widget.DangerImportance
		if res.Err != nil {
			r.detail.SetText(u.t("gui.install.failed_detail", map[string]any{"Detail": res.Err.Error()}))
			r.detail.Show()
		}
	}
	r.text.Refresh()
	r.box.Refresh()
}

// ⑥ Open the system address and pick the certificate in the popup.
func (s *installScreen) openPage() fyne.CanvasObject {
	u := s.u
	s.addressField = newKeyEntry(false, s.goBack)
	s.address = &s.addressField.Entry
	s.address.OnSubmitted = func(string) { s.primary() }
	s.address.SetPlaceHolder("https://xxxx.rootip-cloud.net")
	s.address.SetText(u.address)
	s.address.OnChanged = func(t string) { u.address = t; s.validateAddress() }
	s.addrError = newText("")
	s.addrError.Importance = widget.DangerImportance
	s.addrError.Hide()
	s.guidance = newText("")
	s.restart = newText("")
	s.restart.Importance = widget.WarningImportance
	s.openBtn = newKeyButton(u.t("gui.open.button"), theme.ComputerIcon(), s.openAddress, s.goBack)
	s.openBtn.Importance = widget.HighImportance
	s.checkBtn = newKeyButton(u.t("gui.open.check"), theme.SearchIcon(), func() { u.showChecklist(true) }, s.goBack)
	s.cannotBtn = newKeyButton(u.t("gui.open.cannot_login"), theme.QuestionIcon(), s.cannotLogin, s.goBack)
	addrLabel := newText(u.t("gui.open.address"))
	s.openActions = container.New(equalRow{}, s.openBtn, s.checkBtn, s.cannotBtn)
	return container.NewVBox(addrLabel, s.addressField, s.addrError, s.restart, s.guidance, s.openActions)
}

func (s *installScreen) validateAddress() bool {
	defer s.relayout()
	if _, err := s.u.systemURL(); err != nil {
		s.addrError.SetText("✗ " + s.u.t("gui.open.bad_address"))
		s.addrError.Show()
		s.openBtn.Disable()
		return false
	}
	s.addrError.Hide()
	if s.u.address == "" {
		s.openBtn.Disable()
	} else {
		s.openBtn.Enable()
	}
	return true
}

// prepareOpen writes the popup guidance for the certificate just installed
// and the restart the machine's state calls for.
func (s *installScreen) prepareOpen() {
	u := s.u
	id := u.identity
	s.guidance.SetText(u.t("gui.open.guidance", map[string]any{"Name": id.Leaf.Subject.CommonName,
		"Date": u.msg.Date(id.Leaf.NotAfter)}))
	var running []string
	for _, r := range s.installed.Results {
		if r.Status == flow.Imported && r.Target.Running {
			running = append(running, u.readerName(r.Target))
		}
	}
	switch {
	case len(running) > 0:
		s.restart.SetText("! " + u.t("gui.open.restart_browser", map[string]any{"Browsers": u.msg.List(running)}))
		s.restart.Show()
	case runtime.GOOS == "windows" && u.demo == nil: // the demo's scratch store needs no restart
		s.restart.SetText("! " + u.t("gui.open.restart_pc"))
		s.restart.Show()
	default:
		s.restart.Hide()
	}
	if u.demo != nil {
		s.openBtn.Hide()
		s.guidance.SetText(u.t("gui.open.demo"))
	}
	s.address.SetText(u.address)
	s.validateAddress()
}

func (s *installScreen) openAddress() {
	addr, err := s.u.systemURL()
	if err != nil || addr == nil {
		s.validateAddress()
		return
	}
	_ = s.u.fl.RememberURL(addr)
	// Greyed while the system answers (up to a few seconds), so a second
	// press does not start a second browser.
	s.openBtn.Disable()
	s.u.openLink(addr, func(error) { s.validateAddress() })
}

// cannotLogin is the manual's list for a login page that loads but does
// not let the user in (3-1, login errors).
func (s *installScreen) cannotLogin() {
	text := newText(s.u.t("gui.open.login_errors"))
	d := dialog.NewCustomWithoutButtons(s.u.t("gui.open.cannot_login"), container.NewPadded(text), s.u.w)
	d.SetButtons([]fyne.CanvasObject{newKeyButton(s.u.t("OK"), nil, d.Hide, d.Hide)})
	d.Resize(fyne.NewSize(520, 300))
	d.Show()
}

// relayout lays the current step out again after something was shown or
// hidden (Fyne does not re-run a parent's layout on Show).
func (s *installScreen) relayout() {
	if s.stack != nil {
		s.stack.Refresh()
		for _, o := range s.stack.Objects {
			if sc, ok := o.(*container.Scroll); ok {
				sc.Content.Refresh()
			}
		}
	}
}
