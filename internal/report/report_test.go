package report

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/idna"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
	goldenfile "rootip-cert/internal/testsupport/golden"
	"rootip-cert/internal/testsupport/ziptest"
)

var fixedNow = time.Date(2026, 12, 15, 10, 30, 0, 0, time.FixedZone("JST", 9*3600))

// built is in's report; a Build error ends the test.
func built(t *testing.T, in Input) *Report {
	t.Helper()
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// zipped is rep's Japanese ZIP bundle read back: each entry's contents and
// date by its name.
func zipped(t *testing.T, rep *Report, in Input) (map[string][]byte, map[string]time.Time) {
	t.Helper()
	data, err := rep.ZIP(i18n.New(i18n.JA), in.Profile)
	if err != nil {
		t.Fatal(err)
	}
	entries, dates := map[string][]byte{}, map[string]time.Time{}
	for _, m := range ziptest.Read(t, data) {
		entries[m.Name], dates[m.Name] = m.Data, m.Modified
	}
	return entries, dates
}

func sampleInput(t *testing.T) (Input, *certfile.Identity) {
	t.Helper()
	p := pkitest.Get(t)
	u, _ := url.Parse("https://" + pkitest.Host + "/")
	return Input{
		Now: fixedNow, AppVersion: "1.0.0", Lang: "ja", UserID: "test@rootip.co.jp", SystemAddress: u, Profile: pkitest.Profile(t),
		OS:        machine.OSInfo{Name: "Windows 10", Version: "22H2", Build: "19045.3693"},
		Browsers:  []machine.Browser{{Name: "Chrome", Version: "118.0.5993.118", Running: true}, {Name: "Edge", Version: "119.0.2151.58"}},
		Firefox:   []FirefoxProf{{Name: "default-release", Location: "C:/Users/u/AppData/Roaming/Mozilla/Firefox/Profiles/x.default-release", OSClientCerts: true}},
		Inventory: []store.Entry{pkitest.Entry(p.Current, "windows", `CurrentUser\MY`, true)},
		Verdict:   "problem", Next: "net.http",
		Result: check.Result{Failed: 1, Warnings: 1, Findings: []check.Finding{
			{ID: "cert.installed", Status: check.OK, Outcome: "installed", Duration: 3 * time.Millisecond,
				Facts: check.Facts{"present": []any{map[string]any{"reader": "chrome-edge", "location": `CurrentUser\MY`}}}},
			{ID: "cert.expiry", Status: check.Warn, Outcome: "expiring", Duration: time.Millisecond,
				Facts: check.Facts{"name": pkitest.Host, "issuer": "rootip-cloud.net", "not_after": "2027-01-10T00:00:00Z", "days_left": float64(25)}},
			{ID: "net.http", Status: check.Fail, Outcome: "forbidden", Duration: 120 * time.Millisecond, Facts: check.Facts{"status": float64(403)}},
			{ID: "net.proxy", Status: check.OK, Outcome: "proxy", Duration: 40 * time.Millisecond, Facts: check.Facts{
				"source": "wininet", "https": "proxy.example.co.jp:8080", "pac": "http://wpad/wpad.dat",
				"via": "pac", "proxy": "pac-answer.example.co.jp:3128", "script": "http://wpad/wpad.dat"}},
		}},
		Done:        []string{"browser-restart", "cache"},
		SupportCode: "7KXM-3WTA-R9HE",
		Renewal: &Renewal{State: "due", WindowOpen: true, WindowEnd: time.Date(2027, 1, 10, 23, 59, 59, 0, time.FixedZone("JST", 9*3600)),
			CurrentUntil: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)},
	}, p.Current
}

func normalize(s string) string {
	return regexp.MustCompile(`[0-9A-F]{64}`).ReplaceAllString(s, "SHA256")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), normalize(got), "go test ./internal/report -update")
}

