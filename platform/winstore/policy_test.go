package winstore

import (
	"net/url"
	"testing"
)

func TestAutoSelectRule(t *testing.T) {
	u, _ := url.Parse("https://acme.rootip-cloud.net:443/login")
	rule, err := AutoSelectRule(u, "rootip-cloud.net")
	if err != nil || rule != `{"pattern":"https://acme.rootip-cloud.net","filter":{"ISSUER":{"CN":"rootip-cloud.net"}}}` {
		t.Fatalf("rule = %s, %v", rule, err)
	}
	if _, err := AutoSelectRule(nil, "x"); err == nil {
		t.Error("no URL accepted")
	}
	if got := nextValueName(map[string]string{"1": "other", "2": rule}, rule); got != "2" {
		t.Errorf("existing rule: %s", got)
	}
	if got := nextValueName(map[string]string{"1": "other", "3": "x"}, rule); got != "2" {
		t.Errorf("first free: %s", got)
	}
}
