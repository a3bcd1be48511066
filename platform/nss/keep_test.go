package nss

import (
	"context"
	"testing"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/pki"
)

// TestKeptSessionServesTheSigner: while kept, the listing's session serves
// the signer (one NSS start-up for both, as a diagnosis needs), the key
// signs, and release closes it cleanly. Opening another database meanwhile
// ends the kept session instead of waiting for it, and a signer asked for
// afterwards opens its own.
func TestKeptSessionServesTheSigner(t *testing.T) {
	needNSS(t)
	noShutdownLeaks(t)
	root, err := pki.NewRootCA("rootip-cloud.net keep")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := root.NewLeaf(pki.LeafOptions{CommonName: "keep.signer.test", KeyType: pki.P256})
	if err != nil {
		t.Fatal(err)
	}
	id := &certfile.Identity{Leaf: leaf.Cert, Chain: leaf.Chain, Key: leaf.Key}
	ctx := context.Background()
	s, other := New(t.TempDir(), "kept"), New(t.TempDir(), "other")
	for _, st := range []*Store{s, other} {
		if err := st.Import(ctx, id); err != nil {
			t.Fatal(err)
		}
	}

	release := s.Keep()
	before := sessionsOpened.Load()
	entries, _, err := s.ListWithOrphans(ctx)
	if err != nil || len(entries) != 1 {
		t.Fatalf("list: %v %v", entries, err)
	}
	signer, _, done, err := s.Signer(id.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	if n := sessionsOpened.Load() - before; n != 1 {
		t.Errorf("listing and signer opened %d sessions, want 1 (the kept one)", n)
	}
	verifyDirectly(t, signer, id.Leaf.PublicKey)
	done()
	release()

	// Kept, then another database is opened: the kept session ends.
	release = s.Keep()
	defer release()
	if _, _, err := s.ListWithOrphans(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := other.List(ctx); err != nil || len(got) != 1 {
		t.Fatalf("list another database while one is kept: %v %v", got, err)
	}
	before = sessionsOpened.Load()
	signer, _, done, err = s.Signer(id.SHA256())
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if n := sessionsOpened.Load() - before; n != 1 {
		t.Errorf("signer after eviction opened %d sessions, want its own", n)
	}
	verifyDirectly(t, signer, id.Leaf.PublicKey)
}
