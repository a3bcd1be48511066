package app

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/report"
)

// helpScreen is the helpdesk's side: a user's support code read over the
// phone, or their report file, rendered as the user's checklist with the
// manual's section and a text to read aloud. It never touches the local
// stores and never runs a check.
type helpScreen struct {
	u       *ui
	root    fyne.CanvasObject
	summary *fyne.Container
	items   *fyne.Container
	// parts is a report's certificates, the steps the user says they
	// tried and the attached screenshots (empty for a code).
	parts *fyne.Container
	view  *helpdesk.View
}

func newHelpScreen(u *ui) *helpScreen {
	h := &helpScreen{u: u, summary: container.NewVBox(), items: container.NewVBox(), parts: container.NewVBox()}
	h.root = container.NewVScroll(container.NewPadded(container.NewVBox(h.summary, widget.NewSeparator(), h.items, h.parts)))
	return h
}

// askCode asks for a support code and shows its checklist. Its buttons
// are the window's (keyButton: Enter presses the focused one, and it shows
// its focus ring, which Fyne's form buttons do not on the blue OK).
func (u *ui) askCode() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("XXXX-XXXX-XXXX")
	form := widget.NewForm(widget.NewFormItem(u.t("gui.help.code_field"), entry))
	d := dialog.NewCustomWithoutButtons(u.t("gui.help.code"), form, u.w)
	done := false
	answer := func(ok bool) func() {
		return func() {
			if done {
				return
			}
			done = true
			d.Hide()
			if !ok {
				return
			}
			v, err := helpdesk.OpenCode(strings.TrimSpace(entry.Text))
			if err != nil {
				u.inform(u.t("gui.help.code"), helpdesk.CodeMessage(u.msg, err))
				return
			}
			u.showView(v)
		}
	}
	cancel := newKeyButton(u.t("Cancel"), theme.CancelIcon(), answer(false), answer(false))
	ok := newKeyButton(u.t("OK"), theme.ConfirmIcon(), answer(true), answer(false))
	ok.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	u.showCodeForm(d, entry, answer(true))
}

// openReportFile asks for a user's report (ZIP or JSON) and shows it.
func (u *ui) openReportFile() {
	u.chooseFile(reportFiles, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			u.inform(u.t("gui.help.report"), helpdesk.OpenMessage(u.msg, filepath.Base(path), err))
			return
		}
		defer f.Close()
		u.openReport(filepath.Base(path), f)
	})
}

func (u *ui) openReport(name string, r interface{ Read([]byte) (int, error) }) {
	v, err := helpdesk.ReadReportFrom(name, r)
	if err != nil {
		u.inform(u.t("gui.help.report"), helpdesk.OpenMessage(u.msg, name, err))
		return
	}
	u.showView(v)
}

func (u *ui) showView(v *helpdesk.View) {
	u.help.render(v)
	u.show(u.help.root)
}

func (h *helpScreen) render(v *helpdesk.View) {
	u := h.u
	h.view = v
	h.summary.Objects = nil
	for _, f := range v.Summary(u.msg, u.fl.Profile()) {
		h.summary.Add(newText(f.Label + ": " + i18n.Clean(f.Value)))
	}
	h.items.Objects = nil
	for _, it := range v.Checklist(u.msg, u.fl.Profile(), check.ForWindow) {
		f := it.Finding
		if !it.Known { // a check of a newer version: its data only
			h.items.Add(rowObject(statusIcon(f.Status), f.ID+"  ["+f.Outcome+"]", u.t("helpdesk.unknown_check")))
			continue
		}
		// The user's checklist row, word for word (checkRow), in helpdesk
		// detail; the text to read aloud below it.
		title, detail := u.checkRowOn(f, it.Text, it.Guide, true, v.Source == helpdesk.FromReport)
		var extra []fyne.CanvasObject
		if it.Guide.Explain != "" && f.Status != check.OK {
			ex := newText(u.t("gui.help.explain") + " " + it.Guide.Explain)
			ex.Importance = widget.LowImportance
			extra = append(extra, ex)
		}
		h.items.Add(rowObject(statusIcon(f.Status), title, detail, extra...))
	}
	h.renderParts(v)
	h.summary.Refresh()
	h.items.Refresh()
	h.parts.Refresh()
}

