package app

import (
	"context"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/firefox"
	"rootip-cert/internal/store"
)

// checkIDs are DESIGN.md's checks in display order.
var checkIDs = func() []string {
	var ids []string
	for _, c := range check.All() {
		ids = append(ids, c.ID())
	}
	return ids
}()

// checklistScreen shows every check updating live, the fix, buttons where
// the app can fix it, and the next step.
type checklistScreen struct {
	u    *ui
	root fyne.CanvasObject
	rows *fyne.Container
	next *widget.Label

	mu       sync.Mutex
	findings map[string]check.Finding
	running  bool

	rerun, reinstall, cleanup, toReport, osCerts *widget.Button
	// offProfiles are Firefox profiles (Windows/macOS) that do not read the
	// OS store, so the OS install does not reach them.
	offProfiles []store.FirefoxProfile
}

func newChecklistScreen(u *ui) *checklistScreen {
	c := &checklistScreen{u: u, rows: container.NewVBox(), findings: map[string]check.Finding{}}
	c.next = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.next.Wrapping = fyne.TextWrapWord
	c.rerun = widget.NewButtonWithIcon(lang.L("gui.check.rerun"), theme.ViewRefreshIcon(), func() { c.run() })
	c.reinstall = widget.NewButtonWithIcon(lang.L("gui.check.reinstall"), theme.DocumentCreateIcon(), func() { u.showInstall(u.file) })
	c.cleanup = widget.NewButtonWithIcon(lang.L("gui.check.cleanup"), theme.DeleteIcon(), c.confirmCleanup)
	c.toReport = widget.NewButtonWithIcon(lang.L("gui.home.report"), theme.MailComposeIcon(), func() { u.showReport() })
	c.osCerts = widget.NewButtonWithIcon(lang.L("gui.check.os_certs"), theme.SettingsIcon(), c.enableOSCerts)
	c.osCerts.Hide()
	buttons := container.NewVBox(container.NewGridWithColumns(2, c.rerun, c.reinstall, c.cleanup, c.toReport), c.osCerts)
	c.root = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), c.next, buttons), nil, nil,
		container.NewVScroll(container.NewPadded(c.rows)))
	c.render()
	return c
}

// run starts the checklist; rows turn from "running" to their result as
// each check finishes.
func (c *checklistScreen) run() {
	c.mu.Lock()
	if c.running {
		c.mu.Unlock()
		return
	}
	c.running = true
	c.findings = map[string]check.Finding{}
	c.mu.Unlock()
	c.render()
	b := c.u.b
	var targets []store.Store
	if b.Stores != nil {
		targets, _ = b.Stores()
	}
	c.offProfiles = nil
	if g := b.goos(); g == "windows" || g == "darwin" {
		for _, t := range targets {
			if fp, ok := t.(store.FirefoxProfile); ok && fp.ProfileDir() != "" && !fp.UsesOSClientCerts() {
				c.offProfiles = append(c.offProfiles, fp)
			}
		}
	}
	env := b.checkEnv(c.u.inst.url.Text, c.u.identity, c.u.file, targets)
	env.OnFinding = func(f check.Finding) {
		c.mu.Lock()
		c.findings[f.ID] = f
		c.mu.Unlock()
		if !b.Sync {
			fyne.Do(c.render)
		}
	}
	var res check.Result
	c.u.async(func() { res = check.Run(context.Background(), env, check.All(), b.timeout()) }, func() {
		c.mu.Lock()
		c.running = false
		for _, f := range res.Checks {
			c.findings[f.ID] = f
		}
		c.mu.Unlock()
		c.u.result, c.u.ranCheck = res, true
		c.render()
	})
}

