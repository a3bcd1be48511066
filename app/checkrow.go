package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"rootip-cert/internal/check"
	"rootip-cert/internal/helpdesk"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/report"
)

// checkRow is one check's title and text as the checklist shows it. The
// helpdesk's view of a support code or a report renders its rows with this
// same function, so the agent reads the lines the user sees (issue 19).
// detailed adds the helpdesk's details: the check id and outcome, the
// measured time when known, and the manual's section and page.
func (u *ui) checkRow(f check.Finding, t check.Text, detailed, timed bool) (title, detail string) {
	return u.checkRowOn(f, t, helpdesk.Guide(f.ID, u.msg, u.fl.Profile()), detailed, timed)
}

// checkRowOn is checkRow with the manual's section of g (the helpdesk's
// guidance for the user's OS).
func (u *ui) checkRowOn(f check.Finding, t check.Text, g helpdesk.Guidance, detailed, timed bool) (title, detail string) {
	title, detail = t.Title, t.Detail
	if t.Fix != "" {
		detail += "\n→ " + t.Fix
		if detailed {
			if m := g.Manual; m != "" {
				detail += "\n(" + m + ")"
			}
		}
	}
	if detailed {
		// The rows name a store by its browsers; the helpdesk also
		// gets the folder or store each listed certificate is in.
		if places := certificatePlaces(f); places != "" {
			detail += "\n" + u.t("gui.check.places", map[string]any{"Places": places})
		}
		title += fmt.Sprintf("  [%s] %s", f.ID, f.Outcome)
		if timed {
			title += " " + report.Millis(f.Duration)
		}
	}
	return title, detail
}

// rowObject lays a row out on as few lines as it can (issue 13: at the
// default size only about two rows showed): the status icon level with
// the title's first line, the title in bold in a column of its own, and
// beside it the text wrapping in the rest of the width, with anything the
// screen adds below the text.
func rowObject(icon fyne.Resource, title, detail string, extra ...fyne.CanvasObject) fyne.CanvasObject {
	t, d := newBoldText(title), newText(detail)
	t.Tight, d.Tight = true, true
	var right fyne.CanvasObject = d
	if len(extra) > 0 {
		box := container.NewVBox(d)
		for _, e := range extra {
			box.Add(e)
		}
		right = box
	}
	return container.New(checkRowLayout{}, widget.NewIcon(icon), t, right)
}

// titleColumn is the width of the rows' title column: room for the longest
// Japanese title (13 characters) on one line, and never more than
// titleShare of the row, so a narrow window still leaves the text room.
func titleColumn(row float32) float32 {
	return fyne.Min(13.5*theme.TextSize()+2*theme.InnerPadding(), row*titleShare)
}

const titleShare = 0.4

// checkRowLayout places a row's icon, title and text (rowObject).
type checkRowLayout struct{}

func (checkRowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	icon, title, text := objs[0], objs[1], objs[2]
	is, pad := theme.IconInlineSize(), theme.Padding()
	icon.Resize(fyne.NewSquareSize(is))
	icon.Move(fyne.NewPos(0, tightPad()+(textLineStep()-is)/2))
	x := is + pad
	col := titleColumn(size.Width - x)
	title.Move(fyne.NewPos(x, 0))
	title.Resize(fyne.NewSize(col, title.MinSize().Height))
	text.Move(fyne.NewPos(x+col+pad, 0))
	text.Resize(fyne.NewSize(size.Width-x-col-pad, text.MinSize().Height))
}

func (checkRowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	icon, title, text := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
	pad := theme.Padding()
	is := fyne.Max(icon.Width, theme.IconInlineSize())
	return fyne.NewSize(is+pad+title.Width+pad+text.Width,
		fyne.Max(fyne.Max(title.Height, text.Height), theme.IconInlineSize()+2*tightPad()))
}

// certificatePlaces are the distinct locations of the certificates a
// finding lists (cert.stale's), joined; "" when it lists none.
func certificatePlaces(f check.Finding) string {
	items, _ := f.Facts["certificates"].([]any)
	var places []string
	seen := map[string]bool{}
	for _, it := range items {
		m, _ := it.(map[string]any)
		if loc, _ := m["location"].(string); loc != "" && !seen[loc] {
			seen[loc] = true
			places = append(places, i18n.Clean(loc))
		}
	}
	return strings.Join(places, ", ")
}
