package app

import (
	"runtime"
	"strings"
	"testing"

	"rootip-cert/internal/i18n"
)

// TestCertsIntroIsThisOSs: the certificate list says where the OS itself
// shows the same certificates — Windows' 「証明書の管理 > 個人」 only on
// Windows, Keychain Access on macOS, no Windows reference elsewhere — and
// the screen on this machine uses this OS's words.
func TestCertsIntroIsThisOSs(t *testing.T) {
	ja := i18n.New(i18n.JA)
	for goos, want := range map[string]string{"windows": "証明書の管理 > 個人", "darwin": "キーチェーンアクセス", "linux": "Firefox・Chrome"} {
		text := ja.T(certsIntroKey(goos))
		if !strings.Contains(text, want) || (goos != "windows" && strings.Contains(text, "Windows")) {
			t.Errorf("%s: %q, want %q and no Windows reference", goos, text, want)
		}
	}
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		u := newTestUI(t, lang)
		u.showCerts()
		got := u.crt.intro.Text
		if runtime.GOOS != "windows" && strings.Contains(got, "Windows") {
			t.Errorf("%s on %s: the list says %q", lang, runtime.GOOS, got)
		}
		if got != i18n.New(lang).T(certsIntroKey(runtime.GOOS)) {
			t.Errorf("%s: intro %q is not this OS's", lang, got)
		}
	}
}
