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
		{"manual without any proxy: Chrome reads the environment", "[Proxy Settings]\nProxyType=1\nhttpsProxy=\nsocksProxy=//: 0\n", machine.Proxy{}, false},
		{"socks4:// in socksProxy", "[Proxy Settings]\nProxyType=1\nsocksProxy=socks4://s.corp 1080\n",
			machine.Proxy{Source: machine.ProxyKDE, SOCKS: "socks4://s.corp:1080"}, true},
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

// TestDesktopProxy: the desktop picks the source as Chrome does, and when
// its settings give a configuration the environment is not followed (but
// named); unreadable settings, a manual mode without any proxy and other
// desktops leave the environment; reversed KDE exceptions send only the
// listed hosts through the proxy.
func TestDesktopProxy(t *testing.T) {
	sys, _ := url.Parse("https://demo.rootip-cloud.net/")
	kde := []byte("[Proxy Settings]\nProxyType=1\nhttpsProxy=http://k.corp 3128\nNoProxyFor=.rootip-cloud.net\nReversedException=true\n")
	gs := func(out string) func() (string, error) { return func() (string, error) { return out, nil } }
	fail := func() (string, error) { return "", errors.New("no gsettings") }
	manualEmpty := "org.gnome.system.proxy mode 'manual'\norg.gnome.system.proxy.https host ''\norg.gnome.system.proxy.socks host ''\n"
	for _, tc := range []struct {
		name                   string
		env                    map[string]string
		gs                     func() (string, error)
		source, proxy, desktop string
		ignored                string
	}{
		{"GNOME wins over HTTPS_PROXY", map[string]string{"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, gs(gsettingsManual),
			machine.ProxyGNOME, "pro'xy.corp:3128", machine.ProxyGNOME, "HTTPS_PROXY"},
		{"GNOME none: direct, the environment not followed", map[string]string{"XDG_CURRENT_DESKTOP": "GNOME"}, gs("org.gnome.system.proxy mode 'none'\n"),
			machine.ProxyGNOME, "", machine.ProxyGNOME, "HTTPS_PROXY"},
		{"GNOME manual without a proxy: environment", map[string]string{"XDG_CURRENT_DESKTOP": "GNOME"}, gs(manualEmpty),
			machine.ProxyEnv, "env.corp:1", machine.ProxyGNOME, ""},
		{"GNOME without gsettings: environment", map[string]string{"XDG_CURRENT_DESKTOP": "GNOME"}, fail,
			machine.ProxyEnv, "env.corp:1", machine.ProxyGNOME, ""},
		{"KDE, reversed exception", map[string]string{"XDG_CURRENT_DESKTOP": "KDE"}, fail,
			machine.ProxyKDE, "k.corp:3128", machine.ProxyKDE, "HTTPS_PROXY"},
		{"XFCE: environment", map[string]string{"XDG_CURRENT_DESKTOP": "XFCE"}, gs(gsettingsManual),
			machine.ProxyEnv, "env.corp:1", machine.DesktopOther, ""},
		{"the first desktop Chrome knows decides", map[string]string{"XDG_CURRENT_DESKTOP": "XFCE:GNOME"}, gs(gsettingsManual),
			machine.ProxyEnv, "env.corp:1", machine.DesktopOther, ""},
		{"DESKTOP_SESSION mate is GNOME", map[string]string{"DESKTOP_SESSION": "mate"}, gs(gsettingsManual),
			machine.ProxyGNOME, "pro'xy.corp:3128", machine.ProxyGNOME, "HTTPS_PROXY"},
		{"DESKTOP_SESSION kde-plasma", map[string]string{"DESKTOP_SESSION": "kde-plasma"}, fail,
			machine.ProxyKDE, "k.corp:3128", machine.ProxyKDE, "HTTPS_PROXY"},
		{"no desktop session: environment", map[string]string{}, gs(gsettingsManual),
			machine.ProxyEnv, "env.corp:1", machine.DesktopNone, ""},
		{"a display, no desktop named: environment", map[string]string{"DISPLAY": ":0"}, gs(gsettingsManual),
			machine.ProxyEnv, "env.corp:1", machine.DesktopOther, ""},
		{"Wayland, an unknown desktop: environment", map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "sway"}, gs(gsettingsManual),
			machine.ProxyEnv, "env.corp:1", machine.DesktopOther, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"HTTPS_PROXY": "http://env.corp:1"}
			for k, v := range tc.env {
				env[k] = v
			}
			p := desktopProxy(desktopReaders{getenv: func(k string) string { return env[k] }, gsettings: tc.gs,
				kioslaverc: func() ([]byte, error) { return kde, nil }})
			if d := p.Decide(sys); p.Source != tc.source || d.Proxy != tc.proxy || p.Desktop != tc.desktop || p.EnvIgnored != tc.ignored {
				t.Fatalf("source %s desktop %s ignored %q decision %+v, want %s %s %s %q", p.Source, p.Desktop, p.EnvIgnored, d, tc.source, tc.desktop, tc.proxy, tc.ignored)
			}
		})
	}
}

