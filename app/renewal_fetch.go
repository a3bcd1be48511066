package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/renewal"
)

// The fetch page: where to download, the watched folders, and what
// arrived.
func (s *renewalScreen) buildFetch() {
	u := s.u
	s.menu = newText("")
	s.opened = newText("")
	s.watching = newText("")
	s.watching.Importance = widget.LowImportance
	s.arrivalText = newText("")
	s.arrivalText.Hide()
	s.password = widget.NewPasswordEntry()
	s.pwError = newText("")
	s.pwError.Importance = widget.DangerImportance
	check := newButton(u.t("gui.install.prove"), nil, s.retryPassword)
	s.password.OnSubmitted = func(string) { s.retryPassword() }
	s.pwBox = container.NewVBox(newText(u.t("gui.install.password")), container.NewBorder(nil, nil, nil, check, s.password), s.pwError)
	s.pwBox.Hide()
	s.installBtn = newButton(u.t("gui.renewal.install"), theme.ConfirmIcon(), s.install)
	s.installBtn.Importance = widget.HighImportance
	s.installBtn.Hide()
	s.chooseBtn = newButton(u.t("gui.install.choose"), theme.FolderOpenIcon(), s.chooseFile)
	back := newButton(u.t("gui.wizard.back"), theme.NavigateBackIcon(), func() {
		s.stopWatch()
		s.goTo(renewalOverview)
		s.update()
	})
	s.fetchPage = container.NewVBox(s.menu, s.opened, widget.NewSeparator(), s.watching, s.arrivalText, s.pwBox,
		s.installBtn, container.NewHBox(s.chooseBtn), widget.NewSeparator(), container.NewHBox(back))
}

// fetch is 「新しい証明書を取得」: the system address in the default
// browser, the manual's menu path, and the download folders watched.
func (s *renewalScreen) fetch() {
	u := s.u
	s.arrival = nil
	s.arrivalText.Hide()
	s.pwBox.Hide()
	s.installBtn.Hide()
	s.menu.SetText(u.t("gui.renewal.menu", map[string]any{"Menu": u.fl.Profile().DownloadMenu.In(string(u.msg.Lang))}))
	addr := s.systemURL()
	switch {
	case u.demo != nil:
		s.opened.Hide() // the demo's address is loopback inside this tool
	case addr == nil:
		s.opened.SetText("! " + u.t("gui.renewal.no_address"))
		s.opened.Importance = widget.WarningImportance
		s.opened.Show()
	default:
		// The system's opener may take a few seconds to answer: asked off
		// the UI thread, its answer shown when it comes.
		s.opened.Hide()
		var err error
		u.async(func() { err = s.openURL(addr) }, func() {
			if err != nil {
				s.opened.SetText("! " + u.t("gui.open.failed", map[string]any{"URL": addr.String()}))
				s.opened.Importance = widget.WarningImportance
			} else {
				_ = u.fl.RememberURL(addr)
				s.opened.SetText(u.t("gui.renewal.opened", map[string]any{"URL": addr.String()}))
				s.opened.Importance = widget.MediumImportance
			}
			s.opened.Show()
		})
	}
	s.goTo(renewalFetch)
	s.startWatch()
}

// startWatch starts the flow's Downloads watcher; each file that arrives
// is shown on the fetch page.
func (s *renewalScreen) startWatch() {
	u := s.u
	s.stopWatch()
	w, err := s.watch(context.Background())
	if err != nil {
		s.watching.SetText("! " + u.t("gui.renewal.no_dir"))
		s.watching.Importance = widget.WarningImportance
		s.relayout()
		return
	}
	s.watcher = w
	s.watchGen++
	if s.onWatch != nil {
		s.onWatch()
	}
	gen := s.watchGen
	var dirs []string
	for _, d := range w.Dirs() {
		dirs = append(dirs, d.Path)
	}
	s.watchingDirs = u.t("gui.renewal.watching", map[string]any{"Dirs": strings.Join(dirs, "、")})
	s.watching.SetText(s.watchingDirs + "\n" + u.t("gui.renewal.watching.wait"))
	s.watching.Importance = widget.LowImportance
	s.relayout()
	go func() {
		for a := range w.Arrivals() {
			a := a
			u.post(func() {
				if gen == s.watchGen && s.page == renewalFetch {
					s.arrive(a)
				}
			})
		}
	}()
}

