package pac

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"rootip-cert/internal/pac/pactest"
)

// TestMain runs every evaluation through the helper program, built once.
func TestMain(m *testing.M) { pactest.Main(m) }

// fakeDNS answers from a table: the script's DNS functions, without a network.
type fakeDNS map[string]string

func (f fakeDNS) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	if ip, ok := f[host]; ok {
		return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
	}
	return nil, errors.New("no such host")
}

var dns = fakeDNS{"acme.rootip-cloud.net": "203.0.113.10", "intra.corp.example": "10.1.2.3", "v6only.example": "2001:db8::1"}

// corporate is a PAC script of the shape IT departments write: exceptions
// by name and network, then a proxy with a fallback.
const corporate = `
function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (isInNet(host, "10.0.0.0", "255.0.0.0")) return "DIRECT";
  if (shExpMatch(host, "*.rootip-cloud.net")) return "PROXY proxy.corp.example:8080; DIRECT";
  return "SOCKS5 socks.corp.example:1080";
}`

func TestEvaluateCorporateScript(t *testing.T) {
	for _, tc := range []struct{ target, want string }{
		{"https://acme.rootip-cloud.net/login?user=x", "PROXY proxy.corp.example:8080; DIRECT"},
		{"https://intranet/", "DIRECT"},
		{"https://www.corp.example/", "DIRECT"},
		{"https://10.9.8.7/", "DIRECT"},
		{"https://example.org/", "SOCKS5 socks.corp.example:1080"},
	} {
		got, err := Evaluate(context.Background(), corporate, tc.target, dns)
		if err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.target, got, err, tc.want)
		}
	}
}

// TestHelperFunctions runs each helper function as scripts use it; every
// expression must be true.
func TestHelperFunctions(t *testing.T) {
	for _, expr := range []string{
		`isPlainHostName("www") && !isPlainHostName("www.example.com")`,
		`dnsDomainIs("www.Example.com", ".example.com") && !dnsDomainIs("www", ".example.com")`,
		`localHostOrDomainIs("www", "www.example.com") && localHostOrDomainIs("www.example.com", "www.example.com")`,
		`!localHostOrDomainIs("home.example.com", "www.example.com")`,
		`isResolvable("acme.rootip-cloud.net") && !isResolvable("nowhere.invalid")`,
		`dnsResolve("acme.rootip-cloud.net") === "203.0.113.10" && dnsResolve("v6only.example") === null`,
		`isInNet("intra.corp.example", "10.0.0.0", "255.0.0.0") && !isInNet("acme.rootip-cloud.net", "10.0.0.0", "255.0.0.0")`,
		`isInNet("203.0.113.10", "203.0.113.0", "255.255.255.0") && isInNet("255.1.1.1", "255.0.0.0", "255.0.0.0")`,
		`!isInNet("nowhere.invalid", "10.0.0.0", "255.0.0.0")`,
		`dnsDomainLevels("www") === 0 && dnsDomainLevels("www.example.com") === 2`,
		`shExpMatch("http://home.example.com/a/b", "*/a/*") && shExpMatch("ab.c", "a?.c") && !shExpMatch("abxc", "ab.c")`,
		`convert_addr("104.16.41.2") === 1745889538`,
		`/^\d+\.\d+\.\d+\.\d+$/.test(myIpAddress())`,
		`weekdayRange("SUN", "SAT") && weekdayRange("SUN", "SAT", "GMT") && !weekdayRange("XYZ")`,
		`timeRange(0, 23) && timeRange(0, 0, 23, 59, "GMT") && timeRange(0, 0, 0, 23, 59, 59)`,
		`dateRange(1, 31) && dateRange("JAN", "DEC") && dateRange(1995, 2999) && dateRange(1, "JAN", 31, "DEC")`,
		`dateRange(1, "JAN", 1995, 31, "DEC", 2999, "GMT") && !dateRange(1995, 1996) && !dateRange("JAN", 1, 3)`,
	} {
		script := `function FindProxyForURL(url, host) { return (` + expr + `) ? "DIRECT" : "PROXY false:1"; }`
		got, err := Evaluate(context.Background(), script, "https://acme.rootip-cloud.net/", dns)
		if err != nil || got != "DIRECT" {
			t.Errorf("%s: %q %v, want true", expr, got, err)
		}
	}
}

