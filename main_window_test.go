package main

import "testing"

// TestRenewWindowOpensTheWindow: `renew --window` (what the reminder's
// notification runs) goes to the window; the other renew forms stay on
// the command line.
func TestRenewWindowOpensTheWindow(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"renew", "--window"}, true},
		{[]string{"renew", "-window"}, true},
		{[]string{"renew", "--url", "acme.rootip-cloud.net", "--window"}, true},
		{[]string{"renew"}, false},
		{[]string{"renew", "--json"}, false},
		{[]string{"renew", "--watch"}, false},
		{[]string{"diagnose", "--window"}, false},
		{[]string{"demo", "--renewal", "--window"}, true},
		{[]string{"demo", "--renewal"}, false},
	} {
		if got := wantsWindow(tc.args); got != tc.want {
			t.Errorf("wantsWindow(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
