package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's message and question dialogs. Fyne's own
// (dialog.ShowInformation, dialog.ShowConfirm) wrap their text in a
// word-wrapped label, which breaks Japanese only at ASCII spaces or in the
// middle of a word; these put the message in a textBlock, broken by the
// rules of Japanese text, at the width Fyne's text dialogs use.

// maxMessageWidth is the widest a message wraps at (Fyne's text dialogs
// stop at 600, and at 90% of the window).
const maxMessageWidth = 560

// messageText is a dialog's message, as wide as its longest paragraph
// needs and no wider than the window allows.
func (u *ui) messageText(message string) *textBlock {
	b := newText(message)
	pad := 2 * theme.InnerPadding()
	widest := float32(0)
	for _, para := range strings.Split(message, "\n") {
		widest = max(widest, fyne.MeasureText(para, b.textSize(), b.style()).Width+pad)
	}
	limit := float32(maxMessageWidth)
	if w := u.w.Canvas().Size().Width*0.9 - 4*theme.Padding(); w > 0 && w < limit {
		limit = w
	}
	b.Wrap = min(widest+1, limit)
	return b
}

// inform shows a message with an OK button, which Enter or Escape
// presses once Tab has focused it (dialogKey closes it without focus).
func (u *ui) inform(title, message string) {
	d := dialog.NewCustomWithoutButtons(title, u.messageText(message), u.w)
	d.SetButtons([]fyne.CanvasObject{newKeyButton(u.t("OK"), nil, d.Hide, d.Hide)})
	d.Show()
}

// confirm asks a yes/no question; answered gets the choice once. Its
// buttons are keyButtons: after Tab, Enter presses the focused one and
// Escape answers no (with no button focused, Enter answers nothing:
// dialogKey).
func (u *ui) confirm(title, message string, answered func(yes bool)) {
	d := dialog.NewCustomWithoutButtons(title, u.messageText(message), u.w)
	done := false
	answer := func(yes bool) func() {
		return func() {
			if done {
				return
			}
			done = true
			d.Hide()
			if answered != nil {
				answered(yes)
			}
		}
	}
	no := newKeyButton(u.t("No"), theme.CancelIcon(), answer(false), answer(false))
	yes := newKeyButton(u.t("Yes"), theme.ConfirmIcon(), answer(true), answer(false))
	yes.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{no, yes})
	d.Show()
}
