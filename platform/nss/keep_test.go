package nss

import (
	"context"
	"testing"

	"rootip-cert/internal/pki"
	"rootip-cert/internal/pki/pkitest"
)

// TestKeptSessionServesTheSigner: while kept, the listing's session serves
// the signer (one NSS start-up for both, as a diagnosis needs), the key
// signs, and release closes it cleanly. Opening another database meanwhile
// ends the kept session instead of waiting for it, and a signer asked for
// afterwards opens its own.
func TestKeptSessionServesTheSigner(t *testing.T) {
	needNSS(t)
	noShutdownLeaks(t)
	_, leaf := pkitest.Issue(t, "rootip-cloud.net keep", pki.LeafOptions{CommonName: "keep.signer.test", KeyType: pki.P256})
	id := pkitest.Identity(leaf)
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

// TestBatchedAttributeReads: certificates are read with one
// PK11_ReadRawAttributes call each (value, label and ID together), and
// give exactly what reading the attributes one by one gives.
func TestBatchedAttributeReads(t *testing.T) {
	f, dir, s := freshStore(t)
	ctx := context.Background()
	for _, name := range []string{"aes", "ec"} {
		if err := s.Import(ctx, f.ids[name]); err != nil {
			t.Fatal(err)
		}
	}
	l, err := loadLib()
	if err != nil {
		t.Fatal(err)
	}
	if l.PK11_ReadRawAttributes == nil {
		t.Skip("this NSS has no PK11_ReadRawAttributes (before 3.52)")
	}
	read := func() (*objects, int) {
		sess, err := openSession(dir, true)
		if err != nil {
			t.Fatal(err)
		}
		defer sess.close()
		calls := 0
		orig := sess.l.PK11_ReadRawAttributes
		if orig != nil {
			sess.l.PK11_ReadRawAttributes = func(arena uintptr, typ int32, obj, tmpl uintptr, n uint32) secStatus {
				calls++
				return orig(arena, typ, obj, tmpl, n)
			}
			defer func() { sess.l.PK11_ReadRawAttributes = orig }()
		}
		objs, err := sess.objects()
		if err != nil {
			t.Fatal(err)
		}
		return objs, calls
	}
	batched, calls := read()
	if len(batched.certs) < 2 || calls != len(batched.certs) {
		t.Fatalf("%d certificates read with %d batch calls, want one each", len(batched.certs), calls)
	}
	setForTest(t, &l.PK11_ReadRawAttributes, nil)
	single, _ := read()
	if len(single.certs) != len(batched.certs) {
		t.Fatalf("one by one: %d certificates, batched: %d", len(single.certs), len(batched.certs))
	}
	for i, c := range batched.certs {
		o := single.certs[i]
		if c.fp != o.fp || c.label != o.label || string(c.id) != string(o.id) || c.label == "" || len(c.id) == 0 {
			t.Errorf("certificate %d: batched %s %q %x, one by one %s %q %x", i, c.fp[:8], c.label, c.id, o.fp[:8], o.label, o.id)
		}
	}
}
