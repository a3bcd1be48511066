package app

import (
	"context"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// installScreen is the wizard: file → what it holds → password → system
// address → targets → install with a progress bar per target → read back.
type installScreen struct {
	u    *ui
	root fyne.CanvasObject

	fileLabel  *widget.Label
	choose     *widget.Button
	found      *fyne.Container
	details    *widget.Form
	detailBox  *fyne.Container
	status     *widget.Label
	password   *widget.Entry
	prove      *widget.Button
	url        *widget.Entry
	targets    *fyne.Container
	checks     []*widget.Check
	stores     []store.Store
	install    *widget.Button
	progress   *fyne.Container
	bars       []*widget.ProgressBarInfinite
	results    []*widget.Label
	identity   *certfile.Identity
	validity   certfile.Validity
	lastFile   string
	installing bool
}

func newInstallScreen(u *ui) *installScreen {
	s := &installScreen{u: u}
	s.fileLabel = widget.NewLabel(lang.L("gui.install.no_file"))
	s.fileLabel.Wrapping = fyne.TextWrapWord
	s.choose = widget.NewButtonWithIcon(lang.L("gui.install.choose"), theme.FolderOpenIcon(), s.openDialog)
	s.found = container.NewVBox()
	s.details = widget.NewForm()
	s.detailBox = container.NewVBox(s.details)
	s.detailBox.Hide()
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.password = widget.NewPasswordEntry()
	s.password.SetText(u.b.Profile.DefaultPassword)
	s.prove = widget.NewButton(lang.L("gui.install.prove"), func() { s.read(s.lastFile) })
	s.password.OnSubmitted = func(string) { s.read(s.lastFile) }
	s.url = widget.NewEntry()
	s.url.SetPlaceHolder("https://xxxx.rootip-cloud.net")
	s.url.SetText(u.b.rememberedURL())
	s.targets = container.NewVBox()
	s.install = widget.NewButtonWithIcon(lang.L("gui.install.go"), theme.ConfirmIcon(), s.doInstall)
	s.install.Importance = widget.HighImportance
	s.install.Disable()
	s.progress = container.NewVBox()
	step := func(n int, key string) *widget.Label {
		return widget.NewLabelWithStyle(fmt.Sprintf("%d. %s", n, lang.L(key)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.root = container.NewVScroll(container.NewPadded(container.NewVBox(
		step(1, "gui.install.step.file"), s.fileLabel, container.NewHBox(s.choose), s.found,
		step(2, "gui.install.step.contents"), s.detailBox, s.status,
		step(3, "gui.install.step.password"), container.NewBorder(nil, nil, nil, s.prove, s.password),
		step(4, "gui.install.step.url"), s.url,
		step(5, "gui.install.step.targets"), s.targets,
		s.install, s.progress,
	)))
	s.loadTargets()
	s.loadCandidates()
	return s
}

func (s *installScreen) loadCandidates() {
	cands := defaultCandidates
	if s.u.b.Candidates != nil {
		cands = s.u.b.Candidates
	}
	for _, c := range cands() {
		path := c
		s.found.Add(widget.NewButtonWithIcon(lang.L("gui.install.found", map[string]any{"File": path}), theme.FileIcon(), func() { s.setFile(path) }))
	}
}

func (s *installScreen) openDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.setFile(path)
	}, s.u.w)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".p12", ".pfx", ".P12", ".PFX"}))
	d.Show()
}

// loadTargets lists the stores with a checkbox each, ticked where a
// browser on this machine reads it.
func (s *installScreen) loadTargets() {
	s.targets.Objects = nil
	s.checks, s.stores = nil, nil
	if s.u.b.Stores == nil {
		return
	}
	stores, err := s.u.b.Stores()
	if err != nil {
		s.targets.Add(widget.NewLabel(lang.L("gui.install.no_targets", map[string]any{"Detail": err.Error()})))
		return
	}
	for _, st := range stores {
		browser, _ := browserName(st)
		label := browser
		if s.u.detailed() {
			label += " — " + st.Location()
		}
		c := widget.NewCheck(label, func(bool) { s.updateButton() })
		if err := st.Available(); err != nil {
			c.SetText(label + " (" + lang.L("gui.install.unavailable") + ")")
			c.Disable()
		} else {
			c.SetChecked(true)
		}
		s.checks = append(s.checks, c)
		s.stores = append(s.stores, st)
		s.targets.Add(c)
	}
}

// setFile selects a file and reads it with the password in the field (the
// profile's default at first), before anything is written.
func (s *installScreen) setFile(path string) {
	s.lastFile = path
	s.fileLabel.SetText(filepath.Base(path))
	s.u.file = path
	s.read(path)
}

func (s *installScreen) read(path string) {
	if path == "" {
		return
	}
	password := s.password.Text
	var id *certfile.Identity
	var err error
	s.u.async(func() { id, _, err = certfile.Open(path, password) }, func() {
		s.identity = nil
		if err != nil {
			code := certfile.CodeOf(err)
			s.detailBox.Hide()
			s.status.SetText("✗ " + lang.L("file.error."+string(code)))
			s.relayout()
			if code == certfile.WrongPassword {
				s.u.w.Canvas().Focus(s.password)
			}
			s.updateButton()
			return
		}
		s.identity = id
		s.u.identity = id
		s.validity = certfile.Evaluate(id.Leaf, s.u.b.now(), s.u.b.Profile)
		s.renderDetails()
		s.updateButton()
	})
}

