package facts

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/testsupport/proxytest"
)

// desktopSession gives the test a GNOME or KDE session of its own: an
// empty XDG_CONFIG_HOME, gsettings on its keyfile backend there (the real
// tool, writing a file instead of the user's dconf), no proxy variables.
func desktopSession(t *testing.T, desktop string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("GSETTINGS_BACKEND", "keyfile")
	t.Setenv("XDG_CURRENT_DESKTOP", desktop)
	// KDE 5's kioslaverc is $HOME/.config/kioslaverc (Chrome's place).
	t.Setenv("HOME", dir)
	t.Setenv("KDE_SESSION_VERSION", "5")
	if err := os.MkdirAll(filepath.Join(dir, ".config"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "KDE_FULL_SESSION",
		"HTTP_PROXY", "http_proxy", "FTP_PROXY", "ftp_proxy", "SOCKS_SERVER", "SOCKS_VERSION", "DESKTOP_SESSION", "GNOME_DESKTOP_SESSION_ID", "KDEHOME"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	return dir
}

// gset runs the real `gsettings set`; the test skips without the tool or
// the schema (scripts/deps.sh installs gsettings-desktop-schemas).
func gset(t *testing.T, schema, key, value string) {
	t.Helper()
	if _, err := exec.LookPath("gsettings"); err != nil {
		t.Skip("needs gsettings (libglib2.0-bin)")
	}
	if out, err := exec.Command("gsettings", "list-keys", "org.gnome.system.proxy").CombinedOutput(); err != nil {
		t.Skipf("needs the org.gnome.system.proxy schema (gsettings-desktop-schemas): %s", out)
	}
	if out, err := exec.Command("gsettings", "set", schema, key, value).CombinedOutput(); err != nil {
		t.Fatalf("gsettings set %s %s %s: %v\n%s", schema, key, value, err, out)
	}
}

// proxyRun runs the network checks for the system address at addr with
// this OS's proxy reading and decision, as diagnose builds them.
func proxyRun(t *testing.T, addr string) check.Result {
	t.Helper()
	p := pkitest.Get(t)
	_, port, _ := net.SplitHostPort(addr)
	u, _ := url.Parse("https://" + pkitest.Host + ":" + port + "/")
	e := &check.Env{Profile: pkitest.Profile(t), URL: u, Resolve: map[string]string{pkitest.Host + ":" + port: "127.0.0.1"},
		ExtraCAs: pkitest.Pool(p.ServerCA.Cert), Proxy: Proxy(), ResolveProxy: ResolveProxy}
	return check.RunDefs(context.Background(), e, check.Select(check.NetProxy, check.NetDNS, check.NetTCP, check.NetTLS), 5*time.Second)
}

func outcomes(res check.Result) map[string]string {
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.ID] = f.Outcome
	}
	return got
}

