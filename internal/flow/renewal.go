package flow

import (
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/store"
)

// Renewal is the renewal season as data: computed from what is installed,
// so the reminder disappears once a certificate valid beyond the coming
// renewal is installed (the manual's 3-3 ⑦: the message no longer shows).
type Renewal struct {
	// Open: today is inside the vendor's renewal window.
	Open      bool
	WindowEnd time.Time
	// Current is the installed vendor certificate a browser would offer
	// that is valid the longest (HasCurrent false when none).
	Current    store.Entry
	HasCurrent bool
	// Due: no installed vendor certificate stays valid beyond the renewal
	// (or the warning period): the user should fetch and install the new one.
	Due bool
}

// RenewalState computes the renewal state from the inventory.
func (f *Flow) RenewalState(inv check.Inventory) Renewal {
	now := f.Now()
	_, end, open := f.d.Profile.Renewal.Window(now)
	r := Renewal{Open: open, WindowEnd: end}
	for _, e := range inv.Entries {
		if !f.IsVendor(e) || !check.Usable(e, now, f.d.Profile) {
			continue
		}
		if !r.HasCurrent || e.Cert.NotAfter.After(r.Current.Cert.NotAfter) {
			r.Current, r.HasCurrent = e, true
		}
	}
	r.Due = r.HasCurrent && f.d.Profile.ExpiringSoon(r.Current.Cert.NotAfter, now)
	return r
}
