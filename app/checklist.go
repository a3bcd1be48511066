package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/check"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/store"
)

// checklistScreen shows every check updating live, the fix, the verdict,
// buttons where the app can fix it, and the one next step.
type checklistScreen struct {
	u    *ui
	root fyne.CanvasObject
	rows *fyne.Container
	// scroll holds the rows: at the default size only the first few show.
	scroll *wheelScroll

	verdict     *textBlock
	verdictIcon *widget.Icon
	next        *textBlock
	address     *widget.Entry
	addrBox     *fyne.Container
	addrError   *textBlock
	bottom      *fyne.Container
	// cleanupWhy says why 「期限切れの証明書を削除」 is greyed out.
	cleanupWhy *textBlock
	// lastRun says when the last run ended (「最終確認: 17:02:15」), by
	// the flow's clock in zone.
	lastRun *textBlock
	zone    *time.Location

	mu       sync.Mutex
	findings map[string]check.Finding
	running  bool
	runID    int
	code     string // the support code of the last run

	rerun, reinstall, cleanup, toReport, osCerts *keyButton
	// offProfiles are Firefox profiles (Windows/macOS) that do not read the
	// OS store, so the OS install does not reach them.
	offProfiles []store.OSClientCertsSwitch
}

func newChecklistScreen(u *ui) *checklistScreen {
	c := &checklistScreen{u: u, rows: container.NewVBox(), findings: map[string]check.Finding{}}
	c.verdict = newBoldText("")
	c.verdict.Tight = true
	c.lastRun = newText("")
	c.lastRun.Tight = true
	c.lastRun.Importance = widget.LowImportance
	c.lastRun.Hide()
	c.zone = time.Local
	c.verdictIcon = widget.NewIcon(nil)
	c.verdictIcon.Hide()
	c.next = newText("")
	c.next.Tight = true
	c.address = widget.NewEntry()
	c.address.SetPlaceHolder("https://xxxx.rootip-cloud.net")
	c.address.OnSubmitted = func(string) { c.useAddress() }
	c.addrError = newText("")
	c.addrError.Importance = widget.DangerImportance
	c.addrError.Hide()
	useAddr := newButton(u.t("gui.check.use_address"), nil, c.useAddress)
	c.addrBox = container.NewVBox(newText(u.t("gui.open.address")),
		container.NewBorder(nil, nil, nil, useAddr, c.address), c.addrError)
	c.addrBox.Hide()
	c.rerun = newButton(u.t("gui.check.rerun"), theme.ViewRefreshIcon(), func() { c.run() })
	c.reinstall = newButton(u.t("gui.check.reinstall"), installIcon(), func() { u.showInstall(u.file) })
	c.cleanup = newButton(u.t("gui.check.cleanup"), theme.DeleteIcon(), c.confirmCleanup)
	c.toReport = newButton(u.t("gui.home.report"), theme.MailComposeIcon(), func() { u.showReport() })
	c.osCerts = newButton(u.t("gui.check.os_certs"), theme.SettingsIcon(), c.enableOSCerts)
	c.osCerts.Hide()
	c.cleanupWhy = newText("")
	c.cleanupWhy.Tight = true
	c.cleanupWhy.Importance = widget.LowImportance
	c.cleanupWhy.Hide()
	buttons := container.NewVBox(container.NewGridWithColumns(2, c.rerun, c.reinstall, c.cleanup, c.toReport), c.cleanupWhy, c.osCerts)
	verdict := container.NewBorder(nil, nil, c.verdictIcon, nil, c.verdict)
	next := container.NewBorder(nil, nil, nil, c.lastRun, c.next)
	c.bottom = container.NewVBox(widget.NewSeparator(), verdict, next, c.addrBox, buttons)
	c.scroll = newWheelScroll(container.NewPadded(c.rows))
	c.root = container.NewBorder(nil, c.bottom, nil, nil, c.scroll)
	c.render()
	return c
}

// useAddress takes the address typed on this screen and runs again.
func (c *checklistScreen) useAddress() {
	c.u.address = strings.TrimSpace(c.address.Text)
	if _, err := c.u.systemURL(); err != nil || c.u.address == "" {
		c.addrError.SetText("✗ " + c.u.t("gui.open.bad_address"))
		c.addrError.Show()
		c.bottom.Refresh()
		return
	}
	c.addrError.Hide()
	c.run()
}