// TestGNOMEProxyRealGSettings: the proxy set with the real gsettings tool
// is the one net.proxy reports for the system address and the route the
// TCP and TLS checks take (a loopback CONNECT proxy, or SOCKS5 server,
// sees them); an exception sends the address direct; in "auto" mode the
// PAC script, served on loopback, is run and its proxy is the route, and a
// script that cannot be fetched is said so while the checks go direct.
func TestGNOMEProxyRealGSettings(t *testing.T) {
	addr := systemServer(t)
	var tunnels, socksSeen atomic.Int32
	httpProxy := proxytest.Start(t, proxytest.Forward, &tunnels)
	socks := proxytest.StartSOCKS5(t, &socksSeen, nil)
	// manual sets GNOME's manual mode with the proxy hp for schema (https, socks).
	manual := func(t *testing.T, schema, hp string) {
		h, p, _ := net.SplitHostPort(hp)
		gset(t, "org.gnome.system.proxy", "mode", "'manual'")
		gset(t, "org.gnome.system.proxy."+schema, "host", "'"+h+"'")
		gset(t, "org.gnome.system.proxy."+schema, "port", p)
	}

	t.Run("manual https proxy", func(t *testing.T) {
		desktopSession(t, "ubuntu:GNOME")
		manual(t, "https", httpProxy)
		tunnels.Store(0)
		res := proxyRun(t, addr)
		want := map[string]string{check.NetProxy: "proxy", check.NetTCP: "via-proxy", check.NetTLS: "trusted"}
		for id, o := range want {
			if outcomes(res)[id] != o {
				t.Errorf("%s = %s, want %s (%v)", id, outcomes(res)[id], o, res.Findings)
			}
		}
		f, _ := res.Find(check.NetProxy)
		if f.Facts.String("source") != machine.ProxyGNOME || f.Facts.String("proxy") != httpProxy {
			t.Errorf("net.proxy facts = %v, want GNOME's %s", f.Facts, httpProxy)
		}
		if tunnels.Load() < 1 {
			t.Errorf("the proxy saw %d CONNECTs, want the checks' one connection (TCP and TLS share it)", tunnels.Load())
		}
	})
	t.Run("environment set, GNOME decides", func(t *testing.T) {
		desktopSession(t, "ubuntu:GNOME")
		manual(t, "https", httpProxy)
		t.Setenv("https_proxy", "http://127.0.0.1:1") // goes nowhere
		t.Setenv("ALL_PROXY", "socks5://127.0.0.1:1")
		tunnels.Store(0)
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetTCP] != "via-proxy" || f.Facts.String("source") != machine.ProxyGNOME ||
			f.Facts.String("proxy") != httpProxy || f.Facts.String("env_ignored") != "ALL_PROXY" || tunnels.Load() < 1 {
			t.Errorf("outcomes %v facts %v, %d tunnels; want GNOME's proxy, the environment named as not followed", o, f.Facts, tunnels.Load())
		}
	})
	t.Run("GNOME mode none beats the environment", func(t *testing.T) {
		desktopSession(t, "GNOME")
		gset(t, "org.gnome.system.proxy", "mode", "'none'")
		t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetProxy] != "direct" || o[check.NetTCP] != "connected" || f.Facts.String("env_ignored") != "HTTPS_PROXY" {
			t.Errorf("outcomes %v facts %v, want direct as GNOME says", o, f.Facts)
		}
	})
	t.Run("other desktop: the environment", func(t *testing.T) {
		desktopSession(t, "XFCE")
		manual(t, "https", "127.0.0.1:1") // GNOME's settings, which the browser does not read on XFCE
		t.Setenv("https_proxy", "http://"+httpProxy)
		tunnels.Store(0)
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetTCP] != "via-proxy" || f.Facts.String("source") != machine.ProxyEnv ||
			f.Facts.String("desktop") != machine.DesktopOther || f.Facts.String("env_var") != "https_proxy" || tunnels.Load() < 1 {
			t.Errorf("outcomes %v facts %v, %d tunnels; want the environment's proxy", o, f.Facts, tunnels.Load())
		}
	})
	t.Run("exception", func(t *testing.T) {
		desktopSession(t, "GNOME")
		manual(t, "https", httpProxy)
		gset(t, "org.gnome.system.proxy", "ignore-hosts", "['*."+strings.SplitN(pkitest.Host, ".", 2)[1]+"']")
		tunnels.Store(0)
		res := proxyRun(t, addr)
		if o := outcomes(res); o[check.NetProxy] != "direct" || o[check.NetTCP] != "connected" || tunnels.Load() != 0 {
			t.Errorf("outcomes %v, %d tunnels; want direct through the exception", o, tunnels.Load())
		}
	})
	t.Run("SOCKS5", func(t *testing.T) {
		desktopSession(t, "GNOME")
		manual(t, "socks", socks)
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetProxy] != "proxy" || o[check.NetTLS] != "trusted" || f.Facts.String("scheme") != machine.SOCKS5 {
			t.Errorf("outcomes %v facts %v, want SOCKS5 to the server", o, f.Facts)
		}
		if socksSeen.Load() < 1 {
			t.Errorf("the SOCKS5 proxy saw %d CONNECTs", socksSeen.Load())
		}
	})
	t.Run("auto: the PAC script decides", func(t *testing.T) {
		desktopSession(t, "GNOME")
		script := pacServer(t, `function FindProxyForURL(url, host) {
  if (shExpMatch(host, "*.rootip-cloud.net") && url.indexOf("/login") < 0) return "PROXY `+httpProxy+`; DIRECT";
  return "DIRECT";
}`)
		gset(t, "org.gnome.system.proxy", "mode", "'auto'")
		gset(t, "org.gnome.system.proxy", "autoconfig-url", "'"+script+"'")
		tunnels.Store(0)
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetProxy] != "proxy" || o[check.NetTCP] != "via-proxy" || o[check.NetTLS] != "trusted" ||
			f.Facts.String("via") != machine.ViaPAC || f.Facts.String("proxy") != httpProxy || f.Facts.String("script") != script {
			t.Errorf("outcomes %v facts %v, want the script's proxy", o, f.Facts)
		}
		if tunnels.Load() < 1 {
			t.Errorf("the script's proxy saw %d CONNECTs", tunnels.Load())
		}
	})
	t.Run("auto without an address: WPAD", func(t *testing.T) {
		desktopSession(t, "GNOME")
		withWPAD(t, pacServer(t, `function FindProxyForURL(url, host) { return "PROXY `+httpProxy+`"; }`))
		gset(t, "org.gnome.system.proxy", "mode", "'auto'")
		gset(t, "org.gnome.system.proxy", "autoconfig-url", "''")
		tunnels.Store(0)
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); o[check.NetTCP] != "via-proxy" || f.Facts.String("via") != machine.ViaWPAD || f.Facts.String("proxy") != httpProxy || tunnels.Load() < 1 {
			t.Errorf("outcomes %v facts %v, %d tunnels; want the WPAD script's proxy", o, f.Facts, tunnels.Load())
		}
	})
	t.Run("auto: a script that cannot be fetched", func(t *testing.T) {
		desktopSession(t, "GNOME")
		gset(t, "org.gnome.system.proxy", "mode", "'auto'")
		gset(t, "org.gnome.system.proxy", "autoconfig-url", "'http://127.0.0.1:1/proxy.pac'")
		res := proxyRun(t, addr)
		f, _ := res.Find(check.NetProxy)
		if o := outcomes(res); f.Outcome != "pac" || f.Facts.String("via") != machine.ViaPACFailed || f.Facts.String("script_error") != "download" ||
			o[check.NetTCP] != "connected" {
			t.Errorf("outcomes %v facts %v, want the failed script said, the checks direct as the browser falls back", o, f.Facts)
		}
	})
}

