package demo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki/pkitest"
)

func TestClockPlaysInTheRenewalPeriod(t *testing.T) {
	p := pkitest.Profile(t)
	clock, simulated := Clock(p, pkitest.Summer)
	got := clock()
	if !simulated || got.Year() != 2026 || got.Month() != time.December || got.Day() != 5 || got.Hour() != 10 {
		t.Errorf("summer: %s simulated %v, want 2026-12-05 10:00", got, simulated)
	}
	if _, _, open := p.Renewal.Window(got); !open {
		t.Error("the simulated day is outside the period")
	}
	if time.Sleep(20 * time.Millisecond); !clock().After(got) {
		t.Error("the simulated clock does not advance")
	}
	if _, simulated := Clock(p, pkitest.Now); simulated {
		t.Error("a day in the period was simulated")
	}
}

// TestRenewalScenario: the old certificate ends with the period, the
// successor a year later from another CA; Deliver writes a .crdownload
// first and renames it when complete.
func TestRenewalScenario(t *testing.T) {
	at := pkitest.Now
	sc, err := StartRenewal(RenewalOptions{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	if sc.Old.Leaf.NotAfter.Month() != time.January || sc.Old.Leaf.NotAfter.Day() != 10 || sc.New.Leaf.NotAfter.Year() != sc.Old.Leaf.NotAfter.Year()+1 ||
		sc.Old.Leaf.Issuer.CommonName == sc.New.Leaf.Issuer.CommonName {
		t.Errorf("old until %s (%s), new until %s (%s)", sc.Old.Leaf.NotAfter, sc.Old.Leaf.Issuer.CommonName, sc.New.Leaf.NotAfter, sc.New.Leaf.Issuer.CommonName)
	}
	if _, err := os.Stat(filepath.Join(sc.Downloads, "クライアント証明書.p12")); err != nil {
		t.Errorf("last year's download is not in the folder: %v", err)
	}
	partial := filepath.Join(sc.Downloads, Partial(SuccessorName))
	done := make(chan string, 1)
	go func() {
		path, err := sc.Deliver(context.Background(), 10*time.Millisecond, SuccessorName)
		if err != nil {
			t.Error(err)
		}
		done <- path
	}()
	sawPartial := false
	var final string
	for final == "" {
		select {
		case final = <-done:
		case <-time.After(5 * time.Millisecond):
			if _, err := os.Stat(partial); err == nil {
				sawPartial = true
			}
		}
	}
	if !sawPartial || filepath.Base(final) != SuccessorName {
		t.Fatalf("partial seen %v, final %s", sawPartial, final)
	}
	id, _, err := certfile.Open(final, Password)
	if err != nil || id.SHA256() != sc.New.SHA256() {
		t.Fatalf("the delivered file: %v", err)
	}
}
