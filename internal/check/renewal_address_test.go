package check

import (
	"context"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

// TestUnprovenSuccessorNeedsTheAddressFirst: a new certificate installed
// but not proven is proven by a check against the server; without a system
// address the window's advice says to enter it first (it promised that
// 「もう一度確認」 alone would reach the server), with one it says
// 「もう一度確認」.
func TestUnprovenSuccessorNeedsTheAddressFirst(t *testing.T) {
	p := pkitest.Get(t)
	entries := []store.Entry{pkitest.Entry(p.Current, "nss", "/ff", true), pkitest.Entry(p.Current, "nss", "/chrome", true),
		pkitest.Entry(p.Successor, "nss", "/ff", true), pkitest.Entry(p.Successor, "nss", "/chrome", true)}
	for _, tc := range []struct {
		name, want, not string
		address         bool
	}{
		{"no address", "システムアドレスを入力して「確認」を押すと", "「もう一度確認」", false},
		{"an address", "「もう一度確認」を押すと", "システムアドレスを入力", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := certEnv(t, entries, nil)
			if !tc.address {
				env.URL = nil
			}
			res := RunDefs(context.Background(), env, Select(CertRenewal), time.Second)
			f, _ := res.Find(CertRenewal)
			if f.Outcome != "successor-unproven" {
				t.Fatalf("renewal outcome %s, want successor-unproven (the pinned clock, both certificates everywhere)", f.Outcome)
			}
			got := Describe(f, i18n.New(i18n.JA), env.Profile, ForWindow).Fix
			if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
				t.Errorf("fix %q, want %q and not %q", got, tc.want, tc.not)
			}
		})
	}
}
