package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/flow"
	"rootip-cert/internal/reminder"
)

// reminderToggle is 「更新時期にお知らせする」: on registers the daily
// reminder with the OS's own per-user scheduler, off removes it. The box
// always shows what the OS holds, read back after every change (never a
// remembered choice).
type reminderToggle struct {
	u     *ui
	s     *renewalScreen
	check *widget.Check
	note  *textBlock
	where *textBlock
	box   *fyne.Container
	// regs is what the OS held at the last read.
	regs []reminder.Registration
	// relayout lays the screen holding the box out again.
	relayout func()
}

func newReminderToggle(u *ui, s *renewalScreen) *reminderToggle {
	r := &reminderToggle{u: u, s: s, note: newText(u.t("gui.reminder.explain")), where: newText("")}
	r.note.Importance = widget.LowImportance
	r.where.Importance = widget.LowImportance
	r.where.Hide()
	r.check = widget.NewCheck(u.t("gui.reminder.toggle"), r.changed)
	r.box = container.NewVBox(widget.NewSeparator(), r.check, r.note, r.where)
	if u.demo != nil {
		r.box.Hide() // the demo registers nothing on this PC
	}
	if s.sys == nil {
		r.check.Disable()
		r.note.SetText(u.t("gui.reminder.unsupported"))
	}
	return r
}

// refresh reads the registration back from the OS and shows it.
func (r *reminderToggle) refresh() {
	if r.s.sys == nil {
		return
	}
	var regs []reminder.Registration
	r.u.async(func() { regs = flow.ReminderRegistered(r.s.sys) }, func() { r.show(regs) })
}

// show sets the box to what the OS holds (without running OnChanged).
func (r *reminderToggle) show(regs []reminder.Registration) {
	r.regs = regs
	r.check.Checked = len(regs) > 0
	r.check.Refresh()
	var where []string
	for _, reg := range regs {
		where = append(where, reg.Where)
	}
	showIf(r.where, r.u.detailed() && len(where) > 0)
	r.where.SetText(r.u.t("gui.reminder.on", map[string]any{"Where": strings.Join(where, "、")}))
	if r.relayout != nil {
		r.relayout()
	}
}

// changed registers or removes the reminder, then reads back what the OS
// holds; a failure is said in the note and the box shows the real state.
func (r *reminderToggle) changed(on bool) {
	u, sys := r.u, r.s.sys
	if sys == nil {
		return
	}
	r.check.Disable()
	var err error
	var regs []reminder.Registration
	u.async(func() {
		exe, xerr := r.s.executable()
		if xerr != nil && on {
			err = xerr
		} else {
			_, err = flow.SetReminder(sys, on, exe)
		}
		regs = flow.ReminderRegistered(sys)
	}, func() {
		r.check.Enable()
		if err != nil {
			r.note.SetText("✗ " + u.t("gui.reminder.failed", map[string]any{"Detail": err.Error()}))
			r.note.Importance = widget.DangerImportance
		} else {
			r.note.SetText(u.t("gui.reminder.explain"))
			r.note.Importance = widget.LowImportance
		}
		r.show(regs)
	})
}
