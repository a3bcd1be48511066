package flow

import (
	"context"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestDiagnoseKnowsFirefoxIsInstalled: the installed browsers the report
// lists (Firefox ESR, with no profile yet) reach firefox.profiles, which
// then says Firefox was never started instead of "not found".
func TestDiagnoseKnowsFirefoxIsInstalled(t *testing.T) {
	chrome := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	chrome.ReadBy = store.Reader{Kind: store.ReaderChromeLinux}
	f := New(Deps{
		Profile: pkitest.Profile(t), Now: func() time.Time { return pkitest.Now }, Version: "test",
		Find: func(store.Selection) ([]store.Store, error) { return []store.Store{chrome}, nil },
		Machine: machine.Source{Describe: func(map[string]time.Time) (machine.OSInfo, []machine.Browser) {
			return machine.OSInfo{Name: "Debian GNU/Linux"}, []machine.Browser{{Name: "Firefox ESR", Version: "153.0"}}
		}},
	}, store.Selection{})
	d := f.Diagnose(context.Background(), DiagnoseRequest{Timeout: time.Second})
	if ff, ok := d.Result.Find(check.FirefoxProfiles); !ok || ff.Outcome != "not-started" {
		t.Fatalf("firefox.profiles = %+v", ff)
	}
}
