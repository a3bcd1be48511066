package facts

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"rootip-cert/internal/machine"
)

// gsettingsManual is `gsettings list-recursively org.gnome.system.proxy`
// as the real tool prints it (gsettings-desktop-schemas 43), with a quote
// in a host and the http authentication password, which must not be kept.
const gsettingsManual = `org.gnome.system.proxy autoconfig-url ''
org.gnome.system.proxy ignore-hosts ['localhost', '127.0.0.0/8', '::1', '*.intra.example']
org.gnome.system.proxy mode 'manual'
org.gnome.system.proxy use-same-proxy true
org.gnome.system.proxy.http authentication-password 'secret'
org.gnome.system.proxy.http host 'h.corp'
org.gnome.system.proxy.http port 8080
org.gnome.system.proxy.https host "pro'xy.corp"
org.gnome.system.proxy.https port 3128
org.gnome.system.proxy.socks host ''
org.gnome.system.proxy.socks port 0
`

func TestParseGSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  string
		want machine.Proxy
		ok   bool
	}{
		{"manual", gsettingsManual, machine.Proxy{Source: machine.ProxyGNOME, HTTPS: "pro'xy.corp:3128",
			Bypass: []string{"localhost", "127.0.0.0/8", "::1", "*.intra.example"}}, true},
		{"SOCKS only", "org.gnome.system.proxy mode 'manual'\norg.gnome.system.proxy ignore-hosts @as []\n" +
			"org.gnome.system.proxy.https host ''\norg.gnome.system.proxy.socks host 's.corp'\norg.gnome.system.proxy.socks port 0\n",
			machine.Proxy{Source: machine.ProxyGNOME, SOCKS: "socks5://s.corp:1080"}, true},
		{"auto with a PAC URL", "org.gnome.system.proxy mode 'auto'\norg.gnome.system.proxy autoconfig-url 'http://u:pw@pac.corp/p.pac'\n" +
			"org.gnome.system.proxy.https host 'ignored.corp'\norg.gnome.system.proxy.https port 1\n",
			machine.Proxy{Source: machine.ProxyGNOME, PAC: "http://pac.corp/p.pac"}, true},
		{"auto without a URL is WPAD", "org.gnome.system.proxy mode 'auto'\norg.gnome.system.proxy autoconfig-url ''\n",
			machine.Proxy{Source: machine.ProxyGNOME, AutoDetect: true}, true},
		{"none", "org.gnome.system.proxy mode 'none'\norg.gnome.system.proxy.https host 'x'\n", machine.Proxy{Source: machine.ProxyGNOME}, true},
		{"no schema", "No such schema “org.gnome.system.proxy”\n", machine.Proxy{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseGSettings(tc.out)
			if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parseGSettings = %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseKioslaverc(t *testing.T) {
	env := func(k string) string { return map[string]string{"MY_PROXY": "http://e.corp:8081"}[k] }
	for _, tc := range []struct {
		name, file string
		want       machine.Proxy
		ok         bool
	}{
		{"manual, KDE 5 host space port", "[Proxy Settings]\nProxyType=1\nhttpsProxy=http://k.corp 3128\nNoProxyFor=.intra.example,localhost\n",
			machine.Proxy{Source: machine.ProxyKDE, HTTPS: "k.corp:3128", Bypass: []string{".intra.example", "localhost"}}, true},
		{"manual SOCKS", "[Proxy Settings]\nProxyType=1\nhttpsProxy=\nsocksProxy=socks://s.corp 1080\n",
			machine.Proxy{Source: machine.ProxyKDE, SOCKS: "socks5://s.corp:1080"}, true},
		{"reversed exceptions", "[Proxy Settings]\nProxyType=1\nhttpsProxy=k.corp:1\nNoProxyFor=only.example\nReversedException=true\n",
			machine.Proxy{Source: machine.ProxyKDE, HTTPS: "k.corp:1", Bypass: []string{"only.example"}, BypassReversed: true}, true},
		{"script", "[Other]\nProxyType=1\n[Proxy Settings]\nProxyType=2\nProxy Config Script=http://pac.corp/p.pac\n",
			machine.Proxy{Source: machine.ProxyKDE, PAC: "http://pac.corp/p.pac"}, true},
		{"detect", "[Proxy Settings]\nProxyType[$i]=3\n", machine.Proxy{Source: machine.ProxyKDE, AutoDetect: true}, true},
		{"environment variables named", "[Proxy Settings]\nProxyType=4\nhttpsProxy=MY_PROXY\n",
			machine.Proxy{Source: machine.ProxyKDE, HTTPS: "e.corp:8081"}, true},
		{"none", "[Proxy Settings]\nProxyType=0\nhttpsProxy=http://k.corp 3128\n", machine.Proxy{Source: machine.ProxyKDE}, true},
		{"no proxy section", "[General]\nx=1\n", machine.Proxy{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseKioslaverc([]byte(tc.file), env)
			if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parseKioslaverc = %+v %v, want %+v %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestDesktopProxy: the desktop picks the source; unreadable settings and
// other desktops leave the environment; reversed KDE exceptions send only
// the listed hosts through the proxy.
func TestDesktopProxy(t *testing.T) {
	sys, _ := url.Parse("https://demo.rootip-cloud.net/")
	kde := []byte("[Proxy Settings]\nProxyType=1\nhttpsProxy=http://k.corp 3128\nNoProxyFor=.rootip-cloud.net\nReversedException=true\n")
	fail := func() (string, error) { return "", errors.New("no gsettings") }
	for _, tc := range []struct {
		name, desktop string
		gs            func() (string, error)
		source, proxy string
	}{
		{"GNOME", "ubuntu:GNOME", func() (string, error) { return gsettingsManual, nil }, machine.ProxyGNOME, "pro'xy.corp:3128"},
		{"GNOME without gsettings: environment", "GNOME", fail, machine.ProxyEnv, "env.corp:1"},
		{"KDE, reversed exception", "KDE", fail, machine.ProxyKDE, "k.corp:3128"},
		{"XFCE: environment", "XFCE", func() (string, error) { return gsettingsManual, nil }, machine.ProxyEnv, "env.corp:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"XDG_CURRENT_DESKTOP": tc.desktop, "HTTPS_PROXY": "http://env.corp:1"}
			p := desktopProxy(desktopReaders{getenv: func(k string) string { return env[k] }, gsettings: tc.gs,
				kioslaverc: func() ([]byte, error) { return kde, nil }})
			if d := p.Decide(sys); p.Source != tc.source || d.Proxy != tc.proxy {
				t.Fatalf("source %s decision %+v, want %s %s", p.Source, d, tc.source, tc.proxy)
			}
		})
	}
}
