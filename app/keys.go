package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Keyboard use of the wizard: Tab moves the focus (Fyne), Space ticks or
// presses the focused control (Fyne), Enter presses the focused button or,
// anywhere else, the step's main button, and Escape goes one step back.
// Fyne gives a key to the focused widget only, so the wizard's controls
// are small wrappers that pass Enter and Escape on.

// keyButton is a button that Enter presses too (as on Windows).
type keyButton struct {
	widget.Button
	escape func()
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
	if u.w.Canvas().Overlays().Top() != nil || len(u.body.Objects) != 1 || u.body.Objects[0] != u.inst.root {
		return
	}
	u.inst.key(ev)
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
		s.read(s.u.file)
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
