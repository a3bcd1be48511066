package certfile

import (
	"crypto/x509"
	"math"
	"time"

	"rootip-cert/internal/profile"
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

// Evaluate returns c's validity at now under profile p: expiring-soon within
// p.ExpiringSoonDays, or while the renewal window is open and c ends before
// that window closes (the yearly renewal replaces it).
func Evaluate(c *x509.Certificate, now time.Time, p *profile.Profile) Validity {
	v := Validity{DaysLeft: int(math.Floor(c.NotAfter.Sub(now).Hours() / 24))}
	_, windowEnd, open := p.Renewal.Window(now)
	v.RenewalOpen = open
	switch {
	case now.Before(c.NotBefore):
		v.Status = NotYetValid
	case now.After(c.NotAfter):
		v.Status = Expired
	case v.DaysLeft < p.ExpiringSoonDays:
		v.Status = ExpiringSoon
	case open && !c.NotAfter.After(windowEnd.Add(24*time.Hour)):
		v.Status = ExpiringSoon
	default:
		v.Status = Valid
	}
	return v
}

// Usable reports whether a certificate in this status can be imported and used.
func (s Status) Usable() bool { return s == Valid || s == ExpiringSoon }
