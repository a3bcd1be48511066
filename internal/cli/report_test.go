package cli

import (
	"bytes"
	"crypto/x509"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/store"
	"rootip-cert/internal/testsupport/ziptest"
)

// TestReportNeverLeaksSecrets fills every field the report can take from a
// test identity with a distinctive password and checks every format for
// the password, PEM private-key blocks and the key's bytes.
func TestReportNeverLeaksSecrets(t *testing.T) {
	f := testdata(t)
	id, _, err := certfile.Open(f.goodSecret, secret)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(id.Key)
	if err != nil {
		t.Fatal(err)
	}
	m := store.NewMemory(store.KindNSS, "/home/u/.pki/nssdb")
	if err := m.Import(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "screen.png")
	var png1 bytes.Buffer
	_ = png.Encode(&png1, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	if err := os.WriteFile(shot, png1.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"report", "--user-id", "test@rootip.co.jp", "--url", "https://127.0.0.1:1/", "--timeout", "1s",
		"--p12", f.goodSecret, "--password-file", pw, "--screenshot", shot, "--done", "cache"}
	var outputs [][]byte
	for _, format := range []string{"txt", "json"} {
		for _, lang := range []string{"ja", "en"} {
			r := runWithStores(t, "", []store.Store{m}, append(base, "--format", format, "--lang", lang)...)
			if r.code != ExitOK {
				t.Fatalf("report %s %s: %d %s", format, lang, r.code, r.stderr)
			}
			outputs = append(outputs, []byte(r.stdout+r.stderr))
		}
	}
	zipPath := filepath.Join(dir, "r.zip")
	r := runWithStores(t, "", []store.Store{m}, append(base, "--format", "zip", "--out", zipPath)...)
	if r.code != ExitOK {
		t.Fatalf("zip: %d %s", r.code, r.stderr)
	}
	zipData, members := ziptest.ReadFile(t, zipPath)
	for _, m := range members {
		outputs = append(outputs, m.Data)
	}
	outputs = append(outputs, zipData)
	for i, out := range outputs {
		for _, bad := range [][]byte{[]byte(secret), []byte("Zq81"), []byte("PRIVATE KEY"), keyDER[len(keyDER)-24:]} {
			if bytes.Contains(out, bad) {
				t.Fatalf("output %d contains secret material %q", i, bad)
			}
		}
	}
	if !strings.Contains(string(outputs[0]), id.SHA256()) {
		t.Error("the report lost the certificate's fingerprint (the test would pass vacuously)")
	}
}

func TestReportFromEarlierRunAndBadInput(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join(dir, "diag.json")
	// A saved Japanese run: the report rebuilds it from the data (ids,
	// outcomes, facts), in English, with the inventory listed now.
	doc := `{"verdict":"problem","checks":[{"id":"net.http","status":"fail","outcome":"forbidden","facts":{"status":403},` +
		`"title":"ログイン画面","detail":"アクセスが拒否されました","duration_ns":5}],"failed":1,"warnings":0}`
	if err := os.WriteFile(from, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	f := testdata(t)
	m := store.NewMemory(store.KindNSS, "/ff")
	if r := runWithStores(t, "", []store.Store{m}, "import", f.good); r.code != ExitOK {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	r := runWithStores(t, "", []store.Store{m}, "report", "--from", from, "--format", "txt", "--lang", "en")
	if r.code != ExitOK || !strings.Contains(r.stdout, "net.http/forbidden") || !strings.Contains(r.stdout, "Access was denied (the server answered with code 403)") ||
		!strings.Contains(r.stdout, "Certificates found: 1") || strings.Contains(r.stdout, "アクセスが拒否") {
		t.Fatalf("--from: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	bad := filepath.Join(dir, "bad.png")
	_ = os.WriteFile(bad, []byte("text"), 0o600)
	if r := runWithStores(t, "", nil, "report", "--from", from, "--screenshot", bad); r.code != ExitUsage || !strings.Contains(r.stderr, "PNG") {
		t.Fatalf("bad screenshot: %d %s", r.code, r.stderr)
	}
	if r := runWithStores(t, "", nil, "report", "--from", from, "--done", "reboot"); r.code != ExitUsage {
		t.Fatalf("unknown step: %d", r.code)
	}
	if r := runWithStores(t, "", nil, "report", "--from", filepath.Join(dir, "missing.json")); r.code != ExitUsage {
		t.Fatalf("missing --from: %d", r.code)
	}
	if r := runWithStores(t, "", nil, "report", "--format", "pdf"); r.code != ExitUsage {
		t.Fatalf("bad format: %d", r.code)
	}
}

// TestReportRefusesBadP12: a --p12 that cannot be used ends the report
// with the file's exit code (3, 4, 5 as inspect) and its reason in the
// run's language; nothing is written, on stdout or to --out.
func TestReportRefusesBadP12(t *testing.T) {
	f := testdata(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, file string
		code       int
	}{
		{"corrupt", f.corrupt, ExitUnreadable},
		{"missing", filepath.Join(dir, "nope.p12"), ExitUnreadable},
		{"folder", dir, ExitUnreadable},
		{"wrong password", f.goodSecret, ExitWrongPassword},
		{"no key", f.certsOnly, ExitNoKey},
	} {
		for _, lang := range []string{"ja", "en"} {
			for _, format := range []string{"txt", "json", "zip"} {
				t.Run(tc.name+"/"+lang+"/"+format, func(t *testing.T) {
					out := filepath.Join(t.TempDir(), "report."+format)
					r := runWithStores(t, "", nil, "report", "--p12", tc.file, "--lang", lang, "--format", format, "--out", out, "--timeout", "1s")
					if r.code != tc.code {
						t.Fatalf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
					}
					if r.stdout != "" {
						t.Errorf("stdout: %q, want nothing", r.stdout)
					}
					if _, err := os.Lstat(out); err == nil {
						t.Errorf("%s was written", out)
					}
					want := map[string]string{"ja": "サポートレポートは作成していません", "en": "The support report was not made"}[lang]
					if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, tc.file) {
						t.Errorf("stderr lacks %q and the file name:\n%s", want, r.stderr)
					}
				})
			}
		}
	}
}
