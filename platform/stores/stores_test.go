package stores

import (
	"errors"
	"testing"

	"rootip-cert/internal/store"
	"rootip-cert/platform/nss"
)

func TestChooseTargets(t *testing.T) {
	osStore := store.NewMemory(store.KindWindows, `CurrentUser\MY`)
	autoload := nss.New("/p/a.default-release", "Firefox: default-release")
	autoload.OSClientCerts = true
	own := nss.New("/p/b.work", "Firefox: work")
	got := chooseTargets([]store.Store{osStore}, []*nss.Store{autoload, own})
	if len(got) != 3 || got[0] != store.Store(osStore) {
		t.Fatalf("targets = %v, want the OS store first and both profiles", got)
	}
	if err := got[1].Available(); !errors.Is(err, store.ErrServedElsewhere) || got[1].Location() != "/p/a.default-release" {
		t.Errorf("autoload profile: %v at %s, want served by the OS store", err, got[1].Location())
	}
	if _, wrapped := got[2].(servedByOS); wrapped {
		t.Error("a profile without osclientcerts was skipped")
	}
	// Without a usable OS store every profile gets its own import.
	osStore.Unavailable = errors.New("not on this OS")
	for _, s := range chooseTargets([]store.Store{osStore}, []*nss.Store{autoload, own})[1:] {
		if _, wrapped := s.(servedByOS); wrapped {
			t.Errorf("%s skipped though the OS store is unusable", s.Location())
		}
	}
}

func TestFindExplicitNSSDatabase(t *testing.T) {
	dir := t.TempDir()
	got, err := findIn(store.Selection{Kind: "nss", NSSDB: dir, NSSPassword: "pp"}, t.TempDir(), func(string) string { return "" })
	if err != nil || len(got) != 1 || got[0].Location() != dir {
		t.Fatalf("Find = %v, %v", got, err)
	}
	if s := got[0].(*nss.Store); s.PrimaryPassword != "pp" || !s.CreateDir {
		t.Errorf("store = %+v", s)
	}
	if _, err := findIn(store.Selection{Kind: "keychain"}, t.TempDir(), func(string) string { return "" }); err == nil {
		t.Error("asking for the keychain on Linux gave no error")
	}
}
