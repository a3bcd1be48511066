package profile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/boundedio"
)

func TestDefaultProfile(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if p.DefaultPassword != "rootip" || p.SupportEmail != "mail@rootip.co.jp" {
		t.Errorf("password/support = %q/%q", p.DefaultPassword, p.SupportEmail)
	}
	if len(p.Domains) != 2 || p.Domains[0] != "rootip-cloud.net" || p.Domains[1] != "rootip-enterprise.net" {
		t.Errorf("domains = %v", p.Domains)
	}
	if p.Renewal.Start != "12-01" || p.Renewal.End != "01-10" || p.ExpiringSoonDays != 30 {
		t.Errorf("renewal = %+v, %d days", p.Renewal, p.ExpiringSoonDays)
	}
	for _, topic := range []string{"install", "restart", "selection", "install.mac", "install.firefox", "renewal", "troubleshooting",
		"security", "login", "check.delete", "support"} {
		if ref, ok := p.ManualRef(topic); !ok || ref.Section == "" || ref.Title.JA == "" || ref.Title.EN == "" || ref.Part.JA == "" {
			t.Errorf("manual reference for %s = %+v", topic, ref)
		}
	}
	if !strings.Contains(p.DownloadMenu.In("ja"), "電子証明書ダウンロード") || !strings.Contains(p.DownloadMenu.In("en"), "Certificate download") {
		t.Errorf("download menu = %+v", p.DownloadMenu)
	}
	if !p.IsVendorHost("acme.rootip-cloud.net") || p.IsVendorHost("rootip-cloud.net.evil.example") {
		t.Error("IsVendorHost")
	}
}

