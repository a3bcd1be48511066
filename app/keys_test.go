package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/store"
)

// keyboard drives a window as the glfw driver does: a key goes to the
// focused widget, else to the canvas's handler; Tab moves the focus.
type keyboard struct {
	t *testing.T
	c fyne.Canvas
}

func (k keyboard) press(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := k.c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := k.c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// tabTo presses Tab until target has the focus (it must be in the order).
func (k keyboard) tabTo(target any, what string) {
	k.t.Helper()
	for i := 0; i < 60; i++ {
		if k.focused(target) {
			return
		}
		k.c.FocusNext()
	}
	k.t.Fatalf("Tab never reaches %s", what)
}

// focused says whether target (a wrapper's inner widget or the widget)
// has the focus.
func (k keyboard) focused(target any) bool {
	switch f := k.c.Focused().(type) {
	case *keyButton:
		return target == any(&f.Button) || target == any(f)
	case *keyCheck:
		return target == any(&f.Check) || target == any(f)
	case *keyEntry:
		return target == any(&f.Entry) || target == any(f)
	case nil:
		return false
	default:
		return target == any(f)
	}
}

// TestWizardByKeyboardOnly walks the whole wizard with keys: Tab to the
// file button and Enter (the system dialog answers), the password field
// focused on its step (a wrong default refused, the right one typed),
// Enter on, Escape back and Enter again, Space on a browser's box, Enter
// to install, Enter to the last step, the address typed and Enter.
func TestWizardByKeyboardOnly(t *testing.T) {
	f := testFiles(t)
	ff := store.NewMemory(store.KindNSS, "/ff")
	ff.ReadBy = store.Reader{Kind: store.ReaderFirefox, Profile: "default-release"}
	chrome := store.NewMemory(store.KindNSS, "/chrome")
	chrome.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	u := newTestUI(t, i18n.JA, ff, chrome)
	u.dialogs = &fakeDialogs{path: f.secret, downloads: t.TempDir()}
	s := u.inst
	k := keyboard{t, u.w.Canvas()}
	u.showInstall("")

	k.tabTo(s.choose, "the choose-file button")
	k.press(fyne.KeyReturn)
	u.loop.settle(t, "the refused default password", func() bool { return !u.dialogBusy && s.pwError.Visible() })
	if s.step != stepPassword || !k.focused(s.password) {
		t.Fatalf("step %d, password focused %v", s.step, k.focused(s.password))
	}
	for range []rune(s.password.Text) {
		k.press(fyne.KeyBackspace)
	}
	for _, r := range secret {
		k.c.Focused().TypedRune(r)
	}
	k.press(fyne.KeyReturn)
	u.loop.settle(t, "the file read", func() bool { return u.identity != nil && !s.next.Disabled() })
	k.press(fyne.KeyReturn)
	if s.step != stepTargets {
		t.Fatalf("Enter in the password field: step %d, want the targets", s.step)
	}
	k.press(fyne.KeyEscape)
	if s.step != stepPassword || !k.focused(s.password) {
		t.Fatalf("Escape: step %d, want the password step with its field focused", s.step)
	}
	k.press(fyne.KeyReturn)
	if s.step != stepTargets || len(s.checks) != 2 {
		t.Fatalf("step %d with %d boxes", s.step, len(s.checks))
	}
	k.tabTo(s.checks[1], "the second browser's box")
	k.c.Focused().TypedRune(' ')
	if s.checks[1].Checked {
		t.Fatal("Space did not untick the focused box")
	}
	k.c.Focused().TypedRune(' ')
	k.press(fyne.KeyReturn) // on the box: the step's main button, インストール
	if s.step != stepInstall {
		t.Fatalf("Enter on a box: step %d, want installing", s.step)
	}
	u.loop.settle(t, "the install", func() bool { return !s.installing })
	if s.installed.Imported != 2 {
		t.Fatalf("imported %d, want 2", s.installed.Imported)
	}
	k.press(fyne.KeyReturn)
	if s.step != stepOpen || !k.focused(s.address) {
		t.Fatalf("step %d, address focused %v", s.step, k.focused(s.address))
	}
	s.address.SetText("")
	for _, r := range "acme.rootip-cloud.net" {
		k.c.Focused().TypedRune(r)
	}
	k.press(fyne.KeyReturn)
	if got := u.fl.RememberedURL(); got == nil || got.Host != "acme.rootip-cloud.net" {
		t.Fatalf("Enter in the address field did not open it (remembered %v)", got)
	}
}

// TestEnterDoesNothingUnderADialog: keys the canvas gets while a dialog is
// over the wizard are not the wizard's.
func TestEnterDoesNothingUnderADialog(t *testing.T) {
	f := testFiles(t)
	u := newTestUI(t, i18n.JA, store.NewMemory(store.KindNSS, "/ff"))
	u.showInstall(f.good)
	s := u.inst
	u.loop.settle(t, "the file read", func() bool { return u.identity != nil && !s.next.Disabled() })
	s.cannotLogin() // any dialog
	k := keyboard{t, u.w.Canvas()}
	u.w.Canvas().Unfocus()
	k.press(fyne.KeyReturn)
	if s.step != stepPassword {
		t.Fatalf("Enter under a dialog moved the wizard to step %d", s.step)
	}
}
