package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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

// rowObject lays a row out: the status icon, the title in bold, the text,
// and anything the screen adds below.
func rowObject(icon fyne.Resource, title, detail string, extra ...fyne.CanvasObject) fyne.CanvasObject {
	box := container.NewVBox(newBoldText(title), newText(detail))
	for _, e := range extra {
		box.Add(e)
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, box)
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
