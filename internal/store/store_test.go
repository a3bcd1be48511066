package store

import (
	"context"
	"errors"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
)

func identity(t *testing.T) *certfile.Identity {
	t.Helper()
	ca, err := pki.NewRootCA("rootip-cloud.net")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: "acme.rootip-cloud.net", KeyType: pki.P256})
	if err != nil {
		t.Fatal(err)
	}
	return &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key}
}

func TestImportAndVerify(t *testing.T) {
	ctx := context.Background()
	id := identity(t)
	m := NewMemory(KindNSS, "/tmp/db")
	e, err := ImportAndVerify(ctx, m, id)
	if err != nil {
		t.Fatal(err)
	}
	if e.SHA256() != id.SHA256() || !e.HasKey || e.Store != KindNSS || e.Location != "/tmp/db" {
		t.Fatalf("entry = %+v", e)
	}
	if _, err := ImportAndVerify(ctx, m, id); err != nil {
		t.Fatal(err)
	}
	if list, _ := m.List(ctx); len(list) != 1 {
		t.Fatalf("importing twice left %d entries, want 1", len(list))
	}
	if err := m.Delete(ctx, id.SHA256()); err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(ctx, id.SHA256()); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete = %v, want ErrNotFound", err)
	}
}

// lyingStore claims success but writes nothing (smallstep/truststore#15).
type lyingStore struct{ *Memory }

func (lyingStore) Import(context.Context, *certfile.Identity) error { return nil }

// keylessStore writes the certificate but loses the key.
type keylessStore struct{ *Memory }

func (k keylessStore) Import(_ context.Context, id *certfile.Identity) error {
	k.Put(Entry{Cert: id.Leaf, HasKey: false})
	return nil
}

func TestImportAndVerifyCatchesLies(t *testing.T) {
	ctx := context.Background()
	id := identity(t)
	if _, err := ImportAndVerify(ctx, lyingStore{NewMemory(KindWindows, `CurrentUser\MY`)}, id); err == nil {
		t.Error("an import that wrote nothing was reported as done")
	}
	if _, err := ImportAndVerify(ctx, keylessStore{NewMemory(KindWindows, `CurrentUser\MY`)}, id); err == nil {
		t.Error("an import without the private key was reported as done")
	}
	failing := NewMemory(KindNSS, "db")
	failing.FailImport = errors.New("disk full")
	if _, err := ImportAndVerify(ctx, failing, id); err == nil {
		t.Error("a failed import was reported as done")
	}
	if list, _ := failing.List(ctx); len(list) != 0 {
		t.Error("a failed import left an entry")
	}
}
