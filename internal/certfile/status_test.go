package certfile

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
	"time"
	_ "time/tzdata" // the zones below on any machine

	"rootip-cert/internal/profile"
)

func TestEvaluate(t *testing.T) {
	p, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	jst := time.FixedZone("JST", 9*3600)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, jst) }
	// The vendor's certificates end on 10 January.
	cert := &x509.Certificate{NotBefore: day(2026, 1, 10), NotAfter: day(2027, 1, 10)}
	for _, tc := range []struct {
		name string
		now  time.Time
		want Status
		days int
		open bool
	}{
		{"mid-year", day(2026, 6, 1), Valid, 223, false},
		{"day before window opens, 41 days left", day(2026, 11, 30), Valid, 41, false},
		{"window open, certificate ends with it", day(2026, 12, 1), ExpiringSoon, 40, true},
		{"29 days left", day(2026, 12, 12), ExpiringSoon, 29, true},
		{"last day", day(2027, 1, 10).Add(-time.Hour), ExpiringSoon, 0, true},
		{"expired", day(2027, 1, 11), Expired, -1, false},
		{"before start (inside the previous window)", day(2026, 1, 9), NotYetValid, 366, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Evaluate(cert, tc.now, p)
			if v.Status != tc.want || v.DaysLeft != tc.days || v.RenewalOpen != tc.open {
				t.Fatalf("Evaluate = %+v, want %s, %d days, open %v", v, tc.want, tc.days, tc.open)
			}
		})
	}
	// The renewed certificate (ends 2028-01-10) stays valid during the window.
	renewed := &x509.Certificate{NotBefore: day(2026, 12, 1), NotAfter: day(2028, 1, 10)}
	if v := Evaluate(renewed, day(2026, 12, 15), p); v.Status != Valid {
		t.Fatalf("renewed certificate during the window = %s, want valid", v.Status)
	}
	// Outside the window, only the 30-day rule applies.
	short := &x509.Certificate{NotBefore: day(2026, 1, 1), NotAfter: day(2026, 7, 20)}
	if v := Evaluate(short, day(2026, 7, 1), p); v.Status != ExpiringSoon {
		t.Fatalf("19 days left in July = %s, want expiring-soon", v.Status)
	}
}