// stopWatch stops the watcher (leaving the page, installing).
func (s *renewalScreen) stopWatch() {
	if s.watcher != nil {
		w := s.watcher
		s.watcher = nil
		s.watchGen++
		go w.Close()
	}
}

// arrive says what the file is: the successor (offered for install), the
// same certificate again, an older one, another environment's, or
// unreadable (a wrong password asks for the right one).
func (s *renewalScreen) arrive(a flow.Arrival) {
	u := s.u
	defer s.relayout()
	s.arrival = &a
	s.watching.SetText(s.watchingDirs) // a file came: no longer "it shows here once…"
	s.pwBox.Hide()
	s.installBtn.Hide()
	data := map[string]any{"File": filepath.Base(a.Path), "Name": a.Cert.Name, "Date": u.msg.Date(a.Cert.NotAfter)}
	if addr := s.systemURL(); addr != nil {
		data["Host"] = addr.Hostname()
	}
	prefix := "! "
	s.arrivalText.Importance = widget.WarningImportance
	switch a.Class {
	case renewal.ClassSuccessor:
		prefix = "✓ "
		s.arrivalText.Importance = widget.SuccessImportance
		s.installBtn.Show()
	case renewal.ClassUnreadable:
		data["Reason"] = s.errorReason(a.Err)
		if certfile.CodeOf(a.Err) == certfile.WrongPassword {
			s.pwError.SetText("✗ " + s.errorReason(a.Err))
			s.pwBox.Show()
			s.arrivalText.Hide()
			u.w.Canvas().Focus(s.password)
			return
		}
		prefix = "✗ "
		s.arrivalText.Importance = widget.DangerImportance
	}
	s.arrivalText.SetText(prefix + u.t("gui.renewal.arrival."+string(a.Class), data))
	s.arrivalText.Show()
}

// retryPassword reads the file again with the password typed.
func (s *renewalScreen) retryPassword() {
	if s.arrival == nil {
		return
	}
	s.readFile(s.arrival.Path, s.password.Text)
}

// chooseFile asks for the new certificate file (the system's dialog,
// starting in Downloads).
func (s *renewalScreen) chooseFile() {
	s.u.chooseFile(certFiles, func(path string) { s.readFile(path, "") })
}

// install installs the successor beside the old certificate, reads every
// store back and proves it with a mutual-TLS handshake using the new key,
// then shows the result.
func (s *renewalScreen) install() {
	u := s.u
	a := s.arrival
	if a == nil || a.Identity == nil || a.Class != renewal.ClassSuccessor {
		return
	}
	s.stopWatch()
	s.progress.Objects = []fyne.CanvasObject{newBoldText(u.t("gui.renewal.installing"))}
	bar := widget.NewProgressBarInfinite()
	s.progress.Add(bar)
	s.goTo(renewalInstall)
	rows := map[string]*installRow{}
	row := func(r flow.InstallResult) {
		loc := r.Target.Store.Location()
		if rows[loc] == nil {
			rows[loc] = newInstallRow(u.readerName(r.Target))
			s.progress.Add(rows[loc].box)
		}
		rows[loc].finish(u, r)
		s.relayout()
	}
	req := flow.SuccessorRequest{Identity: a.Identity, Path: a.Path, Prove: s.proveRequest()}
	var res flow.SuccessorResult
	var err error
	u.async(func() {
		res, err = u.fl.InstallSuccessor(context.Background(), req, func(r flow.InstallResult) { u.post(func() { row(r) }) })
	}, func() {
		bar.Stop()
		s.result, s.resultErr = res, err
		s.showResult()
		u.home.update()
	})
}

