package facts

import (
	"os"
	"testing"
)

// TestRegistryFacts reads values the Wine harness planted with `wine reg
// add` (ROOTIP_WINE_PLANTED=1); on a real Windows runner it checks that the
// machine's own values are read.
func TestRegistryFacts(t *testing.T) {
	osInfo, _ := Machine(nil)
	if os.Getenv("ROOTIP_WINE_PLANTED") == "1" {
		if osInfo.Name != "Windows 11 Pro" || osInfo.Version != "23H2" || osInfo.Build != "22631.2861" {
			t.Fatalf("OS = %+v, want the planted Windows 11 Pro 23H2 22631.2861", osInfo)
		}
		if got := Proxy(); got.Source != "wininet" || got.HTTPS != "secure.example.co.jp:8443" || got.PAC != "http://wpad.example.co.jp/proxy.pac" ||
			len(got.Bypass) != 2 || got.Bypass[0] != "*.corp.example" {
			t.Fatalf("proxy = %+v", got)
		}
		_, browsers := Machine(nil)
		found := false
		for _, b := range browsers {
			found = found || (b.Name == "Chrome" && b.Version == "118.0.5993.118")
		}
		if !found {
			t.Fatalf("browsers = %+v, want the planted Chrome 118.0.5993.118", browsers)
		}
	} else if osInfo.Name == "" {
		t.Fatal("no Windows product name")
	}
	if bootTime().IsZero() {
		t.Fatal("no boot time")
	}
}
