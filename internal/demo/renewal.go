package demo

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/flow"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
)

// RenewalDelay is how long after the start the demo's successor is
// "downloaded".
var RenewalDelay = 3 * time.Second

// SuccessorName is the name a browser gives the second download of
// クライアント証明書.p12.
const SuccessorName = "クライアント証明書 (1).p12"

// RenewalOptions shape the renewal demo; zero values make everything here
// (tests pass the shared test PKI and a pinned clock).
type RenewalOptions struct {
	// Now is the demo's clock (nil: Clock, a moment in the renewal period).
	Now func() time.Time
	// Old and New are the certificate that ends with the period and its
	// successor (nil: issued here by an old and a new vendor CA).
	Old, New *certfile.Identity
	// Accept are the CAs whose client certificates the server accepts
	// (nil: only the new certificate's issuer).
	Accept []*x509.Certificate
	// Server and ServerCA are the server's identity (nil: made here).
	Server   *pki.Leaf
	ServerCA *x509.Certificate
	// Host is the system address's host (default Host).
	Host string
}

// RenewalScenario is a running renewal demo: the old certificate's file
// already in a temporary Downloads folder, the system address served on
// loopback accepting only the new CA, and a successor to deliver.
type RenewalScenario struct {
	*Scenario
	// Now is the demo's clock; Simulated when it is not today's date (the
	// demo then plays in the next renewal period).
	Now       func() time.Time
	Simulated bool
	// Downloads is the temporary Downloads folder.
	Downloads string
	Old, New  *certfile.Identity
	newP12    []byte
}

// Clock is the renewal demo's clock: now when it falls in the renewal
// period, else the fifth day of the next period at 10:00, advancing.
func Clock(p *profile.Profile, now time.Time) (clock func() time.Time, simulated bool) {
	if _, _, open := p.Renewal.Window(now); open {
		return time.Now, false
	}
	for d := 1; d <= 366; d++ {
		day := now.AddDate(0, 0, d)
		if start, _, open := p.Renewal.Window(day); open {
			at := time.Date(start.Year(), start.Month(), start.Day()+4, 10, 0, 0, 0, now.Location())
			began := time.Now()
			return func() time.Time { return at.Add(time.Since(began)) }, true
		}
	}
	return time.Now, false
}

// StartRenewal makes the scenario and starts the server.
func StartRenewal(o RenewalOptions) (*RenewalScenario, error) {
	dir, err := os.MkdirTemp("", "rootip-cert-demo-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	s := &RenewalScenario{Scenario: &Scenario{Dir: dir}, Downloads: filepath.Join(dir, "Downloads")}
	s.watch()
	if err := s.start(o); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *RenewalScenario) start(o RenewalOptions) error {
	prof, err := profile.Default()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	s.Now = o.Now
	if s.Now == nil {
		s.Now, s.Simulated = Clock(prof, time.Now())
	}
	now := s.Now()
	host := o.Host
	if host == "" {
		host = Host
	}
	_, end, _ := prof.Renewal.Window(now)
	if end.IsZero() {
		end = now.AddDate(0, 0, 20)
	}
	s.Old, s.New = o.Old, o.New
	var newCA *x509.Certificate
	if s.Old == nil || s.New == nil {
		oldCA, err := pki.NewRootCA("rootip-cloud.net")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		nextCA, err := pki.NewRootCA(fmt.Sprintf("rootip-cloud.net %d", end.Year()))
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		newCA = nextCA.Cert
		mk := func(ca *pki.CA, from, to time.Time) (*certfile.Identity, error) {
			l, err := ca.NewLeaf(pki.LeafOptions{CommonName: host, Organization: []string{"デモ株式会社"}, KeyType: pki.P256, NotBefore: from, NotAfter: to})
			if err != nil {
				return nil, fmt.Errorf("demo: %w", err)
			}
			return &certfile.Identity{Leaf: l.Cert, Chain: l.Chain, Key: l.Key}, nil
		}
		if s.Old, err = mk(oldCA, now.AddDate(0, -11, 0), end); err != nil {
			return err
		}
		if s.New, err = mk(nextCA, now.AddDate(0, 0, -1), end.AddDate(1, 0, 0)); err != nil {
			return err
		}
	} else if len(s.New.Chain) > 0 {
		newCA = s.New.Chain[0]
	}
	if err := os.MkdirAll(s.Downloads, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	oldP12, err := p12Of(s.Old)
	if err != nil {
		return err
	}
	if s.newP12, err = p12Of(s.New); err != nil {
		return err
	}
	// Last year's download is still in the folder: the new one arrives as
	// クライアント証明書 (1).p12.
	s.P12Path = filepath.Join(s.Downloads, "クライアント証明書.p12")
	if err := os.WriteFile(s.P12Path, oldP12, 0o600); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	accept := o.Accept
	if accept == nil && newCA != nil {
		accept = []*x509.Certificate{newCA}
	}
	server, serverCA := o.Server, o.ServerCA
	if server == nil {
		ca, err := pki.NewRootCA("root ip demo server CA")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if server, err = ca.NewServer(time.Time{}, host); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		serverCA = ca.Cert
	}
	s.ServerCA = serverCA
	// The server judges certificates by the demo's clock, as the vendor's
	// server would on that day, and its Date is the demo's day too (the
	// clock check).
	return s.listen(host, server, accept, s.Now, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", s.Now().UTC().Format(http.TimeFormat))
		s.serve(w, r)
	}))
}

func p12Of(id *certfile.Identity) ([]byte, error) {
	l := &pki.Leaf{Cert: id.Leaf, Key: id.Key, Chain: id.Chain}
	data, err := l.P12(pki.Modern, Password, true, 0)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return data, nil
}

// Partial is the name of the download while it is in progress.
func Partial(name string) string { return name + ".crdownload" }

// Deliver "downloads" the successor after delay, as Chrome does: half of
// it written into name.crdownload, the rest a moment later, then renamed
// to name in the Downloads folder. It returns the final path.
func (s *RenewalScenario) Deliver(ctx context.Context, delay time.Duration, name string) (string, error) {
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	final := filepath.Join(s.Downloads, name)
	part := filepath.Join(s.Downloads, Partial(name))
	half := len(s.newP12) / 2
	if err := os.WriteFile(part, s.newP12[:half], 0o600); err != nil {
		return "", fmt.Errorf("demo download: %w", err)
	}
	select {
	case <-time.After(200 * time.Millisecond):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return "", fmt.Errorf("demo download: %w", err)
	}
	if _, err := f.Write(s.newP12[half:]); err != nil {
		f.Close()
		return "", fmt.Errorf("demo download: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("demo download: %w", err)
	}
	if err := os.Rename(part, final); err != nil {
		return "", fmt.Errorf("demo download: %w", err)
	}
	return final, nil
}

// ProveRequest is how the renewal flow reaches the demo server (the
// identity is the successor, set by the flow).
func (s *RenewalScenario) ProveRequest(timeout time.Duration) flow.DiagnoseRequest {
	return s.request(timeout)
}
