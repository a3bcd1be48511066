package facts

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/machine"
)

// TestWinHTTPDecides asks WinHTTP which proxy the browser uses for a system
// address. Under the Wine harness (wine_test.go), ROOTIP_WINE_PROXY_WANT
// holds "via|proxy|script|error" for the settings it planted with `reg
// add`, and the decision must be exactly that; on a Windows runner the
// machine's own settings must give a decision that fits what WinHTTP
// reports of them.
func TestWinHTTPDecides(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net:8443/")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	got := ResolveProxy(ctx, u)
	t.Logf("decision: %+v", got)
	want, planted := os.LookupEnv("ROOTIP_WINE_PROXY_WANT")
	if !planted {
		cfg, err := osWinHTTP{}.config()
		if err != nil {
			t.Fatalf("WinHttpGetIEProxyConfigForCurrentUser: %v", err)
		}
		t.Logf("settings: %+v", cfg)
		if os.Getenv("HTTPS_PROXY") == "" && cfg.Proxy == "" && cfg.AutoConfigURL == "" && !cfg.AutoDetect && got.Via != machine.ViaNone {
			t.Fatalf("nothing configured, but the decision is %+v", got)
		}
		return
	}
	f := strings.Split(want, "|")
	for len(f) < 4 {
		f = append(f, "")
	}
	if got.Via != f[0] || got.Proxy != f[1] || got.Script != f[2] || got.Error != f[3] {
		t.Fatalf("decision = %+v, want via %q proxy %q script %q error %q", got, f[0], f[1], f[2], f[3])
	}
}
