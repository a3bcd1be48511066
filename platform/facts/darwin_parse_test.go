package facts

import (
	"os"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/machine"
)

func rec(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDarwinRecordings(t *testing.T) {
	if got := parseSwVers(rec(t, "sw_vers.txt")); got.Name != "macOS" || got.Version != "14.1.1" || got.Build != "23B81" {
		t.Errorf("sw_vers = %+v", got)
	}
	if got := parseBootTime(rec(t, "kern.boottime.txt")); got.Unix() != 1700000000 {
		t.Errorf("boot time = %v", got)
	}
	got := parseScutilProxy(rec(t, "scutil-proxy.txt"))
	if got.Source != machine.ProxyScutil || got.HTTPS != "proxy.example.co.jp:8080" || got.PAC != "http://wpad.example.co.jp/proxy.pac" ||
		strings.Join(got.Bypass, ",") != "*.local,169.254/16" {
		t.Errorf("proxy = %+v", got)
	}
	if got := parseScutilProxy([]byte("<dictionary> {\n  FTPPassive : 1\n}\n")); got.Source != machine.ProxyNone {
		t.Errorf("no proxy = %+v", got)
	}
	if got := plistVersion(rec(t, "Chrome-Info.plist")); got != "118.0.5993.117" {
		t.Errorf("plist version = %q", got)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	browsers := parsePsBrowsers(rec(t, "ps-etime-comm.txt"), now)
	if browsers["Chrome"] != now.Add(-5*time.Minute-12*time.Second) || browsers["Safari"] != now.Add(-26*time.Hour-3*time.Minute-4*time.Second) || len(browsers) != 2 {
		t.Errorf("browsers = %v", browsers)
	}
	for _, bad := range []string{"", "x", "1:2:3:4", "a-01:00"} {
		if _, ok := parseEtime(bad); ok {
			t.Errorf("parseEtime(%q) accepted", bad)
		}
	}
}
