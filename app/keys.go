package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Keyboard use: Tab moves the focus (Fyne), Space ticks or presses the
// focused control (Fyne), Enter presses the focused button on every screen
// or, in the wizard with no button focused, the step's main button, and
// Escape goes one step back. Over a dialog, Enter or Escape closes a
// message and Escape dismisses a question. Fyne gives a key to the focused
// widget only, so the controls are small wrappers that pass Enter and
// Escape on.

// newButton is a button that Enter presses when it has the focus (Fyne's
// own button knows only Space), on every screen.
func newButton(label string, icon fyne.Resource, tapped func()) *keyButton {
	return newKeyButton(label, icon, tapped, nil)
}

// keyButton is a button that Enter presses too (as on Windows).
type keyButton struct {
	widget.Button
	escape  func()
	focused bool // draws the focus ring (focusring.go)
}

func newKeyButton(label string, icon fyne.Resource, tapped, escape func()) *keyButton {
	b := &keyButton{escape: escape}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	case fyne.KeyEscape:
		if b.escape != nil {
			b.escape()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// keyCheck is a check box that passes Enter and Escape to the wizard.
type keyCheck struct {
	widget.Check
	key func(*fyne.KeyEvent)
}

func newKeyCheck(label string, changed func(bool), key func(*fyne.KeyEvent)) *keyCheck {
	c := &keyCheck{key: key}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyCheck) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape:
		c.key(ev)
	default:
		c.Check.TypedKey(ev)
	}
}

// keyEntry is an entry whose Escape goes to the wizard (Enter is its
// OnSubmitted).
type keyEntry struct {
	widget.Entry
	escape func()
}

func newKeyEntry(password bool, escape func()) *keyEntry {
	e := &keyEntry{escape: escape}
	e.Password = password
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.escape != nil {
		e.escape()
		return
	}
	e.Entry.TypedKey(ev)
}

// typedKey gets the keys no widget has focus for (the canvas's handler):
// the wizard's when it is shown and no dialog is over it.
func (u *ui) typedKey(ev *fyne.KeyEvent) {
	if top := u.w.Canvas().Overlays().Top(); top != nil {
		dialogKey(top, ev)
		return
	}
	if len(u.body.Objects) != 1 || u.body.Objects[0] != u.inst.root {
		return
	}
	u.inst.key(ev)
}

// dialogKey is Enter or Escape over a dialog whose buttons have no focus:
// a message (one button) closes with either; Escape is a question's
// dismiss button (いいえ / キャンセル), Enter there answers nothing, so a
// deletion is never confirmed by a stray key. A file dialog (many buttons)
// keeps its own keys.
func dialogKey(top fyne.CanvasObject, ev *fyne.KeyEvent) {
	pop, ok := top.(*widget.PopUp)
	if !ok {
		return
	}
	buttons := dialogButtons(pop.Content, nil)
	enter := ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter
	switch {
	case len(buttons) == 1 && (enter || ev.Name == fyne.KeyEscape):
		buttons[0].Tapped(nil)
	case len(buttons) == 2 && ev.Name == fyne.KeyEscape:
		for _, b := range buttons {
			if b.Importance != widget.HighImportance {
				b.Tapped(nil)
				return
			}
		}
	}
}

// dialogButtons are the enabled buttons a dialog lays out in its
// containers (Fyne's dialogs hold them in plain containers).
func dialogButtons(o fyne.CanvasObject, out []*widget.Button) []*widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Visible() && !x.Disabled() {
			out = append(out, x)
		}
	case *keyButton: // the window's own dialogs (inform, confirm)
		if x.Visible() && !x.Disabled() {
			out = append(out, &x.Button)
		}
	case *fyne.Container:
		if x.Visible() {
			for _, c := range x.Objects {
				out = dialogButtons(c, out)
			}
		}
	}
	return out
}

// codeSample is as wide as a support code ("XXXX-XXXX-XXXXX") with room to spare.
const codeSample = "WWWW-WWWW-WWWWW"

// showCodeForm shows the support-code dialog wide enough for the whole
// code, with its field focused; Enter in the field submits it.
func (u *ui) showCodeForm(d dialog.Dialog, entry *widget.Entry, submit func()) {
	entry.OnSubmitted = func(string) { submit() }
	need := fyne.MeasureText(codeSample, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	size := d.MinSize()
	d.Resize(size)
	d.Show()
	// The form shares the width between its label and the field: widen
	// the dialog by what the field lacks once it is laid out.
	if short := need - entry.Size().Width; short > 0 {
		d.Resize(fyne.NewSize(size.Width+short, size.Height))
	}
	u.w.Canvas().Focus(entry)
}

// key is Enter (the step's main button) or Escape (back) in the wizard.
func (s *installScreen) key(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.primary()
	case fyne.KeyEscape:
		s.goBack()
	}
}

// primary presses the step's main button when it can be pressed: Next
// (or Install), and on the last step "open the system address" or, where
// it cannot be opened (the demo, no address yet), "diagnose".
func (s *installScreen) primary() {
	switch {
	case s.step == stepOpen:
		switch {
		case s.openBtn.Visible() && !s.openBtn.Disabled():
			s.openAddress()
		default: // the demo, or no address yet: the checklist
			s.checkBtn.OnTapped()
		}
	case s.next.Visible() && !s.next.Disabled():
		s.goNext()
	}
}

// submitPassword is Enter in the password field: read the file again when
// the password changed or was refused, else go on.
func (s *installScreen) submitPassword(string) {
	if s.password.Text != s.readWith || s.next.Disabled() {
		s.read(s.u.file, nil)
		return
	}
	s.goNext()
}

// focusStep puts the focus where the step starts: in the password field
// on its step, in the address field on the last, nowhere (so Enter is the
// main button) elsewhere.
func (s *installScreen) focusStep() {
	c := s.u.w.Canvas()
	if c == nil {
		return
	}
	switch s.step {
	case stepPassword:
		s.password.CursorColumn = len([]rune(s.password.Text)) // type after the default
		c.Focus(s.passwordField)
	case stepOpen:
		c.Focus(s.addressField)
	default:
		c.Unfocus()
	}
}