// run starts the checklist; rows turn from "checking" to their result as
// each check finishes.
func (c *checklistScreen) run() {
	u := c.u
	addr, err := u.systemURL()
	if err != nil {
		c.address.SetText(u.address)
		c.addrError.SetText("✗ " + u.t("gui.open.bad_address"))
		c.addrError.Show()
		c.addrBox.Show()
		return
	}
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return
	}
	c.running = true
	c.runID++
	id := c.runID
	c.findings = map[string]check.Finding{}
	c.mu.Unlock()
	c.render()
	req := flow.DiagnoseRequest{URL: addr, Identity: u.identity, P12Path: u.file, P12Err: u.fileErr}
	if u.demo != nil {
		req = u.demo.Request(u.identity, 0)
	}
	req.OnFinding = func(f check.Finding) {
		c.mu.Lock()
		if c.runID == id {
			c.findings[f.ID] = f
		}
		c.mu.Unlock()
		u.post(c.render)
	}
	var d flow.Diagnosis
	var off []store.OSClientCertsSwitch
	var code string
	u.async(func() {
		d = u.fl.Diagnose(context.Background(), req)
		off = c.profilesWithoutOSCerts()
		code, _ = helpdesk.Code(context.Background(), u.fl, d)
	}, func() {
		c.code = code
		c.mu.Lock()
		c.running = false
		for _, f := range d.Result.Findings {
			c.findings[f.ID] = f
		}
		c.mu.Unlock()
		c.offProfiles = off
		u.diag = &d
		// When the run ended: the window says so once it is over, so
		// that 「もう一度確認」 shows it ran even when nothing changed.
		last := u.t("gui.check.last_run", map[string]any{"Time": u.fl.Now().In(c.zone).Format("15:04:05")})
		// One line, as wide as it is: it shares a line with the support code.
		c.lastRun.Wrap = fyne.MeasureText(last, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() + 1
		c.lastRun.SetText(last)
		c.lastRun.Show()
		c.render()
		c.showFirstNotOK()
	})
}

// showFirstNotOK scrolls the rows, when the run is over, just enough for
// the first row that failed or warns to be seen whole: at the default
// size the rows below the first few are out of sight, and the verdict
// alone does not say which row it is about (issue 13: the refused
// certificate is row 15 of 18).
func (c *checklistScreen) showFirstNotOK() {
	c.mu.Lock()
	at := -1
	for i, id := range check.IDs() {
		if f, ok := c.findings[id]; ok && (f.Status == check.Fail || f.Status == check.Warn) {
			at = i
			break
		}
	}
	c.mu.Unlock()
	if at < 0 || at >= len(c.rows.Objects) {
		return
	}
	// The verdict and the address field just changed the rows' view, and
	// the rows' heights are those of their text wrapped to its width: lay
	// the window out (a few times, as assertRenders does: text grows to
	// its wrapped height only once it knows its width) before measuring.
	var top fyne.CanvasObject = c.root
	if c.u.w != nil && c.u.w.Content() != nil {
		top = c.u.w.Content()
	}
	for i := 0; i < 3; i++ {
		top.Refresh()
		c.scroll.Refresh()
	}
	row := c.rows.Objects[at]
	rowTop := row.Position().Y + c.rows.Position().Y
	bottom := rowTop + row.Size().Height + theme.Padding()
	view := c.scroll.Size().Height
	offset := c.scroll.Offset.Y
	switch {
	case bottom-rowTop > view || rowTop < offset:
		offset = rowTop
	case bottom > offset+view:
		offset = bottom - view
	}
	c.scroll.ScrollToOffset(fyne.NewPos(0, offset))
}

func (c *checklistScreen) profilesWithoutOSCerts() []store.OSClientCertsSwitch {
	var out []store.OSClientCertsSwitch
	stores, _ := c.u.fl.Stores()
	for _, s := range stores {
		if sw, ok := s.(store.OSClientCertsSwitch); ok && sw.OSClientCertsOff() {
			out = append(out, sw)
		}
	}
	return out
}

