package report

import (
	"archive/zip"
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"flag"
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

	"rootip-cert/internal/check"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

var fixedNow = time.Date(2026, 12, 15, 10, 30, 0, 0, time.FixedZone("JST", 9*3600))

func sampleInput(t *testing.T) (Input, *pki.Leaf) {
	t.Helper()
	prof, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.P256,
		NotBefore: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	return Input{
		Now: fixedNow, AppVersion: "1.0.0", UserID: "test@rootip.co.jp", SystemAddress: u, Profile: prof,
		OS:        OSInfo{Name: "Windows 10", Version: "22H2", Build: "19045.3693"},
		Browsers:  []Browser{{Name: "Chrome", Version: "118.0.5993.118", Running: true}, {Name: "Edge", Version: "119.0.2151.58"}},
		Firefox:   []FirefoxProf{{Name: "Firefox: default-release", Location: "C:/Users/u/AppData/Roaming/Mozilla/Firefox/Profiles/x.default-release", OSClientCerts: true}},
		Inventory: []store.Entry{{Store: "windows", Location: `CurrentUser\MY`, Cert: leaf.Cert, HasKey: true}},
		Result: check.Result{Failed: 1, Warnings: 1, Checks: []check.Finding{
			{ID: "cert.installed", Status: check.OK, Title: "証明書のインストール", Detail: "acme.rootip-cloud.net はインストール済み", Duration: 3 * time.Millisecond},
			{ID: "cert.expiry", Status: check.Warn, Title: "有効期限", Detail: "2027/01/10 に期限切れ", Duration: time.Millisecond},
			{ID: "net.http", Status: check.Fail, Title: "ログイン画面", Detail: "HTTP 403", Duration: 120 * time.Millisecond},
		}},
		Proxy: "proxy.example.co.jp:8080 (PAC: http://wpad/wpad.dat)",
		Done:  []string{"browser-restart", "cache"},
	}, leaf
}

func normalize(s string) string {
	return regexp.MustCompile(`[0-9A-F]{64}`).ReplaceAllString(s, "SHA256")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	got = normalize(got)
	if *update {
		_ = os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/report -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestTextAndJSONGolden(t *testing.T) {
	in, _ := sampleInput(t)
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
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
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "エラー画面.png")
	if err := os.WriteFile(shot, pngBytes(t, 64, 48), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := rep.AddScreenshot(shot); err != nil {
		t.Fatal(err)
	}
	data, err := rep.ZIP(i18n.New(i18n.JA), in.Profile)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		entries[f.Name] = b.Bytes()
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
	rep, _ := Build(in)
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
	rep, _ := Build(in)
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
		if !strings.Contains(q.Get("subject"), "test@rootip.co.jp") {
			t.Errorf("subject = %q", q.Get("subject"))
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

func TestMask(t *testing.T) {
	in, _ := sampleInput(t)
	in.Mask = true
	in.Result.Checks = append(in.Result.Checks, check.Finding{ID: "net.dns", Detail: "acme.rootip-cloud.net → 203.0.113.7"})
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	all := rep.Text(i18n.New(i18n.JA), in.Profile)
	js, _ := rep.JSON()
	all += string(js)
	for _, secret := range []string{"test@rootip.co.jp", "acme.rootip-cloud.net"} {
		if strings.Contains(all, secret) {
			t.Errorf("masked report still shows %q", secret)
		}
	}
	if rep.UserID != "t***@r***.co.jp" || !strings.Contains(rep.SystemAddress, "a***.rootip-cloud.net") {
		t.Errorf("masked = %q %q", rep.UserID, rep.SystemAddress)
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
	in, leaf := sampleInput(t)
	rep, _ := Build(in)
	der, err := x509.MarshalPKCS8PrivateKey(leaf.Key)
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
