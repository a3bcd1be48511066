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

// DaysLeft is the whole days from now until t (negative once past).
func DaysLeft(t, now time.Time) int { return int(math.Floor(t.Sub(now).Hours() / 24)) }

// Usable reports whether a certificate in this status can be imported and used.
func (s Status) Usable() bool { return s == Valid || s == ExpiringSoon }
