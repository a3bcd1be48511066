package app

import "fyne.io/fyne/v2"

// keys gives the window its keyboard: Enter presses the wizard's main
// button (次へ, インストール; on ⑥ システムアドレスを開く, or 接続を診断 where
// the address cannot be opened), Esc goes one step back. A focused field keeps
// its own keys (Enter in the password field proves the password).
func (u *ui) keys(ev *fyne.KeyEvent) {
	s := u.inst
	if len(u.body.Objects) == 0 || u.body.Objects[0] != s.root {
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		switch {
		case s.step != stepOpen:
			if s.next.Visible() && !s.next.Disabled() {
				s.next.OnTapped()
			}
		case s.openBtn.Visible() && !s.openBtn.Disabled():
			s.openBtn.OnTapped()
		default: // the demo, or no address yet: the checklist
			s.checkBtn.OnTapped()
		}
	case fyne.KeyEscape:
		s.goBack()
	}
}
