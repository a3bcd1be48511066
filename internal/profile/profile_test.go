package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing profile accepted")
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
}

func TestNormalizeURL(t *testing.T) {
	for in, want := range map[string]string{
		"acme.rootip-cloud.net":               "https://acme.rootip-cloud.net/",
		" https://acme.rootip-cloud.net ":     "https://acme.rootip-cloud.net/",
		"https://acme.rootip-cloud.net/login": "https://acme.rootip-cloud.net/login",
		"https://127.0.0.1:8443/":             "https://127.0.0.1:8443/",
	} {
		u, err := NormalizeURL(in)
		if err != nil || u.String() != want {
			t.Errorf("NormalizeURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	for _, bad := range []string{"", "http://acme.rootip-cloud.net", "https://", "ftp://x"} {
		if u, err := NormalizeURL(bad); err == nil {
			t.Errorf("NormalizeURL(%q) = %v, want an error", bad, u)
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
