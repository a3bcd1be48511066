package store_test

import (
	"context"
	"errors"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
	"rootip-cert/internal/store"
)

func identity(t *testing.T) *certfile.Identity {
	t.Helper()
	_, leaf := pkitest.Issue(t, "rootip-cloud.net", pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.P256})
	return pkitest.Identity(leaf)
}

func TestImportAndVerify(t *testing.T) {
	ctx := context.Background()
	id := identity(t)
	m := store.NewMemory(store.KindNSS, "/tmp/db")
	e, err := store.ImportAndVerify(ctx, m, id)
	if err != nil {
		t.Fatal(err)
	}
	if e.SHA256() != id.SHA256() || !e.HasKey || e.Store != store.KindNSS || e.Location != "/tmp/db" {
		t.Fatalf("entry = %+v", e)
	}
	if _, err := store.ImportAndVerify(ctx, m, id); err != nil {
		t.Fatal(err)
	}
	if list, _ := m.List(ctx); len(list) != 1 {
		t.Fatalf("importing twice left %d entries, want 1", len(list))
	}
	if err := m.Delete(ctx, id.SHA256()); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, id.SHA256()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second delete = %v, want ErrNotFound", err)
	}
}

// lyingStore claims success but writes nothing (smallstep/truststore#15).
type lyingStore struct{ *store.Memory }

func (lyingStore) Import(context.Context, *certfile.Identity) error { return nil }

// keylessStore writes the certificate but loses the key.
type keylessStore struct{ *store.Memory }

func (k keylessStore) Import(_ context.Context, id *certfile.Identity) error {
	k.Put(store.Entry{Cert: id.Leaf, HasKey: false})
	return nil
}

func TestImportAndVerifyCatchesLies(t *testing.T) {
	ctx := context.Background()
	id := identity(t)
	if _, err := store.ImportAndVerify(ctx, lyingStore{store.NewMemory(store.KindWindows, `CurrentUser\MY`)}, id); err == nil {
		t.Error("an import that wrote nothing was reported as done")
	}
	if _, err := store.ImportAndVerify(ctx, keylessStore{store.NewMemory(store.KindWindows, `CurrentUser\MY`)}, id); err == nil {
		t.Error("an import without the private key was reported as done")
	}
	failing := store.NewMemory(store.KindNSS, "db")
	failing.FailImport = errors.New("disk full")
	if _, err := store.ImportAndVerify(ctx, failing, id); err == nil {
		t.Error("a failed import was reported as done")
	}
	if list, _ := failing.List(ctx); len(list) != 0 {
		t.Error("a failed import left an entry")
	}
}
