package app

import (
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// textLogEnv names a file that receives the texts the window shows, for the
// real-window test (main_test.go): a screenshot proves pixels changed, this
// proves which sentences were on the screen and in which order. It logs the
// visible texts of labels, text blocks, buttons, checks, form labels, cards,
// dialogs and non-secret entries, nothing else: a password field is never
// read.
const textLogEnv = "ROOTIP_TEXT_LOG"

// textLogFrame starts each snapshot of the window's texts in the log.
const textLogFrame = "=== frame"

// startTextLog writes a snapshot of the window's visible texts to path each
// time they change (looked at every 200 ms on the window's thread).
func startTextLog(w fyne.Window, path string) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		fyne.LogError("open the text log", err)
		return
	}
	last := ""
	go func() {
		for range time.Tick(200 * time.Millisecond) {
			fyne.DoAndWait(func() {
				texts := windowTexts(w)
				if texts == last {
					return
				}
				last = texts
				fmt.Fprintf(f, "%s %d\n%s", textLogFrame, time.Now().UnixMilli(), texts)
				_ = f.Sync()
			})
		}
	}()
}

// windowTexts are the visible texts of the window's content and its
// overlays (dialogs), one a line, in reading order.
func windowTexts(w fyne.Window) string {
	var b strings.Builder
	visibleTexts(w.Content(), &b)
	for _, o := range w.Canvas().Overlays().List() {
		visibleTexts(o, &b)
	}
	return b.String()
}

// visibleTexts walks the objects the window is built of (containers and
// the widget kinds the screens use) and writes each visible text.
func visibleTexts(o fyne.CanvasObject, b *strings.Builder) {
	if o == nil || !o.Visible() {
		return
	}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(strings.ReplaceAll(s, "\n", " ⏎ ") + "\n")
		}
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			visibleTexts(c, b)
		}
	case *container.Scroll:
		visibleTexts(x.Content, b)
	case *wheelScroll:
		visibleTexts(x.Content, b)
	case *widget.PopUp:
		visibleTexts(x.Content, b)
	case *widget.Card:
		add(x.Title)
		add(x.Subtitle)
		visibleTexts(x.Content, b)
	case *widget.Form:
		for _, it := range x.Items {
			if it.Widget != nil && it.Widget.Visible() {
				add(it.Text)
				visibleTexts(it.Widget, b)
			}
		}
	case *textBlock:
		add(x.Text)
	case *widget.Label:
		add(x.Text)
	case *canvas.Text:
		add(x.Text)
	case *widget.Button:
		add(x.Text)
	case *widget.Check:
		add(x.Text)
	case *widget.Hyperlink:
		add(x.Text)
	case *widget.Select:
		add(x.Selected)
	case *widget.Entry:
		if !x.Password {
			add(x.Text)
		}
	// The wizard's keyboard wrappers (keys.go) show their inner widget.
	case *keyButton:
		add(x.Text)
	case *keyCheck:
		add(x.Text)
	case *keyEntry:
		if !x.Password {
			add(x.Text)
		}
	}
}