// TestWhatTheScriptSees: the path and query of an https address stay
// private, as in Chrome; the host is lower case.
func TestWhatTheScriptSees(t *testing.T) {
	script := `function FindProxyForURL(url, host) { return "PROXY " + url + "|" + host; }`
	got, err := Evaluate(context.Background(), script, "https://ACME.rootip-cloud.net:8443/secret?token=1", dns)
	if err != nil || got != "PROXY https://ACME.rootip-cloud.net:8443/|acme.rootip-cloud.net" {
		t.Fatalf("%q %v", got, err)
	}
}

func TestEvaluateFailures(t *testing.T) {
	for _, tc := range []struct{ name, script, code string }{
		{"syntax error", `function FindProxyForURL(url, host) { return "DIRECT" `, ErrScript},
		{"throws", `function FindProxyForURL(url, host) { throw new Error("no"); }`, ErrScript},
		{"no function", `var x = 1;`, ErrScript},
		{"returns nothing", `function FindProxyForURL(url, host) {}`, ErrScript},
		{"endless loop", `function FindProxyForURL(url, host) { for (;;) {} }`, ErrTimeout},
		{"endless at load", `while (true) {}`, ErrTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			_, err := Evaluate(ctx, tc.script, "https://acme.rootip-cloud.net/", dns)
			var pe *Error
			if !errors.As(err, &pe) || pe.Code != tc.code {
				t.Fatalf("error %v, want code %s", err, tc.code)
			}
		})
	}
}

func TestFirst(t *testing.T) {
	for _, tc := range []struct {
		answer string
		want   Route
		fails  bool
	}{
		{"PROXY p.corp:8080; DIRECT", Route{Host: "p.corp:8080"}, false},
		{"  direct ", Route{Direct: true}, false},
		{"HTTPS secure.corp:443; PROXY p:1", Route{Host: "p:1"}, false},
		{"SOCKS s:1080", Route{Scheme: "socks4", Host: "s:1080"}, false},
		{"SOCKS5 s:1080; DIRECT", Route{Scheme: "socks5", Host: "s:1080"}, false},
		{"HTTP h:3128", Route{Host: "h:3128"}, false},
		{"HTTPS only:443", Route{}, true},
		{"", Route{}, true},
		{"PROXY", Route{}, true},
	} {
		got, err := First(tc.answer)
		if got != tc.want || (err != nil) != tc.fails {
			t.Errorf("First(%q) = %+v, %v; want %+v, fails %v", tc.answer, got, err, tc.want, tc.fails)
		}
	}
}

func TestFetch(t *testing.T) {
	var viaProxy atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.IsAbs() {
			viaProxy.Add(1)
		}
		switch r.URL.Path {
		case "/proxy.pac":
			w.Write([]byte(corporate))
		case "/huge.pac":
			w.Write([]byte("//" + strings.Repeat("x", MaxScript)))
		case "/slow.pac":
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	// A proxy in the environment must not be used: the browser fetches
	// the script directly.
	t.Setenv("HTTP_PROXY", srv.URL)
	if got, err := Fetch(context.Background(), srv.URL+"/proxy.pac"); err != nil || got != corporate {
		t.Fatalf("fetch: %q %v", got, err)
	}
	if viaProxy.Load() != 0 {
		t.Fatalf("the script was fetched through HTTP_PROXY")
	}
	file := filepath.Join(t.TempDir(), "proxy.pac")
	if err := os.WriteFile(file, []byte(corporate), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := Fetch(context.Background(), "file://"+filepath.ToSlash(file)); err != nil || got != corporate {
		t.Fatalf("file: %q %v", got, err)
	}
	for _, tc := range []struct{ addr, code string }{
		{srv.URL + "/missing.pac", ErrDownload},
		{srv.URL + "/huge.pac", ErrDownload},
		{srv.URL + "/slow.pac", ErrTimeout},
		{"ftp://x/proxy.pac", ErrDownload},
		{"file:///nonexistent/proxy.pac", ErrDownload},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		_, err := Fetch(ctx, tc.addr)
		cancel()
		var pe *Error
		if !errors.As(err, &pe) || pe.Code != tc.code {
			t.Errorf("%s: error %v, want code %s", tc.addr, err, tc.code)
		}
	}
}
