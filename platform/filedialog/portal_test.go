//go:build !windows && !darwin

package filedialog

import "testing"

func TestFileURIPath(t *testing.T) {
	for _, tc := range []struct {
		uri, want string
		ok        bool
	}{
		{"file:///home/yamada/ダウンロード/クライアント証明書.p12", "/home/yamada/ダウンロード/クライアント証明書.p12", true},
		{"file:///home/yamada/a b#1%.p12", "/home/yamada/a b#1%.p12", true},
		{"https://example.com/x.p12", "", false},
		{"file://relative", "", false},
	} {
		got, err := fileURIPath(tc.uri)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("fileURIPath(%q) = %q, %v", tc.uri, got, err)
		}
	}
}

// TestNoPortalWithoutSessionBus: no bus configured means no portal (and
// no bus launched to find out).
func TestNoPortalWithoutSessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if portalPresent() {
		t.Fatal("portal reported present without a session bus")
	}
}
