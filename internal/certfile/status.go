package certfile

import (
	"crypto/x509"
	"math"
	"time"
)

// Status is a certificate's validity at a moment. The values are part of
// the CLI's JSON contract.
type Status string

// Statuses.
const (
	Valid        Status = "valid"
	ExpiringSoon Status = "expiring-soon"
	Expired      Status = "expired"
	NotYetValid  Status = "not-yet-valid"
)

// Validity is a certificate's status with the whole days left until it ends
// (negative once expired).
type Validity struct {
	Status   Status
	DaysLeft int
	// RenewalOpen is true when now falls in the vendor's renewal window.
	RenewalOpen bool
}

// Policy is the issuer's calendar: when a certificate that is still within
// its dates counts as expiring soon (the vendor profile implements it with
// its warning period and yearly renewal window). The reader itself knows no
// vendor.
type Policy interface {
	// ExpiringSoon reports whether a certificate ending at notAfter should
	// be replaced now.
	ExpiringSoon(notAfter, now time.Time) bool
	// RenewalOpen reports whether now falls in the renewal window.
	RenewalOpen(now time.Time) bool
}

// Evaluate returns c's validity at now under policy p.
func Evaluate(c *x509.Certificate, now time.Time, p Policy) Validity {
	v := Validity{DaysLeft: DaysLeft(c.NotAfter, now), RenewalOpen: p.RenewalOpen(now)}
	switch {
	case now.Before(c.NotBefore):
		v.Status = NotYetValid
	case now.After(c.NotAfter):
		v.Status = Expired
	case p.ExpiringSoon(c.NotAfter, now):
		v.Status = ExpiringSoon
	default:
		v.Status = Valid
	}
	return v
}

// DaysLeft is the number of calendar days from today until t's day, both
// in the machine's time zone, the one every date is shown in: a
// certificate ending on 2027/01/10 has 36 days left on 2026/12/05 at any
// hour, and one ending a year from today has 365 (not the whole 24-hour
// periods, which are one fewer whenever t's hour is earlier than now's).
// 0 is its last day; negative once past. It is the only place days left
// are counted.
func DaysLeft(t, now time.Time) int { return daysLeftIn(t, now, time.Local) }

// daysLeftIn counts calendar days in loc; a day of 23 or 25 hours (a
// daylight-saving change) is one day.
func daysLeftIn(t, now time.Time, loc *time.Location) int {
	day := func(x time.Time) time.Time {
		y, m, d := x.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return int(math.Round(day(t).Sub(day(now)).Hours() / 24))
}

// Usable reports whether a certificate in this status can be imported and used.
func (s Status) Usable() bool { return s == Valid || s == ExpiringSoon }