// renderParts shows what a report holds beyond the checklist, as the CLI's
// view prints it: the certificates in the user's stores, the manual's
// troubleshooting steps in the user's words and the tool's, and each
// attached screenshot as a thumbnail the agent can open full size.
func (h *helpScreen) renderParts(v *helpdesk.View) {
	u := h.u
	h.parts.Objects = nil
	rep := v.Report
	if rep == nil {
		return
	}
	section := func(title string) {
		h.parts.Add(widget.NewSeparator())
		h.parts.Add(newBoldText(title))
	}
	section(u.t("view.section.certificates") + u.msg.Paren(strconv.Itoa(len(rep.Certificates))))
	for _, c := range rep.Certificates {
		key := u.t("list.key_missing")
		if c.HasKey {
			key = u.t("list.key_present")
		}
		status := "status." + c.Status
		if !u.msg.Has(status) {
			status = "report.unknown"
		}
		h.parts.Add(newText("・" + strings.Join([]string{helpdesk.Line(c.Subject), u.t("report.until") + " " + u.msg.Date(c.NotAfter), u.t(status), key}, " / ")))
		detail := newText("　" + helpdesk.Line(c.Store) + " " + helpdesk.Line(c.Location) + " / SHA-256 " + helpdesk.Line(c.SHA256))
		detail.Importance = widget.LowImportance
		h.parts.Add(detail)
	}
	section(u.t("report.section.steps"))
	for _, s := range rep.Steps {
		s.ID = helpdesk.Line(s.ID)
		h.parts.Add(newText("・" + report.StepLine(u.msg, s)))
	}
	section(u.t("view.section.screenshots") + u.msg.Paren(strconv.Itoa(len(v.Screenshots))))
	if len(v.Screenshots) == 0 {
		h.parts.Add(newText(u.t("view.no_screenshots")))
	}
	for _, s := range v.Screenshots {
		h.parts.Add(h.shotRow(s))
	}
}

// thumbSize is the largest a screenshot's thumbnail is drawn.
var thumbSize = fyne.NewSize(240, 150)

// shotRow is one attached screenshot: its thumbnail, what it is, and a
// button that shows it full size.
func (h *helpScreen) shotRow(s helpdesk.Screenshot) fyne.CanvasObject {
	u := h.u
	kind := "report.shot.browser"
	if s.Kind == report.ShotTool {
		kind = "report.shot.tool"
	}
	caption := newText(helpdesk.Line(s.Name) + "\n" + u.t(kind) + "\n" +
		strings.ToUpper(helpdesk.Line(s.Type)) + " " + strconv.Itoa(s.Width) + "×" + strconv.Itoa(s.Height) + ", " + helpdesk.SizeText(int64(s.Size)))
	var thumb fyne.CanvasObject = widget.NewLabel("")
	if len(s.Data) > 0 {
		img := canvas.NewImageFromResource(fyne.NewStaticResource(s.Name, s.Data))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(thumbSize)
		thumb = img
	}
	open := newButton(u.t("gui.help.shot_open"), theme.ZoomInIcon(), func() { h.showShot(s) })
	if len(s.Data) == 0 {
		open.Disable()
	}
	return container.NewBorder(nil, nil, thumb, nil, container.NewVBox(caption, container.NewHBox(open)))
}

// showShot shows a screenshot as large as the window allows.
func (h *helpScreen) showShot(s helpdesk.Screenshot) {
	u := h.u
	img := canvas.NewImageFromResource(fyne.NewStaticResource(s.Name, s.Data))
	img.FillMode = canvas.ImageFillContain
	size := u.w.Canvas().Size()
	w, ht := float32(s.Width), float32(s.Height)
	if maxW := size.Width * 0.85; w > maxW {
		w, ht = maxW, ht*maxW/w
	}
	if maxH := size.Height * 0.7; ht > maxH {
		w, ht = w*maxH/ht, maxH
	}
	img.SetMinSize(fyne.NewSize(w, ht))
	d := dialog.NewCustomWithoutButtons(helpdesk.Line(s.Name), img, u.w)
	d.SetButtons([]fyne.CanvasObject{newKeyButton(u.t("gui.help.shot_close"), nil, d.Hide, d.Hide)})
	d.Show()
}
