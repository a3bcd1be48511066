package main

import (
	"bytes"
	"strings"
	"testing"

	"rootip-cert/internal/cli"
	"rootip-cert/internal/demo"
)

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

// TestDemoBreakOpensTheWindowOnThatDemo: `demo --break MODE` goes to the
// window (on a desktop) with that break, as `demo` alone does with none;
// an unknown mode or other flags stay on the command line, which refuses
// the unknown mode in words with the usage exit code.
func TestDemoBreakOpensTheWindowOnThatDemo(t *testing.T) {
	t.Setenv("DISPLAY", ":99")
	for _, tc := range []struct {
		args   []string
		window bool
		brk    demo.Break
	}{
		{[]string{"demo"}, true, demo.None},
		{[]string{"demo", "--break", "wrong-ca"}, true, demo.WrongCA},
		{[]string{"demo", "--break=expired"}, true, demo.Expired},
		{[]string{"demo", "-break", "no-cert"}, true, demo.NoCert},
		{[]string{"demo", "-break=forbidden"}, true, demo.Forbidden},
		{[]string{"demo", "--break", "nonsense"}, false, demo.None},
		{[]string{"demo", "--break=nonsense"}, false, demo.None},
		{[]string{"demo", "--break", "expired", "--json"}, false, demo.None},
		{[]string{"demo", "--json"}, false, demo.None},
		{[]string{"demo", "--break"}, false, demo.None},
		{[]string{"diagnose", "--break", "expired"}, false, demo.None},
	} {
		brk, ok := demoWindow(tc.args)
		if ok != tc.window || brk != tc.brk {
			t.Errorf("demoWindow(%q) = %q, %v; want %q, %v", tc.args, brk, ok, tc.brk, tc.window)
		}
		if got, want := wantsWindow(tc.args), tc.window && canDisplay(); got != want {
			t.Errorf("wantsWindow(%q) = %v, want %v", tc.args, got, want)
		}
	}
	var out, errs bytes.Buffer
	env := cli.DefaultEnv()
	env.Stdout, env.Stderr = &out, &errs
	env.Getenv = func(k string) string { return map[string]string{"LANG": "ja_JP.UTF-8"}[k] }
	if code := cli.Run([]string{"demo", "--break", "nonsense"}, env); code != 2 {
		t.Errorf("an unknown break: exit %d, want 2", code)
	}
	if text := errs.String(); !strings.Contains(text, "使い方が正しくありません") || !strings.Contains(text, "wrong-ca|expired|no-cert|forbidden") || !strings.Contains(text, `"nonsense"`) {
		t.Errorf("an unknown break is not refused in words naming it:\n%s", text)
	}
}
