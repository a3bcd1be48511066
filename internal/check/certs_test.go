package check

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"rootip-cert/internal/i18n"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

func certEnv(t *testing.T) (*Env, *pki.CA) {
	t.Helper()
	prof, err := profile.Default()
	if err != nil {
		t.Fatal(err)
	}
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://acme.rootip-cloud.net/")
	return &Env{Msg: i18n.New(i18n.EN), Profile: prof, URL: u,
		Stores: []StoreInfo{
			{Kind: "nss", Location: "/ff", Browser: "Firefox: default-release", Expected: true},
			{Kind: "nss", Location: "/chrome", Browser: "Chrome/Chromium", Expected: true},
		}}, ca
}

func leaf(t *testing.T, ca *pki.CA, cn string, from, to time.Time) store.Entry {
	t.Helper()
	l, err := ca.NewLeaf(pki.LeafOptions{CommonName: cn, KeyType: pki.P256, NotBefore: from, NotAfter: to})
	if err != nil {
		t.Fatal(err)
	}
	return store.Entry{Store: "nss", Cert: l.Cert, HasKey: true}
}

func at(e store.Entry, loc string, key bool) store.Entry {
	e.Location, e.HasKey = loc, key
	return e
}

func TestCertificateChecks(t *testing.T) {
	now := time.Now()
	env, ca := certEnv(t)
	expired := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(-1, -1, 0), now.AddDate(0, -1, 0))
	current := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(0, -11, 0), now.AddDate(0, 0, 20))
	renewal := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(0, 0, -5), now.AddDate(1, 0, 20))
	other := leaf(t, ca, "other.rootip-cloud.net", now.AddDate(0, -1, 0), now.AddDate(1, 0, 0))

	for _, tc := range []struct {
		name      string
		inventory []store.Entry
		misplaced []store.Entry
		want      map[string]Status
	}{
		{"nothing installed", nil, nil, map[string]Status{
			"cert.installed": Fail, "cert.key": Skip, "cert.expiry": Skip, "cert.match": Skip, "cert.multiple": Skip}},
		{"valid everywhere", []store.Entry{at(renewal, "/ff", true), at(renewal, "/chrome", true)}, nil, map[string]Status{
			"cert.installed": OK, "cert.location": OK, "cert.key": OK, "cert.expiry": OK, "cert.stale": OK,
			"cert.multiple": OK, "cert.match": OK, "firefox.profiles": OK}},
		{"renewal pair and an expired leftover", []store.Entry{at(expired, "/ff", true), at(current, "/ff", true), at(renewal, "/ff", true), at(renewal, "/chrome", true)}, nil, map[string]Status{
			"cert.installed": OK, "cert.expiry": OK, "cert.stale": Warn, "cert.multiple": Warn}},
		{"only Chrome has it", []store.Entry{at(renewal, "/chrome", true)}, nil, map[string]Status{
			"cert.installed": Warn, "firefox.profiles": Warn}},
		{"certificate without its key", []store.Entry{at(renewal, "/ff", false), at(renewal, "/chrome", false)}, nil, map[string]Status{
			"cert.installed": Fail, "cert.key": Fail}},
		{"expiring soon", []store.Entry{at(current, "/ff", true), at(current, "/chrome", true)}, nil, map[string]Status{
			"cert.expiry": Warn}},
		{"only an expired one", []store.Entry{at(expired, "/ff", true), at(expired, "/chrome", true)}, nil, map[string]Status{
			"cert.installed": Fail, "cert.expiry": Fail, "cert.stale": Warn}},
		{"another environment", []store.Entry{at(other, "/ff", true), at(other, "/chrome", true)}, nil, map[string]Status{
			"cert.match": Fail}},
		{"wrong store", []store.Entry{at(renewal, "/ff", true), at(renewal, "/chrome", true)}, []store.Entry{at(renewal, `CurrentUser\AddressBook`, false)}, map[string]Status{
			"cert.location": Fail}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &Env{Msg: env.Msg, Profile: env.Profile, URL: env.URL, Stores: env.Stores,
				Inventory: tc.inventory, Misplaced: tc.misplaced}
			res := Run(context.Background(), e, CertChecks(), time.Second)
			expect(t, res, tc.want)
		})
	}
}

