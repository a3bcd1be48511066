package profile

import (
	"fmt"
	"time"
)

// Renewal is the yearly window during which every user can download the new
// certificate, given as month-day strings ("12-01" to "01-10"). The window may
// span the new year.
type Renewal struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

func parseMonthDay(s string) (time.Month, int, error) {
	var m, d int
	if _, err := fmt.Sscanf(s, "%d-%d", &m, &d); err != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, fmt.Errorf("bad month-day %q (want MM-DD)", s)
	}
	return time.Month(m), d, nil
}

func (r Renewal) validate() error {
	if _, _, err := parseMonthDay(r.Start); err != nil {
		return fmt.Errorf("renewal start: %w", err)
	}
	if _, _, err := parseMonthDay(r.End); err != nil {
		return fmt.Errorf("renewal end: %w", err)
	}
	return nil
}

// Window returns the renewal window that contains now, if any: its first
// instant and the end of its last day, in now's location.
func (r Renewal) Window(now time.Time) (start, end time.Time, open bool) {
	sm, sd, err1 := parseMonthDay(r.Start)
	em, ed, err2 := parseMonthDay(r.End)
	if err1 != nil || err2 != nil {
		return time.Time{}, time.Time{}, false
	}
	loc := now.Location()
	// The window containing now started this year or last year.
	for _, y := range []int{now.Year(), now.Year() - 1} {
		start = time.Date(y, sm, sd, 0, 0, 0, 0, loc)
		endYear := y
		if em < sm || (em == sm && ed < sd) {
			endYear++
		}
		end = time.Date(endYear, em, ed, 23, 59, 59, 0, loc)
		if !now.Before(start) && !now.After(end) {
			return start, end, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// ExpiringSoon implements certfile.Policy: within the warning period, or
// while the renewal window is open and the certificate ends before that
// window closes (the yearly renewal replaces it).
func (p *Profile) ExpiringSoon(notAfter, now time.Time) bool {
	if notAfter.Sub(now) < time.Duration(p.ExpiringSoonDays)*24*time.Hour {
		return true
	}
	_, end, open := p.Renewal.Window(now)
	return open && !notAfter.After(end.Add(24*time.Hour))
}

// RenewalOpen implements certfile.Policy.
func (p *Profile) RenewalOpen(now time.Time) bool {
	_, _, open := p.Renewal.Window(now)
	return open
}
