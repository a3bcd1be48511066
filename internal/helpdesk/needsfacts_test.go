package helpdesk

import "testing"

// TestNeedsFactsLooksInEveryBranch: a value only facts give is found in the
// pipeline and in both branches of if, range and with; the profile's
// values (menu, support) are not facts.
func TestNeedsFactsLooksInEveryBranch(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		want bool
	}{
		{"証明書を確認してください。", false},
		{"{{.menu}} を開いてください。", false},
		{"証明書 {{.name}} は", true},
		{"{{if .capped_tls12}}TLS 1.2{{end}}", true},
		{"{{if .menu}}{{.support}}{{end}}", false},
		{"{{if .menu}}a{{else}}{{.name}}{{end}}", true},
		{"{{range .menu}}a{{else}}{{.days_left}}{{end}}", true},
		{"{{range .support}}{{end}}", false},
		{"{{with .support}}a{{end}}", false},
		{"{{with .menu}}{{.host}}{{end}}", true},
		{"{{with .menu}}{{else}}{{.}}{{end}}", true},
	} {
		if got := NeedsFacts(tc.tmpl); got != tc.want {
			t.Errorf("NeedsFacts(%q) = %v, want %v", tc.tmpl, got, tc.want)
		}
	}
}
