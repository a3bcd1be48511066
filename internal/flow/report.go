package flow

import (
	"context"
	"errors"
	"os"

	"rootip-cert/internal/report"
	"rootip-cert/internal/store"
)

// ReportRequest is what the user adds to a report.
type ReportRequest struct {
	// Diagnosis is the checklist run the report is about (live, or read
	// back from a saved run).
	Diagnosis Diagnosis
	UserID    string
	Done      []string
	Mask      bool
	Lang      string
}

// Report builds the support report from the diagnosis and what the flow
// knows (the inventory, listed once; the machine facts, read once; the
// proxy, from the diagnosis's net.proxy finding; the Firefox profiles). It
// never changes its inputs.
func (f *Flow) Report(ctx context.Context, req ReportRequest) (*report.Report, error) {
	inv := f.Inventory(ctx)
	osInfo, browsers := f.Machine()
	in := report.Input{
		Now: f.Now(), AppVersion: f.d.Version, Lang: req.Lang, UserID: req.UserID, SystemAddress: req.Diagnosis.URL,
		Mask: req.Mask, OS: osInfo, Browsers: browsers, Inventory: inv.Entries, Result: req.Diagnosis.Result,
		Verdict: string(req.Diagnosis.Verdict), Done: req.Done, Profile: f.d.Profile,
	}
	if req.Diagnosis.HasNext {
		in.Next = req.Diagnosis.Next.ID
	}
	d := req.Diagnosis
	in.Renewal = ReportRenewal(f.renewalOf(inv, RenewalRequest{Diagnosis: &d}).State)
	if home, err := os.UserHomeDir(); err == nil {
		in.Home = home
	}
	stores, _ := f.Stores()
	for _, s := range stores {
		if fp, ok := s.(store.FirefoxProfile); ok && fp.ProfileDir() != "" {
			reader, _ := store.ReaderOf(s)
			in.Firefox = append(in.Firefox, report.FirefoxProf{Name: reader.Profile, Location: s.Location(),
				OSClientCerts: fp.UsesOSClientCerts() || errors.Is(s.Available(), store.ErrServedElsewhere)})
		}
	}
	return report.Build(in)
}
