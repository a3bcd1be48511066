package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// TestEnterPressesTheFocusedButton: Enter on a button that has the focus
// presses that button, on every screen (Fyne's own button knows only
// Space), not the step's main one.
func TestEnterPressesTheFocusedButton(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	k := keyboard{t, u.w.Canvas()}
	u.showHome()
	k.tabTo(u.home.certs, "the certificate list button")
	k.press(fyne.KeyReturn)
	if u.body.Objects[0] != u.crt.root {
		t.Fatal("Enter on 「証明書の一覧」 did not open the certificate list")
	}
	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	k.tabTo(u.list.toReport, "the report button")
	k.press(fyne.KeyReturn)
	if u.body.Objects[0] != u.rep.root {
		t.Fatal("Enter on 「サポート用レポートを作成」 did not open the report")
	}
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
	fyne.CurrentApp().Clipboard().SetContent("")
	k.tabTo(u.rep.copyBtn, "the copy button")
	k.press(fyne.KeyReturn)
	if got := fyne.CurrentApp().Clipboard().Content(); got == "" || got != u.rep.preview.Text {
		t.Errorf("Enter on 「本文をコピー」 copied %q, want the report's text", got)
	}
}

// TestDialogsCloseWithEnterAndEscape: a message closes with Enter or
// Escape; a question closes with Escape as its dismiss button, and Enter
// never answers it (a deletion is not confirmed by a stray key).
func TestDialogsCloseWithEnterAndEscape(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	k := keyboard{t, u.w.Canvas()}
	u.showHome()
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		dialog.ShowInformation("t", "m", u.w)
		u.w.Canvas().Unfocus()
		k.press(key)
		if u.w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s did not close a message", key)
		}
	}
	answer := ""
	dialog.ShowConfirm("t", "m", func(yes bool) { answer = map[bool]string{true: "yes", false: "no"}[yes] }, u.w)
	k.press(fyne.KeyReturn)
	if answer != "" || u.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("Enter answered a question %q", answer)
	}
	k.press(fyne.KeyEscape)
	if answer != "no" || u.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape on a question: answer %q, still open %v", answer, u.w.Canvas().Overlays().Top() != nil)
	}
}

// TestTabThenEnterPressesADialogButton: in the window's own dialogs Tab
// reaches each button and Enter presses the focused one, as on Windows;
// Escape on a focused button of a question answers no; every key answers
// once.
func TestTabThenEnterPressesADialogButton(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	k := keyboard{t, u.w.Canvas()}
	u.showHome()
	buttons := func() []*widget.Button {
		top := u.w.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no dialog open")
		}
		return dialogButtons(top.(*widget.PopUp).Content, nil)
	}

	u.inform("t", "m")
	k.tabTo(buttons()[0], "the OK button")
	k.press(fyne.KeyReturn)
	if u.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Enter on the focused OK did not close the message")
	}

	for _, tc := range []struct {
		label string
		key   fyne.KeyName
		want  string
	}{
		{"はい", fyne.KeyReturn, "yes"},
		{"いいえ", fyne.KeyReturn, "no"},
		{"はい", fyne.KeyEscape, "no"},
	} {
		var answers []string
		u.confirm("t", "m", func(yes bool) { answers = append(answers, map[bool]string{true: "yes", false: "no"}[yes]) })
		var target *widget.Button
		for _, b := range buttons() {
			if b.Text == tc.label {
				target = b
			}
		}
		if target == nil {
			t.Fatalf("no %s button", tc.label)
		}
		k.tabTo(target, tc.label)
		k.press(tc.key)
		if strings.Join(answers, ",") != tc.want || u.w.Canvas().Overlays().Top() != nil {
			t.Errorf("%s on the focused %s: answers %v, still open %v; want %s once", tc.key, tc.label, answers, u.w.Canvas().Overlays().Top() != nil, tc.want)
		}
	}
}

// TestSupportCodeFieldHasFocusAndRoom: the support-code dialog opens with
// its field focused and wide enough for a whole code; Enter submits it.
func TestSupportCodeFieldHasFocusAndRoom(t *testing.T) {
	u := newTestUI(t, i18n.JA)
	k := keyboard{t, u.w.Canvas()}
	u.showHome()
	u.askCode()
	form := u.w.Canvas().Overlays().Top()
	entry, ok := u.w.Canvas().Focused().(*widget.Entry)
	if form == nil || !ok {
		t.Fatalf("the support-code field has no focus (focused %T)", u.w.Canvas().Focused())
	}
	need := fyne.MeasureText(codeSample, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	if entry.Size().Width < need {
		t.Errorf("the field is %.0f wide, a code needs %.0f", entry.Size().Width, need)
	}
	for _, r := range "AAAA-BBBB-CCCC" {
		k.c.Focused().TypedRune(r)
	}
	k.press(fyne.KeyReturn)
	if top := u.w.Canvas().Overlays().Top(); top == form {
		t.Error("Enter in the field did not submit the code")
	}
}

// dialogButton is the button labelled label on the dialog on top: the
// window's own (keyButton) or Fyne's.
func (u *testUI) dialogButton(t *testing.T, label string) *widget.Button {
	t.Helper()
	pop, ok := u.w.Canvas().Overlays().Top().(*widget.PopUp)
	if !ok {
		t.Fatalf("no dialog open to press %s", label)
	}
	for _, b := range dialogButtons(pop.Content, nil) {
		if b.Text == label {
			return b
		}
	}
	t.Fatalf("the dialog has no %s button", label)
	return nil
}