// show feeds findings directly (tests, and a result from elsewhere).
func (c *checklistScreen) show(fs []check.Finding) {
	c.mu.Lock()
	for _, f := range fs {
		c.findings[f.ID] = f
	}
	c.mu.Unlock()
	c.render()
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

// render rebuilds the rows from the findings so far.
func (c *checklistScreen) render() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows.Objects = nil
	next := ""
	stale := false
	for _, id := range checkIDs {
		f, done := c.findings[id]
		icon := widget.NewIcon(theme.NewDisabledResource(theme.HistoryIcon()))
		title := lang.L("check." + id + ".title")
		detail := lang.L("gui.check.running")
		if done {
			icon = widget.NewIcon(statusIcon(f.Status))
			title, detail = f.Title, f.Detail
			if f.Fix != "" {
				detail += "\n→ " + f.Fix
				if f.Manual != "" {
					detail += " (" + lang.L("diagnose.manual", map[string]any{"Section": f.Manual}) + ")"
				}
			}
			if next == "" && f.Status == check.Fail && f.Fix != "" {
				next = f.Fix
			}
			stale = stale || (id == "cert.stale" && f.Status == check.Warn)
		}
		if c.u.detailed() {
			title += fmt.Sprintf("  [%s]", id)
			if done {
				title += fmt.Sprintf(" %dms", f.Duration.Milliseconds())
			}
		}
		head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		body := widget.NewLabel(detail)
		body.Wrapping = fyne.TextWrapWord
		c.rows.Add(container.NewBorder(nil, nil, icon, nil, container.NewVBox(head, body)))
	}
	if next == "" {
		for _, f := range c.findings {
			if f.Status == check.Warn && f.Fix != "" {
				next = f.Fix
				break
			}
		}
	}
	switch {
	case c.running:
		c.next.SetText(lang.L("gui.check.in_progress"))
	case len(c.findings) == 0:
		c.next.SetText("")
	case next != "":
		c.next.SetText(lang.L("diagnose.next", map[string]any{"Fix": next}))
	default:
		c.next.SetText(lang.L("diagnose.all_ok"))
	}
	if stale {
		c.cleanup.Enable()
	} else {
		c.cleanup.Disable()
	}
	if len(c.offProfiles) > 0 {
		c.osCerts.Show()
	} else {
		c.osCerts.Hide()
	}
	c.rows.Refresh()
}

// confirmCleanup offers to delete the expired vendor certificates (the
// manual: optional), and only after the user says yes.
func (c *checklistScreen) confirmCleanup() {
	b := c.u.b
	var expired []store.Entry
	for _, e := range b.inventory() {
		if certfile.LooksLikeVendor(e.Cert, b.Profile.Domains) && certfile.Evaluate(e.Cert, b.now(), b.Profile).Status == certfile.Expired {
			expired = append(expired, e)
		}
	}
	if len(expired) == 0 {
		return
	}
	dialog.ShowConfirm(lang.L("gui.check.cleanup"), lang.L("gui.check.cleanup_confirm", map[string]any{"Count": len(expired)}), func(yes bool) {
		if yes {
			c.deleteExpired(expired)
		}
	}, c.u.w)
}

func (c *checklistScreen) deleteExpired(expired []store.Entry) {
	targets, err := c.u.b.Stores()
	if err != nil {
		return
	}
	byLoc := map[string]store.Store{}
	for _, s := range targets {
		byLoc[s.Location()] = s
	}
	for _, e := range expired {
		if s, ok := byLoc[e.Location]; ok {
			_ = s.Delete(context.Background(), e.SHA256())
		}
	}
	c.run()
}

// enableOSCerts turns on security.osclientcerts.autoload in the Firefox
// profiles that have it off (user.js), after a confirmation.
func (c *checklistScreen) enableOSCerts() {
	dialog.ShowConfirm(lang.L("gui.check.os_certs"), lang.L("gui.check.os_certs_confirm", map[string]any{"Count": len(c.offProfiles)}), func(yes bool) {
		if !yes {
			return
		}
		for _, p := range c.offProfiles {
			if err := firefox.SetUserPref(p.ProfileDir(), firefox.OSClientCertsPref, "true"); err != nil {
				dialog.ShowInformation(lang.L("gui.check.os_certs"), err.Error(), c.u.w)
				return
			}
		}
		c.offProfiles = nil
		c.render()
		dialog.ShowInformation(lang.L("gui.check.os_certs"), lang.L("gui.check.os_certs_done"), c.u.w)
	}, c.u.w)
}