// renderDetails shows 発行先, 発行者, 有効期限, days left and status (and,
// for the helpdesk, thumbprints).
func (s *installScreen) renderDetails() {
	id := s.identity
	if id == nil {
		return
	}
	v := s.validity
	f := widget.NewForm(
		widget.NewFormItem(lang.L("field.issued_to"), widget.NewLabel(id.Leaf.Subject.CommonName)),
		widget.NewFormItem(lang.L("field.issuer"), widget.NewLabel(id.Leaf.Issuer.CommonName)),
		widget.NewFormItem(lang.L("gui.field.expiry"), widget.NewLabel(lang.L("gui.expiry", map[string]any{
			"Date": id.Leaf.NotAfter.Local().Format("2006/01/02"), "Days": v.DaysLeft}))),
		widget.NewFormItem(lang.L("field.status"), widget.NewLabel(lang.L("status."+string(v.Status)))),
	)
	if s.u.detailed() {
		f.Append(lang.L("field.sha256"), widget.NewLabel(id.SHA256()))
		f.Append(lang.L("field.sha1"), widget.NewLabel(id.SHA1()))
		f.Append(lang.L("field.key"), widget.NewLabel(id.KeyType()))
	}
	s.details = f
	s.detailBox.Objects = []fyne.CanvasObject{f}
	s.detailBox.Show()
	s.relayout()
	switch {
	case !v.Status.Usable():
		s.status.SetText("✗ " + lang.L("import.refused."+string(v.Status)))
	case v.Status == certfile.ExpiringSoon:
		s.status.SetText("! " + lang.L("gui.install.expiring"))
	default:
		s.status.SetText("✓ " + lang.L("gui.install.ready"))
	}
}

// relayout makes the scroll container measure its grown content again.
func (s *installScreen) relayout() {
	if sc, ok := s.root.(*container.Scroll); ok {
		sc.Content.Refresh()
		sc.Refresh()
	}
}

func (s *installScreen) updateButton() {
	ok := s.identity != nil && s.validity.Status.Usable() && !s.installing
	any := false
	for _, c := range s.checks {
		any = any || (c.Checked && !c.Disabled())
	}
	if ok && any {
		s.install.Enable()
	} else {
		s.install.Disable()
	}
}

// doInstall imports into every ticked store with a progress bar each, then
// shows what each store holds and runs the checklist.
func (s *installScreen) doInstall() {
	id := s.identity
	if id == nil {
		return
	}
	s.installing = true
	s.updateButton()
	s.progress.Objects = nil
	s.bars, s.results = nil, nil
	var chosen []store.Store
	for i, c := range s.checks {
		if !c.Checked || c.Disabled() {
			continue
		}
		st := s.stores[i]
		browser, _ := browserName(st)
		bar := widget.NewProgressBarInfinite()
		res := widget.NewLabel(browser)
		res.Wrapping = fyne.TextWrapWord
		s.bars, s.results = append(s.bars, bar), append(s.results, res)
		s.progress.Add(container.NewVBox(res, bar))
		chosen = append(chosen, st)
	}
	s.relayout()
	url := s.url.Text
	if url != "" {
		s.u.b.remember(func(st *profile.Settings) { st.URL = url })
	}
	imported := 0
	for i, st := range chosen {
		i, st := i, st
		var entry store.Entry
		var err error
		s.u.async(func() { entry, err = store.ImportAndVerify(context.Background(), st, id) }, func() {
			s.bars[i].Stop()
			s.bars[i].Hide()
			browser, running := browserName(st)
			if err != nil {
				s.results[i].SetText("✗ " + lang.L("gui.install.failed", map[string]any{"Browser": browser, "Error": err.Error()}))
			} else {
				imported++
				text := "✓ " + lang.L("gui.install.done", map[string]any{"Browser": browser, "Date": entry.Cert.NotAfter.Local().Format("2006/01/02")})
				if running {
					text += "\n" + lang.L("import.restart_browser")
				}
				if s.u.detailed() {
					text += "\n" + st.Location() + " — SHA-256 " + entry.SHA256()
				}
				s.results[i].SetText(text)
			}
			if i == len(chosen)-1 {
				s.finish(imported)
			}
		})
	}
}

func (s *installScreen) finish(imported int) {
	s.installing = false
	s.updateButton()
	if imported == 0 {
		dialog.ShowInformation(lang.L("gui.install.failed_title"), lang.L("gui.install.failed_all"), s.u.w)
		return
	}
	s.u.b.remember(func(st *profile.Settings) { st.LastImport = s.u.b.now() })
	s.progress.Add(widget.NewButtonWithIcon(lang.L("gui.install.to_checklist"), theme.NavigateNextIcon(), func() { s.u.showChecklist(true) }))
	s.relayout()
	if !s.u.b.Sync {
		s.u.showChecklist(true)
	}
}

func browserName(st store.Store) (string, bool) {
	if o, ok := st.(store.Owned); ok {
		return o.Browser(), o.InUse()
	}
	return lang.L("gui.store." + st.Kind()), false
}
