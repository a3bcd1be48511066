//go:build !windows

package facts

import (
	"context"
	"net"
	"net/url"
	"testing"

	"rootip-cert/internal/machine"
)

type noDNS struct{}

func (noDNS) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

// TestScriptFallsBackToTheManualProxy: macOS can have a script and a
// manual proxy on at once; when the script gives no answer the browser
// goes through the manual proxy, and so do the checks, saying why. WPAD
// alone stays not evaluated, and a loopback address never runs a script.
func TestScriptFallsBackToTheManualProxy(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	broken := machine.Proxy{Source: machine.ProxyScutil, HTTPS: "manual.corp:3128", PAC: "http://127.0.0.1:1/proxy.pac"}
	d := decideWithScript(context.Background(), broken, u, noDNS{})
	if d.Via != machine.ViaPACFailed || d.Proxy != "manual.corp:3128" || d.Error != "download" || d.Script != broken.PAC {
		t.Fatalf("decision %+v, want the failed script and the manual proxy", d)
	}
	wpad := machine.Proxy{Source: machine.ProxyScutil, AutoDetect: true}
	if d := decideWithScript(context.Background(), wpad, u, noDNS{}); d.Via != machine.ViaUnevaluated {
		t.Fatalf("WPAD alone: %+v, want not evaluated", d)
	}
	local, _ := url.Parse("https://127.0.0.1:8443/")
	if d := decideWithScript(context.Background(), broken, local, noDNS{}); d.Via != machine.ViaBypass {
		t.Fatalf("loopback: %+v, want direct without the script", d)
	}
}
