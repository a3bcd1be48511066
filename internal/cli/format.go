package cli

import "time"

// date formats a moment in the user's local time the way each language
// writes dates (2027/01/10 in Japanese, 2027-01-10 in English).
func (r *run) date(t time.Time) string {
	if r.lang() == "en" {
		return t.Local().Format("2006-01-02")
	}
	return t.Local().Format("2006/01/02")
}