func TestMatchHost(t *testing.T) {
	domains := []string{"rootip-cloud.net", "rootip-enterprise.net"}
	for _, tc := range []struct {
		name string
		cert *x509.Certificate
		host string
		want Match
	}{
		{"CN equals host", certNamed("acme.rootip-cloud.net"), "acme.rootip-cloud.net", MatchExact},
		{"case and trailing dot", certNamed("ACME.rootip-cloud.net"), "acme.rootip-cloud.net.", MatchExact},
		{"SAN equals host", certNamed("x", "acme.rootip-enterprise.net"), "acme.rootip-enterprise.net", MatchExact},
		{"wildcard SAN", certNamed("x", "*.rootip-cloud.net"), "acme.rootip-cloud.net", MatchExact},
		{"wildcard is one label", certNamed("x", "*.rootip-cloud.net"), "a.b.rootip-cloud.net", MatchOtherEnvironment},
		{"another environment", certNamed("other.rootip-cloud.net"), "acme.rootip-cloud.net", MatchOtherEnvironment},
		{"unrelated", certNamed("intranet.example.co.jp"), "acme.rootip-cloud.net", MatchNone},
		{"vendor certificate, address not the vendor's", certNamed("acme.rootip-cloud.net"), "intranet.example.co.jp", MatchNone},
		{"lookalike domain", certNamed("acme.notrootip-cloud.net"), "acme.rootip-cloud.net", MatchNone},
		{"CN that is not a host name", certNamed("Taro Yamada"), "acme.rootip-cloud.net", MatchNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MatchHost(tc.cert, tc.host, domains); got != tc.want {
				t.Fatalf("MatchHost = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestUsageAndVendor(t *testing.T) {
	f := testPKI(t)
	domains := []string{"rootip-cloud.net"}
	if !AllowsClientAuth(f.expired.Cert) || !AllowsDigitalSignature(f.expired.Cert) {
		t.Error("client certificate reported unusable for client auth")
	}
	if AllowsClientAuth(f.serverOnly.Cert) || AllowsDigitalSignature(f.serverOnly.Cert) {
		t.Error("server-only certificate reported usable for client auth")
	}
	if !AllowsClientAuth(&x509.Certificate{}) || !AllowsDigitalSignature(&x509.Certificate{}) {
		t.Error("a certificate without usage extensions allows everything")
	}
	if !LooksLikeVendor(f.expired.Cert, domains) {
		t.Error("vendor certificate not recognised")
	}
	if LooksLikeVendor(certNamed("intranet.example.co.jp"), domains) {
		t.Error("unrelated certificate taken for the vendor's")
	}
}

func certNamed(cn string, sans ...string) *x509.Certificate {
	c := &x509.Certificate{DNSNames: sans}
	c.Subject.CommonName = cn
	return c
}

func TestVendorNamesAreWholeNames(t *testing.T) {
	domains := []string{"rootip-cloud.net"}
	for _, tc := range []struct {
		cn   string
		want bool
	}{
		{"acme.rootip-cloud.net", true},
		{"rootip-cloud.net", true},
		{"rootip-cloud.net CA", true},
		{"rootip-cloud.net.attacker.example", false},
		{"evilrootip-cloud.net", false},
	} {
		c := &x509.Certificate{Subject: pkix.Name{CommonName: tc.cn}}
		if got := LooksLikeVendor(c, domains); got != tc.want {
			t.Errorf("LooksLikeVendor(%q) = %v", tc.cn, got)
		}
	}
}

// TestDaysLeftCountsCalendarDays: days left are calendar days in the
// user's time zone, whatever the hour: 2027/01/10 seen from 2026/12/05 is
// 36 days away (the whole 24-hour periods, 35, read as one day short), a
// certificate ending exactly a year from today has 365, a minute either
// side of midnight makes a day's difference, and a daylight-saving change
// (a day of 23 hours) is still one day.
func TestDaysLeftCountsCalendarDays(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	for _, tc := range []struct {
		name     string
		end, now time.Time
		loc      *time.Location
		want     int
	}{
		{"the issue's case: 09:00 end seen at 10:00", at(tokyo, 2027, 1, 10, 9, 0), at(tokyo, 2026, 12, 5, 10, 0), tokyo, 36},
		{"a year from today, an hour earlier", at(tokyo, 2027, 12, 5, 9, 0), at(tokyo, 2026, 12, 5, 10, 0), tokyo, 365},
		{"ends at 00:01 tomorrow, seen at 23:59", at(tokyo, 2026, 12, 6, 0, 1), at(tokyo, 2026, 12, 5, 23, 59), tokyo, 1},
		{"ends at 23:59 today, seen at 00:01", at(tokyo, 2026, 12, 5, 23, 59), at(tokyo, 2026, 12, 5, 0, 1), tokyo, 0},
		{"ended at 23:59 yesterday, seen at 00:01", at(tokyo, 2026, 12, 4, 23, 59), at(tokyo, 2026, 12, 5, 0, 1), tokyo, -1},
		// The same instants from UTC: 2026-12-05 14:59 UTC is 23:59 in
		// Tokyo; the day is the user's, not UTC's.
		{"Tokyo's midnight is not UTC's", at(time.UTC, 2026, 12, 5, 15, 1), at(time.UTC, 2026, 12, 5, 14, 59), tokyo, 1},
		{"across the spring-forward night", at(ny, 2027, 3, 15, 9, 0), at(ny, 2027, 3, 13, 10, 0), ny, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := daysLeftIn(tc.end, tc.now, tc.loc); got != tc.want {
				t.Errorf("days left = %d, want %d", got, tc.want)
			}
		})
	}
}