// showResult: what each store now holds, whether the server accepted the
// new key, which certificate to pick in the popup, what to restart, and
// the old certificate's later removal; the actions in the bar below it.
func (s *renewalScreen) showResult() {
	u := s.u
	res, err := s.result, s.resultErr
	page := s.resultPage
	page.Objects = nil
	head := newBoldText("")
	page.Add(head)
	checkBtn := newButton(u.t("gui.open.check"), theme.SearchIcon(), func() { u.showChecklist(true) })
	for _, r := range res.Installed.Results {
		row := newInstallRow(u.readerName(r.Target))
		row.finish(u, r)
		page.Add(row.box)
	}
	switch {
	case res.Installed.Imported == 0:
		head.SetText(u.t("gui.renewal.result.failed"))
		head.Importance = widget.DangerImportance
		if err != nil && len(res.Installed.Results) == 0 {
			page.Add(newText(u.t("gui.install.failed_all")))
		}
		s.resultActs.Objects = []fyne.CanvasObject{container.NewHBox(checkBtn)}
		s.goTo(renewalResult)
		return
	case errors.Is(err, flow.ErrNotProven) || res.Proof.Status == renewal.Rejected:
		head.SetText(u.t("gui.renewal.result.rejected"))
		head.Importance = widget.DangerImportance
	case res.Proof.Status == renewal.Proven:
		head.SetText(u.t("gui.renewal.result.proven"))
		head.Importance = widget.SuccessImportance
	default:
		head.SetText(u.t("gui.renewal.result.unproven"))
		head.Importance = widget.WarningImportance
	}
	if !res.Pick.OldNotAfter.IsZero() {
		page.Add(newText(u.t("gui.renewal.kept", map[string]any{"Date": u.msg.Date(res.Pick.OldNotAfter)})))
	}
	switch {
	case !res.Proved:
		page.Add(newText("! " + u.t("gui.renewal.no_proof")))
	case res.Proof.Status != renewal.Proven:
		for _, f := range res.Diagnosis.Result.Findings {
			if f.ID == check.NetMTLS {
				t := newText(u.t("gui.renewal.rejected", map[string]any{"Detail": u.describe(f).Detail}))
				t.Importance = widget.DangerImportance
				page.Add(t)
			}
		}
	}
	if res.Proof.Status == renewal.Proven || !res.Proved {
		page.Add(widget.NewSeparator())
		pick := newBoldText(s.pickText(res.Pick))
		page.Add(pick)
		for _, line := range s.restartLines(res.Restart) {
			t := newText("! " + line)
			t.Importance = widget.WarningImportance
			page.Add(t)
		}
		page.Add(newText(u.t("gui.renewal.done_signal")))
		if u.demo != nil {
			page.Add(newText(u.t("gui.open.demo")))
		}
	}
	switch {
	case len(res.After.State.Removable) > 0:
		page.Add(widget.NewSeparator())
		page.Add(container.NewHBox(newButton(u.t("gui.renewal.cleanup"), theme.DeleteIcon(), s.confirmCleanup)))
	case !res.Pick.OldNotAfter.IsZero():
		page.Add(widget.NewSeparator())
		page.Add(newText(u.t("gui.renewal.cleanup.later", map[string]any{"Date": u.msg.Date(res.Pick.OldNotAfter)})))
	}
	if s.systemURL() == nil || u.demo != nil {
		// No page to open here: the check alone takes the row, not half of it.
		s.resultActs.Objects = []fyne.CanvasObject{checkBtn}
	} else {
		s.resultActs.Objects = []fyne.CanvasObject{container.NewGridWithColumns(2, s.openButton(), checkBtn)}
	}
	s.goTo(renewalResult)
}

// openButton opens the system address in the browser (not offered in the
// demo, whose address no browser reaches).
func (s *renewalScreen) openButton() *keyButton {
	u := s.u
	b := newButton(u.t("gui.open.button"), theme.ComputerIcon(), func() {
		if addr := s.systemURL(); addr != nil {
			if err := s.openURL(addr); err != nil {
				u.inform(u.t("gui.open.button"), u.t("gui.open.failed", map[string]any{"URL": addr.String()}))
			}
		}
	})
	b.Importance = widget.HighImportance
	return b
}

// pickText names exactly the certificate to choose in the browser's popup.
func (s *renewalScreen) pickText(p flow.Pick) string {
	u := s.u
	data := map[string]any{"Name": p.IssuedTo, "Date": u.msg.Date(p.NotAfter)}
	if p.OldNotAfter.IsZero() {
		return u.t("gui.renewal.pick.no_old", data)
	}
	data["Old"] = u.msg.Date(p.OldNotAfter)
	return u.t("gui.renewal.pick", data)
}

// restartLines: the browsers running now must restart; on Windows the
// manual asks for a PC restart.
func (s *renewalScreen) restartLines(r flow.RestartAdvice) []string {
	u := s.u
	var out []string
	if len(r.Browsers) > 0 {
		out = append(out, u.t("gui.renewal.restart.browsers", map[string]any{"Browsers": u.msg.List(r.Browsers)}))
	} else {
		out = append(out, u.t("gui.renewal.restart.browser"))
	}
	if r.PC {
		out = append(out, u.t("gui.renewal.restart.pc"))
	}
	return out
}