func TestLoadOverridesAndValidates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, err := Load(write("partial.json", `{"domains": ["Example-Cloud.JP"], "support_email": "help@example.jp"}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Domains[0] != "example-cloud.jp" || p.SupportEmail != "help@example.jp" || p.DefaultPassword != "rootip" {
		t.Errorf("override not applied over defaults: %+v", p)
	}
	for name, body := range map[string]string{
		"syntax":   `{"domains": [`,
		"unknown":  `{"domain": ["x"]}`,
		"nodomain": `{"domains": []}`,
		"renewal":  `{"renewal": {"start": "13-01", "end": "01-10"}}`,
		"email":    `{"support_email": "nobody"}`,
	} {
		if _, err := Load(write(name+".json", body)); err == nil {
			t.Errorf("%s: bad profile accepted", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing profile: %v", err)
	}
	if _, err := Load(write("huge.json", `{"domains": ["`+strings.Repeat("a", maxProfileSize)+`.jp"]}`)); !errors.Is(err, boundedio.ErrTooLarge) {
		t.Errorf("over-size profile: %v", err)
	}
	if _, err := Load(dir); !errors.Is(err, boundedio.ErrNotRegular) {
		t.Errorf("directory as profile: %v", err)
	}
}

func TestRenewalWindow(t *testing.T) {
	r := Renewal{Start: "12-01", End: "01-10"}
	jst := time.FixedZone("JST", 9*3600)
	for _, tc := range []struct {
		now  time.Time
		open bool
		end  string
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, jst), false, ""},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, jst), true, "2027-01-10"},
		{time.Date(2027, 1, 10, 23, 0, 0, 0, jst), true, "2027-01-10"},
		{time.Date(2027, 1, 11, 0, 0, 0, 0, jst), false, ""},
		{time.Date(2027, 6, 1, 0, 0, 0, 0, jst), false, ""},
	} {
		_, end, open := r.Window(tc.now)
		if open != tc.open || (open && end.Format("2006-01-02") != tc.end) {
			t.Errorf("Window(%s) = %v until %s, want %v until %s", tc.now, open, end, tc.open, tc.end)
		}
	}
	// A window inside one year.
	summer := Renewal{Start: "07-01", End: "07-31"}
	if _, _, open := summer.Window(time.Date(2026, 7, 15, 0, 0, 0, 0, jst)); !open {
		t.Error("July window closed in mid-July")
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "settings.json")
	s, err := LoadSettings(path)
	if err != nil || s.URL != "" {
		t.Fatalf("missing settings = %+v, %v", s, err)
	}
	if err := SaveSettings(path, Settings{URL: "https://acme.rootip-cloud.net/"}); err != nil {
		t.Fatal(err)
	}
	s, err = LoadSettings(path)
	if err != nil || s.URL != "https://acme.rootip-cloud.net/" {
		t.Fatalf("settings = %+v, %v", s, err)
	}
	if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(path); err == nil {
		t.Error("corrupt settings accepted")
	}
	// A password saved by an older version goes no further than the file.
	if err := os.WriteFile(path, []byte(`{"url": "https://user:s3cret@acme.rootip-cloud.net/"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadSettings(path); err != nil || s.URL != "" {
		t.Errorf("settings with userinfo = %+v, %v; want the URL dropped", s, err)
	}
	if err := os.WriteFile(path, []byte(`{"url": "`+strings.Repeat("a", maxSettingsSize)+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(path); !errors.Is(err, boundedio.ErrTooLarge) {
		t.Errorf("over-size settings: %v", err)
	}
}

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"acme.rootip-cloud.net", "https://acme.rootip-cloud.net/"},
		{" https://acme.rootip-cloud.net ", "https://acme.rootip-cloud.net/"},
		{"https://acme.rootip-cloud.net/login", "https://acme.rootip-cloud.net/login"},
		{"https://127.0.0.1:8443/", "https://127.0.0.1:8443/"},
		{"HTTPS://ACME.RootIP-Cloud.NET/Login", "https://acme.rootip-cloud.net/Login"}, // host lower-cased, path kept
		{"acme.rootip-cloud.net.", "https://acme.rootip-cloud.net/"},                   // trailing dot
		{"https://acme.rootip-cloud.net:443/", "https://acme.rootip-cloud.net:443/"},
		{"https://acme.rootip-cloud.net:1/", "https://acme.rootip-cloud.net:1/"},
		{"https://acme.rootip-cloud.net:65535/", "https://acme.rootip-cloud.net:65535/"},
		{"https://acme.rootip-cloud.net:08443/", "https://acme.rootip-cloud.net:8443/"},
		{"https://acme.rootip-cloud.net:/", "https://acme.rootip-cloud.net/"}, // empty port
		{"https://[::1]:8443/", "https://[::1]:8443/"},
		{"https://[::1]/", "https://[::1]/"},
		{"https://例え.jp/", "https://xn--r8jz45g.jp/"},                 // IDN to punycode
		{"ＡＣＭＥ.例え.jp", "https://acme.xn--r8jz45g.jp/"},                // full-width, upper case
		{"https://%E4%BE%8B%E3%81%88.jp/", "https://xn--r8jz45g.jp/"}, // escaped IDN
		{"https://XN--R8JZ45G.jp/", "https://xn--r8jz45g.jp/"},        // punycode in upper case
		{"https://acme.rootip-cloud.net/?a=b#top", "https://acme.rootip-cloud.net/?a=b#top"},
		{"https://acme.rootip-cloud.net/a@b?c=d@e", "https://acme.rootip-cloud.net/a@b?c=d@e"}, // @ outside the authority
	} {
		t.Run(tc.in, func(t *testing.T) {
			u, err := NormalizeURL(tc.in)
			if err != nil || u.String() != tc.want {
				t.Errorf("NormalizeURL(%q) = %v, %v; want %s", tc.in, u, err, tc.want)
			}
		})
	}
}

func TestNormalizeURLRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		userinfo bool
	}{
		{"empty", "", false},
		{"blank", "   ", false},
		{"http", "http://acme.rootip-cloud.net", false},
		{"ftp", "ftp://x", false},
		{"no host", "https://", false},
		{"port only", "https://:443/", false},
		{"opaque", "https:acme.rootip-cloud.net", false},
		{"user and password", "https://user:s3cret@acme.rootip-cloud.net/", true},
		{"user only", "https://user@acme.rootip-cloud.net/", true},
		{"userinfo without scheme", "user:s3cret@acme.rootip-cloud.net", true},
		{"userinfo with bad port", "https://user:s3cret@acme.rootip-cloud.net:99999/", true},
		{"userinfo over http", "http://user:s3cret@acme.rootip-cloud.net/", true},
		{"empty userinfo", "https://@acme.rootip-cloud.net/", true},
		{"userinfo that does not parse", "https://user:s3cret%zz@acme.rootip-cloud.net/", true},
		{"userinfo with a space", "https://user:s3cret x@acme.rootip-cloud.net/", true},
		{"port 0", "https://acme.rootip-cloud.net:0/", false},
		{"port 65536", "https://acme.rootip-cloud.net:65536/", false},
		{"port 99999", "https://acme.rootip-cloud.net:99999/", false},
		{"port huge", "https://acme.rootip-cloud.net:99999999999999999999/", false},
		{"port not numeric", "https://acme.rootip-cloud.net:https/", false},
		{"space in host", "https://acme rootip-cloud.net/", false},
		{"escaped space in host", "https://acme%20rootip-cloud.net/", false},
		{"tab in host", "https://acme\trootip-cloud.net/", false},
		{"escaped newline in host", "https://acme%0Arootip-cloud.net/", false},
		{"escaped NUL in host", "https://acme%00.rootip-cloud.net/", false},
		{"ideographic space in host", "https://acme\u3000rootip-cloud.net/", false},
		{"zero-width joiner in host", "https://ac\u200dme.rootip-cloud.net/", false},
		{"underscore label", "https://ac_me.rootip-cloud.net/", false},
		{"empty label", "https://acme..rootip-cloud.net/", false},
		{"only a dot", "https://./", false},
		{"ipv6 zone", "https://[fe80::1%25eth0]/", false},
		{"bad punycode", "https://xn--a.rootip-cloud.net/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, _ := strconv.Unquote(`"` + tc.in + `"`)
			u, err := NormalizeURL(in)
			if err == nil {
				t.Fatalf("NormalizeURL(%q) = %v, want an error", in, u)
			}
			if !errors.Is(err, ErrBadURL) || errors.Is(err, ErrUserinfo) != tc.userinfo {
				t.Errorf("NormalizeURL(%q) error %q: Is(ErrBadURL)=%v Is(ErrUserinfo)=%v, want true/%v",
					in, err, errors.Is(err, ErrBadURL), errors.Is(err, ErrUserinfo), tc.userinfo)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error repeats the userinfo: %q", err)
			}
		})
	}
}

