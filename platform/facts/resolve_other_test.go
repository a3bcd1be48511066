//go:build !windows

package facts

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"rootip-cert/internal/machine"
	"rootip-cert/internal/pac"
)

type noDNS struct{}

func (noDNS) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}

// TestScriptFallsBackToTheManualProxy: macOS can have a script and a
// manual proxy on at once; when the script gives no answer the browser
// goes through the manual proxy, and so do the checks, saying why. WPAD
// that finds no script changes nothing, and a loopback address never runs
// a script.
func TestScriptFallsBackToTheManualProxy(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	broken := machine.Proxy{Source: machine.ProxyScutil, HTTPS: "manual.corp:3128", PAC: "http://127.0.0.1:1/proxy.pac"}
	d := decideWithScript(context.Background(), broken, u, noDNS{})
	if d.Via != machine.ViaPACFailed || d.Proxy != "manual.corp:3128" || d.Error != "download" || d.Script != broken.PAC {
		t.Fatalf("decision %+v, want the failed script and the manual proxy", d)
	}
	// Automatic detection that finds no script (most networks): as the
	// browser, the manual settings, here none: direct, nothing reported.
	withWPAD(t, "http://127.0.0.1:1/wpad.dat")
	wpad := machine.Proxy{Source: machine.ProxyScutil, AutoDetect: true}
	if d := decideWithScript(context.Background(), wpad, u, noDNS{}); d.Via != machine.ViaNone || d.Proxy != "" {
		t.Fatalf("WPAD finding nothing: %+v, want direct", d)
	}
	local, _ := url.Parse("https://127.0.0.1:8443/")
	if d := decideWithScript(context.Background(), broken, local, noDNS{}); d.Via != machine.ViaBypass {
		t.Fatalf("loopback: %+v, want direct without the script", d)
	}
}

// withWPAD points automatic detection at addr for one test.
func withWPAD(t *testing.T, addr string) {
	old := wpadScript
	wpadScript = addr
	t.Cleanup(func() { wpadScript = old })
}

// TestWPADBeforeTheScriptAddress: with automatic detection on, a WPAD
// script that answers decides before the configured script address, as in
// Chrome; a WPAD script that fails is said so and the script address is
// tried next.
func TestWPADBeforeTheScriptAddress(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	served := func(body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
		t.Cleanup(srv.Close)
		return srv.URL + "/proxy.pac"
	}
	wpad := served(`function FindProxyForURL(u, h) { return "PROXY wpad.corp:8080"; }`)
	pacAddr := served(`function FindProxyForURL(u, h) { return "PROXY pac.corp:3128"; }`)
	broken := served(`function FindProxyForURL(u, h) { return nothing(); }`)
	both := machine.Proxy{Source: machine.ProxyGNOME, AutoDetect: true, PAC: pacAddr}

	withWPAD(t, wpad)
	if d := decideWithScript(context.Background(), both, u, noDNS{}); d.Via != machine.ViaWPAD || d.Proxy != "wpad.corp:8080" || d.Script != wpad {
		t.Fatalf("WPAD answers: %+v, want its proxy", d)
	}
	withWPAD(t, broken)
	if d := decideWithScript(context.Background(), both, u, noDNS{}); d.Via != machine.ViaPAC || d.Proxy != "pac.corp:3128" {
		t.Fatalf("WPAD script fails, script address answers: %+v, want the address's proxy", d)
	}
	alone := machine.Proxy{Source: machine.ProxyKDE, AutoDetect: true}
	if d := decideWithScript(context.Background(), alone, u, noDNS{}); d.Via != machine.ViaPACFailed || d.Script != broken || d.Error != "script" {
		t.Fatalf("WPAD script fails alone: %+v, want it said, direct", d)
	}
}

// TestScriptWithoutTheEvaluator: a script that was fetched but cannot be
// run because the helper program is missing is said so (its own reason,
// evaluator-missing) and the checks fall back to the manual proxy.
func TestScriptWithoutTheEvaluator(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`function FindProxyForURL(u, h) { return "PROXY pac.corp:3128"; }`))
	}))
	defer srv.Close()
	t.Setenv(pac.HelperEnv, filepath.Join(t.TempDir(), pac.HelperName))
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	p := machine.Proxy{Source: machine.ProxyGNOME, HTTPS: "manual.corp:3128", PAC: srv.URL + "/proxy.pac"}
	if d := decideWithScript(context.Background(), p, u, noDNS{}); d.Via != machine.ViaPACFailed || d.Error != pac.ErrMissing || d.Proxy != "manual.corp:3128" {
		t.Fatalf("decision %+v, want the script failed for evaluator-missing, through the manual proxy", d)
	}
}