func TestTextAndJSONGolden(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		golden(t, "report."+string(l)+".txt", rep.Text(i18n.New(l), in.Profile))
	}
	js, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", string(js))
	// The template's sections, in the manual's order.
	text := rep.Text(i18n.New(i18n.JA), in.Profile)
	last := -1
	for _, s := range []string{"利用者様情報", "利用端末情報", "利用ブラウザ情報", "エラーになる画面のキャプチャ", "実施したトラブルシューティング"} {
		i := strings.Index(text, s)
		if i <= last {
			t.Fatalf("section %s missing or out of order", s)
		}
		last = i
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestZIPBundle(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	shot := filepath.Join(t.TempDir(), "エラー画面.png")
	if err := os.WriteFile(shot, pngBytes(t, 64, 48), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := rep.AddScreenshot(shot); err != nil {
		t.Fatal(err)
	}
	entries, dates := zipped(t, rep, in)
	for name, date := range dates {
		// Dated when the report was made, not zip's 1980-01-01 default.
		if d := date.Sub(fixedNow); d < -2*time.Second || d > 2*time.Second {
			t.Errorf("%s is dated %v, want %v", name, date, fixedNow)
		}
	}
	if len(entries) != 3 {
		t.Fatalf("entries = %v", keys(entries))
	}
	if !strings.Contains(string(entries["report.txt"]), "ユーザID: test@rootip.co.jp") {
		t.Error("report.txt lacks the user ID")
	}
	var back Report
	if err := json.Unmarshal(entries["report.json"], &back); err != nil || back.UserID != "test@rootip.co.jp" || len(back.Screenshots) != 1 {
		t.Errorf("report.json = %+v, %v", back, err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(entries["screenshot-1.png"])); err != nil || cfg.Width != 64 {
		t.Errorf("screenshot entry: %v", err)
	}
	if name := rep.FileName(); name != "rootip-report-20261215-103000-test_at_rootip.co.jp.zip" {
		t.Errorf("FileName = %s", name)
	}
	// Without a user ID the name ends at the time (no English "unknown").
	rep.UserID = ""
	if name := rep.FileName(); name != "rootip-report-20261215-103000.zip" {
		t.Errorf("FileName without a user ID = %s", name)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestBadScreenshots(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := rep.AddScreenshot(write("text.png", []byte("not an image at all"))); err == nil || !strings.Contains(err.Error(), ErrNotImage.Error()) {
		t.Errorf("text file: %v", err)
	}
	huge := write("huge.png", nil)
	if err := os.Truncate(huge, MaxScreenshotBytes+1); err != nil {
		t.Fatal(err)
	}
	if err := rep.AddScreenshot(huge); err == nil || !strings.Contains(err.Error(), ErrImageTooLarge.Error()) {
		t.Errorf("huge file: %v", err)
	}
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	if err := rep.AddScreenshot(write("anim.gif", gif)); err == nil {
		t.Error("a GIF was accepted")
	}
	if err := rep.AddScreenshot(filepath.Join(dir, "missing.png")); err == nil {
		t.Error("a missing file was accepted")
	}
	if len(rep.Screenshots) != 0 {
		t.Errorf("refused images were attached: %d", len(rep.Screenshots))
	}
}

func TestMailto(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	prof := in.Profile
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		link := rep.Mailto(i18n.New(l), prof)
		if len(link) > MaxMailtoLength {
			t.Fatalf("%s mailto is %d characters", l, len(link))
		}
		u, err := url.Parse(link)
		if err != nil || u.Scheme != "mailto" || u.Opaque != "mail@rootip.co.jp" {
			t.Fatalf("mailto = %q, %v", link, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if subject := q.Get("subject"); !strings.Contains(subject, "test@rootip.co.jp") || !strings.Contains(subject, "7KXM-3WTA-R9HE") ||
			subject != rep.Subject(i18n.New(l)) {
			t.Errorf("subject = %q", subject)
		}
		body := q.Get("body")
		if !strings.Contains(body, rep.FileName()) {
			t.Errorf("%s body does not say to attach the ZIP", l)
		}
		if strings.Contains(link, "+") {
			t.Errorf("spaces must be %%20 in mailto (RFC 6068): %s", link[:80])
		}
		if l == i18n.JA && !strings.Contains(body, "利用者様情報") {
			t.Error("the Japanese body lost its head")
		}
	}
}

// TestSubjectNamesVerdictAndCode: the helpdesk triages by the subject:
// 「【電子証明書】診断で問題あり(コード XXXX-XXXX-XXXX)」 and its English: the
// verdict in words, never a claim the run did not make.
func TestSubjectNamesVerdictAndCode(t *testing.T) {
	in, _ := sampleInput(t)
	in.UserID = ""
	for _, tc := range []struct {
		lang          i18n.Lang
		verdict, code string
		warnings      int
		want          string
	}{
		{i18n.JA, "problem", "7KXM-3WTA-R9HE", 1, "【電子証明書】診断で問題あり(コード 7KXM-3WTA-R9HE)"},
		{i18n.EN, "problem", "7KXM-3WTA-R9HE", 0, "[Certificate] The checks found a problem (code 7KXM-3WTA-R9HE)"},
		{i18n.JA, "incomplete", "7KXM-3WTA-R9HE", 1, "【電子証明書】診断で確認できていない項目あり(コード 7KXM-3WTA-R9HE)"},
		{i18n.EN, "ok", "", 0, "[Certificate] The checks found no problem"},
		{i18n.JA, "ok", "7KXM-3WTA-R9HE", 0, "【電子証明書】診断では問題なし(コード 7KXM-3WTA-R9HE)"},
		// Two usable certificates: ok, with a row to look at (flow.Diagnosis.Wording).
		{i18n.JA, "ok", "7KXM-3WTA-R9HE", 1, "【電子証明書】診断では問題なし(注意が必要な項目あり)(コード 7KXM-3WTA-R9HE)"},
		{i18n.EN, "ok", "", 1, "[Certificate] The checks found no problem, with something to look at"},
	} {
		in.Verdict, in.SupportCode, in.Result.Warnings = tc.verdict, tc.code, tc.warnings
		rep := built(t, in)
		if got := rep.Subject(i18n.New(tc.lang)); got != tc.want {
			t.Errorf("%s %s: subject = %q, want %q", tc.lang, tc.verdict, got, tc.want)
		}
	}
}

// TestTriageFieldsAtTheTop: the JSON names the tool and format, and carries
// the support code, the verdict and the outcomes of the checks that are
// not ok at the top level.
func TestTriageFieldsAtTheTop(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	js, _ := rep.JSON()
	var doc struct {
		Tool        string            `json:"tool"`
		Format      int               `json:"report_format"`
		SupportCode string            `json:"support_code"`
		Verdict     string            `json:"verdict"`
		Outcomes    map[string]string `json:"outcomes"`
		Renewal     *Renewal          `json:"renewal"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tool != "rootip-cert" || doc.Format != Format || doc.SupportCode != "7KXM-3WTA-R9HE" || doc.Verdict != "problem" ||
		len(doc.Outcomes) != 2 || doc.Outcomes["net.http"] != "forbidden" || doc.Outcomes["cert.expiry"] != "expiring" ||
		doc.Renewal == nil || doc.Renewal.State != "due" {
		t.Errorf("top level = %+v", doc)
	}
}

func TestMask(t *testing.T) {
	in, _ := sampleInput(t)
	in.Mask = true
	in.Home = "C:/Users/u"
	in.Result.Findings = append(in.Result.Findings,
		check.Finding{ID: "net.dns", Status: check.OK, Outcome: "resolved", Facts: check.Facts{"host": "ACME.rootip-cloud.net.", "addrs": []any{"203.0.113.7"}}},
		check.Finding{ID: "cert.match", Status: check.Fail, Outcome: "other-env", Facts: check.Facts{"name": "Beta.Rootip-Enterprise.net", "host": "beta.rootip-enterprise.net"}})
	rep := built(t, in)
	all := rep.Text(i18n.New(i18n.JA), in.Profile) + rep.Text(i18n.New(i18n.EN), in.Profile)
	js, _ := rep.JSON()
	all += string(js)
	lower := strings.ToLower(all)
	for _, secret := range []string{"test@rootip.co.jp", "acme.rootip-cloud.net", "beta.rootip-enterprise.net", "アクメ株式会社", "c:/users/u/"} {
		if strings.Contains(lower, strings.ToLower(secret)) {
			t.Errorf("masked report still shows %q", secret)
		}
	}
	if rep.UserID != "t***@r***.co.jp" || !strings.Contains(rep.SystemAddress, "a***.rootip-cloud.net") {
		t.Errorf("masked = %q %q", rep.UserID, rep.SystemAddress)
	}
	if !strings.Contains(all, "rootip-cloud.net") {
		t.Error("the vendor's own domain was masked too")
	}
}

// TestMaskPunycodeSpellings: a customer host with a Japanese label is
// masked in both spellings, whichever one the system address and the
// checks used (a browser shows one, DNS the other).
func TestMaskPunycodeSpellings(t *testing.T) {
	const unicodeHost, asciiHost = "ねこ.rootip-cloud.net", "xn--28j8b.rootip-cloud.net"
	if a, err := idna.ToASCII(unicodeHost); err != nil || a != asciiHost {
		t.Fatalf("the test's own spellings disagree: %q, %v", a, err)
	}
	for _, addr := range []string{asciiHost, unicodeHost} {
		in, _ := sampleInput(t)
		in.Mask = true
		in.SystemAddress = &url.URL{Scheme: "https", Host: addr, Path: "/"}
		other := map[string]string{asciiHost: unicodeHost, unicodeHost: asciiHost}[addr]
		in.Result.Findings = append(in.Result.Findings,
			check.Finding{ID: "net.http", Status: check.OK, Outcome: "redirect", Facts: check.Facts{"location": "https://" + strings.ToUpper(other) + "./login"}})
		rep := built(t, in)
		js, _ := rep.JSON()
		all := strings.ToLower(rep.Text(i18n.New(i18n.JA), in.Profile) + rep.Text(i18n.New(i18n.EN), in.Profile) + string(js))
		for _, secret := range []string{asciiHost, unicodeHost, "xn--28j8b", "ねこ"} {
			if strings.Contains(all, secret) {
				t.Errorf("system address %s: the masked report still shows %q", addr, secret)
			}
		}
	}
}

// TestBuildNeverEditsItsInput: masking works on the report's copies, so a
// caller that builds again without masking sees the original.
func TestBuildNeverEditsItsInput(t *testing.T) {
	in, _ := sampleInput(t)
	in.Mask = true
	in.Result.Findings[1].Facts["name"] = pkitest.Host
	if _, err := Build(in); err != nil {
		t.Fatal(err)
	}
	if in.Result.Findings[1].Facts["name"] != pkitest.Host || in.UserID != "test@rootip.co.jp" {
		t.Fatalf("Build changed its input: %v %q", in.Result.Findings[1].Facts, in.UserID)
	}
	in.Mask = false
	rep := built(t, in)
	if !strings.Contains(rep.Text(i18n.New(i18n.JA), in.Profile), pkitest.Host) {
		t.Error("an unmasked build after a masked one is still masked")
	}
}

// TestProxyCredentialsNeverReachTheReport: a proxy password planted in the
// settings is in no format of the report, which takes its proxy from the
// net.proxy check that used them.
func TestProxyCredentialsNeverReachTheReport(t *testing.T) {
	in, _ := sampleInput(t)
	env := &check.Env{URL: in.SystemAddress, Proxy: machine.FromEnv(func(k string) string {
		if k == "HTTPS_PROXY" {
			return "http://alice:s3cr3t-pw@proxy.example.co.jp:3128"
		}
		return ""
	})}
	in.Result = check.RunDefs(context.Background(), env, check.Select(check.NetProxy), time.Second)
	rep := built(t, in)
	if rep.Proxy.Used != "proxy.example.co.jp:3128" || rep.Proxy.Via != machine.ViaEnv {
		t.Errorf("report proxy = %+v, want the check's decision", rep.Proxy)
	}
	js, _ := rep.JSON()
	zipData, _ := rep.ZIP(i18n.New(i18n.JA), in.Profile)
	for _, out := range []string{rep.Text(i18n.New(i18n.JA), in.Profile), string(js), string(zipData), rep.Mailto(i18n.New(i18n.EN), in.Profile)} {
		if strings.Contains(out, "s3cr3t-pw") || strings.Contains(out, "alice") {
			t.Fatal("the proxy credentials reached the report")
		}
	}
	if !strings.Contains(rep.Text(i18n.New(i18n.JA), in.Profile), "proxy.example.co.jp:3128") {
		t.Error("the proxy itself is missing from the report")
	}
}

// TestProxyIsTheChecksDecision: the report's proxy is the one the checks
// used for the system address (here a PAC answer), not the manual setting
// beside it; a run without net.proxy says the proxy was not checked.
func TestProxyIsTheChecksDecision(t *testing.T) {
	in, _ := sampleInput(t)
	rep := built(t, in)
	ja := ProxyText(i18n.New(i18n.JA), rep)
	if rep.Proxy.Used != "pac-answer.example.co.jp:3128" || !strings.Contains(ja, "確認に使ったプロキシ pac-answer.example.co.jp:3128") {
		t.Errorf("proxy %+v, text %q: want the PAC's answer", rep.Proxy, ja)
	}
	in.Result.Findings = in.Result.Findings[:len(in.Result.Findings)-1]
	rep = built(t, in)
	if got := ProxyText(i18n.New(i18n.EN), rep); !strings.Contains(got, "not checked") {
		t.Errorf("without net.proxy: %q", got)
	}
}

// TestDirectProxyNamesNoSettings: with nothing configured the report says
// the check went direct, without a code for the settings
// (「確認は直接接続(none)」 before); configured settings keep theirs.
func TestDirectProxyNamesNoSettings(t *testing.T) {
	for _, tc := range []struct {
		p    Proxy
		want string
	}{
		{Proxy{Source: machine.ProxyNone, Via: machine.ViaNone}, "確認は直接接続"},
		{Proxy{Source: machine.ProxyGNOME, Via: machine.ViaFixed, Used: "g:1", HTTPS: "g:1"}, "確認に使ったプロキシ g:1 / HTTPS プロキシ g:1(gnome)"},
	} {
		if got := ProxyText(i18n.New(i18n.JA), &Report{Proxy: tc.p}); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestUnknownStep(t *testing.T) {
	in, _ := sampleInput(t)
	in.Done = []string{"reboot"}
	if _, err := Build(in); err == nil {
		t.Fatal("an unknown step was accepted")
	}
}

// TestNoKeyMaterial: the report model has no place for a key; prove that
// nothing derived from the identity's key reaches any format.
func TestNoKeyMaterial(t *testing.T) {
	in, id := sampleInput(t)
	rep := built(t, in)
	der, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		t.Fatal(err)
	}
	zipData, _ := rep.ZIP(i18n.New(i18n.JA), in.Profile)
	js, _ := rep.JSON()
	for _, out := range [][]byte{[]byte(rep.Text(i18n.New(i18n.JA), in.Profile)), []byte(rep.Text(i18n.New(i18n.EN), in.Profile)), js, zipData,
		[]byte(rep.Mailto(i18n.New(i18n.JA), in.Profile))} {
		if bytes.Contains(out, []byte("PRIVATE KEY")) || bytes.Contains(out, der[len(der)-32:]) ||
			bytes.Contains(bytes.ToUpper(out), []byte(strings.ToUpper(hex.EncodeToString(der[len(der)-32:])))) {
			t.Fatal("key material in the report")
		}
	}
}

// TestProxyDesktopDecides: on Linux the report keeps which desktop decided
// and names a proxy variable that is set but not followed.
func TestProxyDesktopDecides(t *testing.T) {
	in, _ := sampleInput(t)
	env := &check.Env{URL: in.SystemAddress, Proxy: machine.Proxy{Source: machine.ProxyGNOME, HTTPS: "g.example.co.jp:3128",
		Desktop: machine.ProxyGNOME, EnvIgnored: "HTTPS_PROXY"}}
	in.Result = check.RunDefs(context.Background(), env, check.Select(check.NetProxy), time.Second)
	rep := built(t, in)
	if rep.Proxy.Desktop != machine.ProxyGNOME || rep.Proxy.EnvIgnored != "HTTPS_PROXY" {
		t.Errorf("report proxy = %+v", rep.Proxy)
	}
	if got := ProxyText(i18n.New(i18n.JA), rep); !strings.Contains(got, "環境変数 HTTPS_PROXY はブラウザが読まないため未使用") {
		t.Errorf("text %q", got)
	}
}