// pacServer serves script on loopback and returns its address.
func pacServer(t *testing.T, script string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
		w.Write([]byte(script))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/proxy.pac"
}

// TestKDEProxyRealFile: KDE's kioslaverc in the session's config folder is
// read and its proxy is the route of the checks.
func TestKDEProxyRealFile(t *testing.T) {
	addr := systemServer(t)
	var tunnels atomic.Int32
	httpProxy := proxytest.Start(t, proxytest.Forward, &tunnels)
	dir := desktopSession(t, "KDE")
	h, p, _ := net.SplitHostPort(httpProxy)
	rc := "[Proxy Settings]\nProxyType=1\nhttpsProxy=http://" + h + " " + p + "\nNoProxyFor=localhost\n"
	if err := os.WriteFile(filepath.Join(dir, ".config", "kioslaverc"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	// A proxy variable that goes nowhere: the browser does not follow it
	// on KDE, so neither do the checks.
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	res := proxyRun(t, addr)
	f, _ := res.Find(check.NetProxy)
	if o := outcomes(res); o[check.NetProxy] != "proxy" || o[check.NetTCP] != "via-proxy" || f.Facts.String("source") != machine.ProxyKDE ||
		f.Facts.String("env_ignored") != "HTTPS_PROXY" {
		t.Errorf("outcomes %v facts %v, want KDE's proxy, HTTPS_PROXY named as not followed", o, f.Facts)
	}
	if tunnels.Load() < 1 {
		t.Errorf("the proxy saw %d CONNECTs (port %s)", tunnels.Load(), strconv.Quote(p))
	}
}