func TestIsVendorHost(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"acme.rootip-cloud.net", true},
		{"rootip-cloud.net", true},
		{"a.b.rootip-enterprise.net", true},
		{"ACME.RootIP-Cloud.NET", true},
		{"acme.rootip-cloud.net.", true},
		{"ａｃｍｅ.ｒｏｏｔｉｐ－ｃｌｏｕｄ.ｎｅｔ", true}, // full-width maps to ASCII
		{"rootip-cloud.net.attacker.example", false},
		{"ROOTIP-CLOUD.NET.attacker.example.", false},
		{"acme.rootip-cloud.net.attacker.example", false},
		{"evilrootip-cloud.net", false},
		{"rootip-cloud.network", false},
		{"rootip-cloud.net-attacker.example", false},
		{"xn--rootip-cloud-net.example", false},
		{"rootip-cloud。net.attacker.example", false}, // ideographic full stop is a dot
		{"acme.rootip-cloud。net", true},
		{"", false},
		{".", false},
		{"acme rootip-cloud.net", false},
		{"127.0.0.1", false},
	} {
		t.Run(tc.host, func(t *testing.T) {
			if got := p.IsVendorHost(tc.host); got != tc.want {
				t.Errorf("IsVendorHost(%q) = %v, want %v", tc.host, got, tc.want)
			}
			if got := HostUnder(tc.host, p.Domains); got != tc.want {
				t.Errorf("HostUnder(%q) = %v, want %v", tc.host, got, tc.want)
			}
		})
	}
}

func TestCanonicalHost(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Acme.RootIP-Cloud.net.", "acme.rootip-cloud.net"},
		{"例え.jp", "xn--r8jz45g.jp"},
		{"xn--r8jz45g.JP", "xn--r8jz45g.jp"},
		{"[::1]", "::1"},
		{"0:0:0:0:0:0:0:1", "::1"},
		{"192.0.2.1", "192.0.2.1"},
		{"localhost", "localhost"},
	} {
		if got, err := CanonicalHost(tc.in); err != nil || got != tc.want {
			t.Errorf("CanonicalHost(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestProfileDomainsCanonical(t *testing.T) {
	p, err := Parse([]byte(`{"product_name": {"ja": "x"}, "domains": [" .Example-Cloud.JP ", "例え.jp"],
		"support_email": "a@b.jp", "renewal": {"start": "12-01", "end": "01-10"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Domains[0] != "example-cloud.jp" || p.Domains[1] != "xn--r8jz45g.jp" || !p.IsVendorHost("ACME.例え.JP") {
		t.Errorf("domains = %v", p.Domains)
	}
	for _, bad := range []string{"a b.jp", "a/b.jp", "a:1.jp", "", "."} {
		body := `{"product_name": {"ja": "x"}, "domains": [` + strconv.Quote(bad) + `], "support_email": "a@b.jp", "renewal": {"start": "12-01", "end": "01-10"}}`
		if _, err := Parse([]byte(body)); err == nil {
			t.Errorf("domain %q accepted", bad)
		}
	}
}

func TestManualRefAcceptsTheOldForm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(path, []byte(`{"manual": {"renewal": "3-3"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if ref, ok := p.ManualRef("renewal"); !ok || ref.Section != "3-3" {
		t.Errorf("old-style reference = %+v, %v", ref, ok)
	}
}

func TestExpiringSoonPolicy(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	jst := time.FixedZone("JST", 9*3600)
	nov := time.Date(2026, 11, 1, 12, 0, 0, 0, jst)
	dec := time.Date(2026, 12, 5, 12, 0, 0, 0, jst)
	jan10 := time.Date(2027, 1, 10, 9, 0, 0, 0, jst)
	if p.ExpiringSoon(jan10, nov) {
		t.Error("a certificate ending in 70 days is expiring soon in November")
	}
	if !p.ExpiringSoon(jan10, dec) || !p.RenewalOpen(dec) {
		t.Error("the renewal window does not mark the old certificate")
	}
	if p.ExpiringSoon(jan10.AddDate(1, 0, 0), dec) {
		t.Error("the successor valid a year is expiring soon")
	}
	if !p.ExpiringSoon(nov.Add(29*24*time.Hour), nov) {
		t.Error("29 days left is not expiring soon")
	}
}