// statusIcon is built on use: theme icons need the running app.
func statusIcon(st check.Status) fyne.Resource {
	switch st {
	case check.OK:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case check.Warn:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case check.Fail:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return theme.NewDisabledResource(theme.RadioButtonIcon())
}

// statusImportance is the text colour of a status: the icon's.
func statusImportance(st check.Status) widget.Importance {
	switch st {
	case check.OK:
		return widget.SuccessImportance
	case check.Warn:
		return widget.WarningImportance
	case check.Fail:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// render rebuilds the rows from the findings so far and, once the run is
// over, the verdict and the next step.
func (c *checklistScreen) render() {
	u := c.u
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows.Objects = nil
	stale := false
	for _, id := range check.IDs() {
		f, done := c.findings[id]
		if !done {
			title := u.t("check." + id + ".title")
			if u.detailed() {
				title += fmt.Sprintf("  [%s]", id)
			}
			c.rows.Add(rowObject(theme.NewDisabledResource(theme.HistoryIcon()), title, u.t("gui.check.running")))
			continue
		}
		title, detail := u.checkRow(f, u.describe(f), u.detailed(), true)
		stale = stale || (id == check.CertStale && f.Status == check.Warn)
		c.rows.Add(rowObject(statusIcon(f.Status), title, detail))
	}
	c.addrBox.Hide()
	c.verdictIcon.Hide()
	c.verdict.Importance = widget.MediumImportance
	switch {
	case c.running:
		c.verdict.SetText(u.t("gui.check.in_progress"))
		c.next.SetText("")
	case u.diag == nil:
		c.verdict.SetText("")
		c.next.SetText("")
	default:
		d := u.diag
		wording := d.Wording()
		key := "gui.verdict." + wording
		if u.demo != nil && wording == string(flow.VerdictOK) {
			key = "gui.verdict.ok_demo" // its address opens in no browser
		}
		c.verdict.SetText(u.t(key))
		// The verdict in the rows' colour and icon: a problem in the
		// error colour, an incomplete run or one with something to check
		// as a warning.
		st := map[string]check.Status{string(flow.VerdictOK): check.OK, string(flow.VerdictProblem): check.Fail,
			string(flow.VerdictIncomplete): check.Warn, flow.WordingOKToCheck: check.Warn}[wording]
		c.verdict.Importance = statusImportance(st)
		c.verdictIcon.SetResource(statusIcon(st))
		c.verdictIcon.Show()
		c.next.SetText("")
		if d.HasNext {
			c.next.SetText(u.t("diagnose.next", map[string]any{"Fix": u.describe(d.Next).Fix}))
		}
		if c.code != "" {
			next := c.next.Text
			if next != "" {
				next += "\n"
			}
			c.next.SetText(next + u.t("gui.check.code", map[string]any{"Code": c.code}))
		}
		if d.URL == nil {
			c.address.SetText(u.address)
			c.addrBox.Show()
		}
	}
	c.renderCleanup(stale)
	if c.running {
		c.rerun.SetText(u.t("gui.check.running"))
		c.rerun.Disable()
	} else {
		c.rerun.SetText(u.t("gui.check.rerun"))
		c.rerun.Enable()
	}
	if len(c.offProfiles) > 0 {
		c.osCerts.Show()
	} else {
		c.osCerts.Hide()
	}
	c.rows.Refresh()
	c.bottom.Refresh() // lay out what was shown or hidden
}

// renderCleanup enables 「期限切れの証明書を削除」 when the checklist found
// expired certificates, and otherwise says why it is greyed out.
func (c *checklistScreen) renderCleanup(stale bool) {
	why := ""
	switch {
	case stale && !c.running:
		c.cleanup.Enable()
	case c.running:
		c.cleanup.Disable()
		why = "gui.check.cleanup_wait"
	default:
		c.cleanup.Disable()
		why = "gui.check.cleanup_unknown"
		if f, ok := c.findings[check.CertStale]; ok && f.Status == check.OK {
			why = "gui.check.cleanup_none"
		}
	}
	if why == "" {
		c.cleanupWhy.Hide()
		return
	}
	c.cleanupWhy.SetText(c.u.t(why))
	c.cleanupWhy.Show()
}

// confirmCleanup offers to delete the expired vendor certificates (the
// manual: optional), naming them, and only after the user says yes.
func (c *checklistScreen) confirmCleanup() {
	u := c.u
	expired := u.fl.Expired(context.Background())
	if len(expired) == 0 {
		return
	}
	var names []string
	seen := map[string]bool{}
	for _, e := range expired {
		if !seen[e.SHA256()] {
			seen[e.SHA256()] = true
			names = append(names, u.t("gui.check.cleanup_item", map[string]any{"Name": e.Cert.Subject.CommonName, "Date": u.msg.Date(e.Cert.NotAfter)}))
		}
	}
	u.confirm(u.t("gui.check.cleanup"), u.t("gui.check.cleanup_confirm", map[string]any{"List": strings.Join(names, "\n")}), func(yes bool) {
		if yes {
			c.deleteExpired(seen)
		}
	})
}

func (c *checklistScreen) deleteExpired(shas map[string]bool) {
	u := c.u
	u.deleteCertificates(sortedKeys(shas), func(failures string) {
		if failures != "" {
			u.inform(u.t("gui.check.cleanup"), u.t("gui.check.cleanup_failed", map[string]any{"Detail": failures}))
		}
		c.run()
	})
}

// enableOSCerts turns on security.osclientcerts.autoload in the Firefox
// profiles that have it off, after a confirmation.
func (c *checklistScreen) enableOSCerts() {
	u := c.u
	u.confirm(u.t("gui.check.os_certs"), u.t("gui.check.os_certs_confirm", map[string]any{"Count": len(c.offProfiles)}), func(yes bool) {
		if !yes {
			return
		}
		for _, p := range c.offProfiles {
			if err := p.EnableOSClientCerts(); err != nil {
				u.inform(u.t("gui.check.os_certs"), u.t("gui.check.os_certs_failed", map[string]any{"Detail": err.Error()}))
				return
			}
		}
		c.offProfiles = nil
		u.fl.Refresh(true)
		c.render()
		u.inform(u.t("gui.check.os_certs"), u.t("gui.check.os_certs_done"))
	})
}