// TestChromeEnv: the environment as Chrome reads it on Linux: lower case
// first, all_proxy before https_proxy, a written scheme dropped (HTTP),
// http_proxy alone leaving https direct, SOCKS_SERVER only when nothing
// else is set, SOCKS4 by SOCKS_VERSION or socks4://.
func TestChromeEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want machine.Proxy
	}{
		{"nothing", nil, machine.Proxy{Source: machine.ProxyNone}},
		{"lower case first", map[string]string{"https_proxy": "http://l:1", "HTTPS_PROXY": "http://u:2"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "https_proxy", HTTPS: "l:1"}},
		{"all_proxy wins", map[string]string{"ALL_PROXY": "a:3", "https_proxy": "h:4", "no_proxy": "x.example, y.example"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "ALL_PROXY", HTTPS: "a:3", Bypass: []string{"x.example", "y.example"}}},
		{"a socks5 scheme is dropped: HTTP", map[string]string{"all_proxy": "socks5://s:1080/"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "all_proxy", HTTPS: "s:1080"}},
		{"http_proxy alone: https direct", map[string]string{"http_proxy": "h:8080", "SOCKS_SERVER": "s:1080"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "http_proxy"}},
		{"SOCKS_SERVER is SOCKS5", map[string]string{"SOCKS_SERVER": "s:1080"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "SOCKS_SERVER", SOCKS: "socks5://s:1080"}},
		{"SOCKS_VERSION 4", map[string]string{"SOCKS_SERVER": "s:1080", "SOCKS_VERSION": "4"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "SOCKS_SERVER", SOCKS: "socks4://s:1080"}},
		{"socks4:// in SOCKS_SERVER", map[string]string{"SOCKS_SERVER": "socks4://s:1080"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "SOCKS_SERVER", SOCKS: "socks4://s:1080"}},
		{"socks4a:// is not SOCKS4 to Chrome", map[string]string{"SOCKS_SERVER": "socks4a://s:1080"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "SOCKS_SERVER", SOCKS: "socks5://s:1080"}},
		{"no_proxy alone is a (direct) configuration", map[string]string{"no_proxy": "*"},
			machine.Proxy{Source: machine.ProxyEnv, EnvVar: "no_proxy", Bypass: []string{"*"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := chromeEnv(func(k string) string { return tc.env[k] })
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("chromeEnv = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestKioslavercPath: where Chrome looks for kioslaverc.
func TestKioslavercPath(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		kde4 bool
		want string
	}{
		{"KDEHOME", map[string]string{"KDEHOME": "/k", "HOME": "/h"}, false, "/k/share/config/kioslaverc"},
		{"Plasma 5", map[string]string{"HOME": "/h", "KDE_SESSION_VERSION": "5", "XDG_CONFIG_HOME": "/x"}, false, "/h/.config/kioslaverc"},
		{"Plasma 6", map[string]string{"HOME": "/h", "KDE_SESSION_VERSION": "6"}, false, "/h/.config/kioslaverc"},
		{"KDE 4 with ~/.kde4", map[string]string{"HOME": "/h", "KDE_SESSION_VERSION": "4"}, true, "/h/.kde4/share/config/kioslaverc"},
		{"older KDE", map[string]string{"HOME": "/h"}, false, "/h/.kde/share/config/kioslaverc"},
		{"no home", nil, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := kioslavercPath(func(k string) string { return tc.env[k] }, func(string) bool { return tc.kde4 })
			if got != tc.want {
				t.Fatalf("kioslavercPath = %q, want %q", got, tc.want)
			}
		})
	}
}
