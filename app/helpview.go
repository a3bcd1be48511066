package app

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
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
	view    *helpdesk.View
}

func newHelpScreen(u *ui) *helpScreen {
	h := &helpScreen{u: u, summary: container.NewVBox(), items: container.NewVBox()}
	h.root = container.NewVScroll(container.NewPadded(container.NewVBox(h.summary, widget.NewSeparator(), h.items)))
	return h
}

// askCode asks for a support code and shows its checklist.
func (u *ui) askCode() {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("XXXX-XXXX-XXXX")
	d := dialog.NewForm(u.t("gui.help.code"), u.t("OK"), u.t("Cancel"), []*widget.FormItem{widget.NewFormItem(u.t("gui.help.code_field"), entry)},
		func(ok bool) {
			if !ok {
				return
			}
			v, err := helpdesk.OpenCode(strings.TrimSpace(entry.Text))
			if err != nil {
				u.inform(u.t("gui.help.code"), helpdesk.CodeMessage(u.msg, err))
				return
			}
			u.showView(v)
		}, u.w)
	u.showCodeForm(d, entry)
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
		title, detail := u.checkRow(f, it.Text, true, v.Source == helpdesk.FromReport)
		var extra []fyne.CanvasObject
		if it.Guide.Explain != "" && f.Status != check.OK {
			ex := newText(u.t("gui.help.explain") + " " + it.Guide.Explain)
			ex.Importance = widget.LowImportance
			extra = append(extra, ex)
		}
		h.items.Add(rowObject(statusIcon(f.Status), title, detail, extra...))
	}
	h.summary.Refresh()
	h.items.Refresh()
}
