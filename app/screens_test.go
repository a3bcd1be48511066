package app

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// screenTour shows every screen the window builds — home, each install
// step, the checklist, the certificate list, the report, the renewal
// step, the helpdesk's view of a report, a message and a question dialog —
// and calls visit on each with the window showing it. The dialogs carry
// the catalogue's longest sentences of their kind.
func screenTour(t *testing.T, lang i18n.Lang, visit func(name string, u *testUI)) {
	t.Helper()
	screenTourIn(t, lang, nil, visit)
}

// screenTourIn is screenTour in the theme th (nil: the window's own, which
// follows the system's variant).
func screenTourIn(t *testing.T, lang i18n.Lang, th fyne.Theme, visit func(name string, u *testUI)) {
	t.Helper()
	f := testFiles(t)
	p := pkitest.Get(t)
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	m.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	m.Put(pkitest.Entry(p.Current, "nss", "/home/u/.pki/nssdb", true))
	u := newTestUI(t, lang, m)
	if th != nil {
		test.ApplyTheme(t, th)
	}
	u.showHome()
	u.loop.settle(t, "the banner", func() bool { return u.home.banner.Visible() })
	visit("home", u)

	u.showInstall(f.good)
	u.loop.settle(t, "the file", func() bool { return u.identity != nil && !u.inst.next.Disabled() })
	visit("install_password", u)
	u.inst.goTo(stepTargets)
	visit("install_targets", u)
	test.Tap(u.inst.next)
	u.loop.settle(t, "the install", func() bool { return !u.inst.installing })
	visit("install_result", u)
	test.Tap(u.inst.next)
	visit("install_open", u)

	u.showChecklist(true)
	u.loop.settle(t, "the checklist", func() bool { return u.diag != nil && !u.list.running })
	visit("checklist", u)

	u.showCerts()
	u.loop.settle(t, "the certificate list", func() bool { return len(u.crt.list.Objects) > 0 })
	visit("certs", u)

	u.showReport()
	test.Type(u.rep.userID, "test@rootip.co.jp")
	u.loop.settle(t, "the preview", func() bool { return u.rep.rep != nil && u.rep.preview.Text != "" })
	visit("report", u)

	u.showRenewal()
	u.loop.settle(t, "the renewal state", func() bool { return len(u.ren.stateLines.Objects) > 0 })
	visit("renewal", u)

	rep, err := u.fl.Report(context.Background(), flowReport(u))
	if err != nil {
		t.Fatal(err)
	}
	// Measured durations differ run to run: the rendering shows fixed ones.
	for i := range rep.Checks {
		rep.Checks[i].Duration = time.Duration(i+1) * 100 * time.Microsecond
	}
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	u.openReport("report.json", strings.NewReader(string(js)))
	visit("helpdesk", u)

	// Home again, once it has read the stores: the card now speaks of the
	// successor the tour installed, not of the renewal it asked for before.
	u.showHome()
	u.loop.settle(t, "home after the install", func() bool { return u.home.state.State.Successor != nil })
	u.inform(u.t("gui.report.mail"), u.t("gui.report.attach_hint", zipPlace("/home/u/Downloads/rootip-report-20261205-010000-test_at_rootip.co.jp.zip", nil)))
	visit("message", u)
	dismissOverlays(u)
	u.confirm(u.t("gui.check.os_certs"), u.t("gui.check.os_certs_confirm", map[string]any{"Count": 2}), func(bool) {})
	visit("question", u)
	dismissOverlays(u)
}

func dismissOverlays(u *testUI) {
	for u.w.Canvas().Overlays().Top() != nil {
		u.w.Canvas().Overlays().Remove(u.w.Canvas().Overlays().Top())
	}
}

// bypasses lists the texts under o that Fyne wraps by itself (a label, a
// rich text or a multi-line entry with wrapping on), which break Japanese
// only at ASCII spaces and mid-word; the window's wrapped text is a
// textBlock. Fyne's file dialog's items (file names, cut by characters
// where too long) are its own and are not the window's text.
func bypasses(o fyne.CanvasObject) []string {
	var out []string
	walkVisible(o, func(o fyne.CanvasObject) bool {
		if strings.HasSuffix(fmt.Sprintf("%T", o), "dialog.fileDialogItem") {
			return false
		}
		switch x := o.(type) {
		case *textBlock:
			return false
		case *widget.Label:
			if x.Wrapping != fyne.TextWrapOff && x.Text != "" {
				out = append(out, fmt.Sprintf("label %q", x.Text))
			}
			return false
		case *widget.RichText:
			if x.Wrapping != fyne.TextWrapOff && x.String() != "" {
				out = append(out, fmt.Sprintf("rich text %q", x.String()))
			}
			return false
		case *widget.Entry:
			if x.MultiLine && x.Wrapping != fyne.TextWrapOff && x.Text != "" {
				out = append(out, fmt.Sprintf("entry %q", x.Text))
			}
			return false
		}
		return true
	})
	return out
}

// TestNoWrappedTextBypassesTheJapaneseBreaker walks every screen's widget
// tree and its dialogs, in Japanese and English, and fails on any text
// that Fyne wraps by itself instead of the kinsoku line breaker.
func TestNoWrappedTextBypassesTheJapaneseBreaker(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			seen := 0
			screenTour(t, lang, func(name string, u *testUI) {
				seen++
				objs := []fyne.CanvasObject{u.w.Content()}
				objs = append(objs, u.w.Canvas().Overlays().List()...)
				for _, o := range objs {
					for _, b := range bypasses(o) {
						t.Errorf("%s: %s is wrapped by Fyne, not by textBlock", name, b)
					}
				}
			})
			if seen < 12 {
				t.Fatalf("the tour showed %d screens", seen)
			}
		})
	}
}

// TestNoFyneTextDialogs: Fyne's ready-made text dialogs (information,
// confirm, error) wrap their message in a word-wrapped label; the window
// must use inform / confirm, and set no label's wrapping itself. This
// catches the dialogs the tour does not open. Likewise a plain Fyne button
// ignores Enter when it has the focus: every button is a newButton.
func TestNoFyneTextDialogs(t *testing.T) {
	banned := map[string]bool{"ShowInformation": true, "NewInformation": true, "ShowConfirm": true,
		"NewConfirm": true, "ShowError": true, "NewError": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok && id.Name == "dialog" && banned[x.Sel.Name] {
					t.Errorf("%s: dialog.%s wraps its message with Fyne's word wrap; use u.inform / u.confirm", fset.Position(x.Pos()), x.Sel.Name)
				}
				if id, ok := x.X.(*ast.Ident); ok && id.Name == "widget" && strings.HasPrefix(x.Sel.Name, "NewButton") && name != "keys.go" {
					t.Errorf("%s: widget.%s ignores Enter when focused; use newButton", fset.Position(x.Pos()), x.Sel.Name)
				}
				if x.Sel.Name == "Wrapping" {
					t.Errorf("%s: sets a widget's Wrapping; wrapped text is a textBlock", fset.Position(x.Pos()))
				}
			case *ast.KeyValueExpr:
				if id, ok := x.Key.(*ast.Ident); ok && id.Name == "Wrapping" {
					t.Errorf("%s: sets a widget's Wrapping; wrapped text is a textBlock", fset.Position(x.Pos()))
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("only %d files checked", checked)
	}
}