func TestMultipleSaysWhichToPick(t *testing.T) {
	now := time.Now()
	env, ca := certEnv(t)
	current := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(0, -11, 0), now.AddDate(0, 0, 20))
	renewal := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(0, 0, -5), now.AddDate(1, 0, 20))
	other := leaf(t, ca, "other.rootip-cloud.net", now.AddDate(0, 0, -5), now.AddDate(2, 0, 0))
	env.Inventory = []store.Entry{at(current, "/ff", true), at(renewal, "/ff", true), at(other, "/ff", true)}
	res := Run(context.Background(), env, CertChecks(), time.Second)
	for _, f := range res.Checks {
		if f.ID == "cert.multiple" {
			// The renewal: it names the system address and ends last among those that do.
			if want := renewal.SHA256()[:16]; f.Status != Warn || !strings.Contains(f.Detail, want) {
				t.Fatalf("cert.multiple = %s %q, want the renewal %s", f.Status, f.Detail, want)
			}
		}
	}
}

func TestRunnerDependenciesAndDeadline(t *testing.T) {
	env, _ := certEnv(t)
	slow := simple{"slow", nil, func(ctx context.Context, e *Env, _ map[string]Finding) Finding {
		<-ctx.Done() // a check that never finishes on its own
		return Finding{Status: Fail, Detail: "gave up"}
	}}
	after := simple{"after", []string{"slow"}, func(_ context.Context, e *Env, deps map[string]Finding) Finding {
		if deps["slow"].Status != Fail {
			return Finding{Status: Fail, Detail: "ran before its dependency"}
		}
		return Finding{Status: Skip, Detail: "not reached"}
	}}
	start := time.Now()
	res := Run(context.Background(), env, []Check{after, slow}, 500*time.Millisecond)
	if el := time.Since(start); el > 3*time.Second { // generous: the bound is 0.8 s
		t.Fatalf("run took %s", el)
	}
	if res.Checks[0].ID != "after" || res.Checks[0].Status != Skip || res.Checks[1].Status != Fail || res.Failed != 1 {
		t.Fatalf("results = %+v", res.Checks)
	}
}

// misplacingStore reports a certificate installed where browsers do not look.
type misplacingStore struct {
	*store.Memory
	wrong []store.Entry
}

func (m *misplacingStore) Misplaced(context.Context, []string) ([]store.Entry, error) {
	return m.wrong, nil
}

// TestMisplacedComesFromTheStores: the inventory step asks the adapters
// that can see other stores, and cert.location reports what they found.
func TestMisplacedComesFromTheStores(t *testing.T) {
	now := time.Now()
	env, ca := certEnv(t)
	good := leaf(t, ca, "acme.rootip-cloud.net", now.AddDate(0, -1, 0), now.AddDate(1, 0, 0))
	m := &misplacingStore{Memory: store.NewMemory(store.KindWindows, `CurrentUser\MY`),
		wrong: []store.Entry{at(good, `CurrentUser\ADDRESSBOOK`, false)}}
	targets := []store.Store{m}
	e := &Env{Msg: env.Msg, Profile: env.Profile, URL: env.URL,
		LoadInventory: Inventory(targets), LoadMisplaced: Misplaced(targets, env.Profile.Domains)}
	res := Run(context.Background(), e, CertChecks(), time.Second)
	expect(t, res, map[string]Status{"cert.location": Fail})
	for _, f := range res.Checks {
		if f.ID == "cert.location" && !strings.Contains(f.Detail, `CurrentUser\ADDRESSBOOK`) {
			t.Errorf("detail = %q, want the wrong store named", f.Detail)
		}
	}
}
