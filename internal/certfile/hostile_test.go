package certfile

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"rootip-cert/internal/pki"
)

// refuseBound is generous: a refused count must cost nothing, while
// deriving 2×10⁹ iterations would take hours.
const refuseBound = 2 * time.Second

// refusedAtOnce decodes data and wants it refused with code, the error
// naming words, before anything costly ran (within refuseBound).
func refusedAtOnce(t *testing.T, data []byte, code Code, words string) {
	t.Helper()
	start := time.Now()
	_, err := Decode(data, "rootip")
	elapsed := time.Since(start)
	if CodeOf(err) != code || !strings.Contains(err.Error(), words) {
		t.Fatalf("Decode = %v, want %s naming %q", err, code, words)
	}
	if elapsed > refuseBound {
		t.Fatalf("refusal took %v, want under %v: something costly ran first", elapsed, refuseBound)
	}
}

func encodeLayout(t testing.TB, l pki.Layout) []byte {
	t.Helper()
	data, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestHiddenIterationCounts puts a 2×10⁹ count at every PBE layer,
// including those only visible once an outer layer is decrypted, and checks
// each is refused quickly as unsupported; the same layout with a sane count
// decodes, so the refusal is the count's.
func TestHiddenIterationCounts(t *testing.T) {
	f := testPKI(t)
	leaf := f.leaves[pki.P256]
	const huge = 2_000_000_000
	cert := pki.Bag{Cert: leaf.Cert, LocalKeyID: []byte{1}}
	key := func(iter int) pki.Bag {
		return pki.Bag{Key: leaf.Key, KeyIterations: iter, FakeKey: iter > MaxIterations, LocalKeyID: []byte{1}, FriendlyName: "クライアント証明書"}
	}
	layouts := map[string]func(n int) pki.Layout{
		"MAC": func(n int) pki.Layout {
			return pki.Layout{MACIterations: n, Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{cert}}, {Bags: []pki.Bag{key(2048)}}}}
		},
		"encrypted safe": func(n int) pki.Layout {
			return pki.Layout{MACIterations: 2048, Safes: []pki.Safe{{Iterations: n, Fake: n > MaxIterations, Bags: []pki.Bag{cert}}, {Bags: []pki.Bag{key(2048)}}}}
		},
		"shrouded key in a plain safe": func(n int) pki.Layout {
			return pki.Layout{MACIterations: 2048, Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{cert}}, {Bags: []pki.Bag{key(n)}}}}
		},
		"shrouded key inside an encrypted safe": func(n int) pki.Layout {
			return pki.Layout{MACIterations: 2048, Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{cert, key(n)}}}}
		},
		"shrouded key in nested bags inside an encrypted safe": func(n int) pki.Layout {
			return pki.Layout{MACIterations: 2048, Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{cert,
				{Nested: []pki.Bag{{Nested: []pki.Bag{key(n)}}}}}}}}
		},
	}
	for name, layout := range layouts {
		t.Run(name, func(t *testing.T) {
			l := layout(2048)
			l.Password = "rootip"
			id, err := Decode(encodeLayout(t, l), "rootip")
			if err != nil || !id.Leaf.Equal(leaf.Cert) || id.FriendlyName != "クライアント証明書" {
				t.Fatalf("control layout with 2,048 iterations: %v", err)
			}
			l = layout(huge)
			l.Password = "rootip"
			refusedAtOnce(t, encodeLayout(t, l), Unsupported, "iteration count")
		})
	}
}

// TestWorkBudget: layers each under MaxIterations whose sum is past
// MaxWork are refused before deriving what they add up to.
func TestWorkBudget(t *testing.T) {
	f := testPKI(t)
	leaf := f.leaves[pki.P256]
	const n = 900_000
	t.Run("visible layers", func(t *testing.T) {
		l := pki.Layout{Password: "rootip", MACIterations: n, Safes: []pki.Safe{{Bags: []pki.Bag{{Key: leaf.Key}, {Cert: leaf.Cert}}}}}
		for i := 0; i < 9; i++ {
			l.Safes = append(l.Safes, pki.Safe{Iterations: n, Fake: true, Bags: []pki.Bag{{Cert: leaf.Cert}}})
		}
		refusedAtOnce(t, encodeLayout(t, l), Unsupported, "work")
	})
	t.Run("keys hidden in an encrypted safe", func(t *testing.T) {
		bags := []pki.Bag{{Cert: leaf.Cert}}
		for i := 0; i < 10; i++ {
			bags = append(bags, pki.Bag{Key: leaf.Key, KeyIterations: n, FakeKey: true})
		}
		l := pki.Layout{Password: "rootip", MACIterations: 2048, Safes: []pki.Safe{{Iterations: 2048, Bags: bags}}}
		refusedAtOnce(t, encodeLayout(t, l), Unsupported, "work")
	})
}

// TestDeepNesting: BER nested a hundred thousand levels and safe contents
// bags nested past the bound are damage, refused at once.
func TestDeepNesting(t *testing.T) {
	f := testPKI(t)
	ber := bytes.Repeat([]byte{0x30, 0x80}, 100_000)
	ber = append(ber, bytes.Repeat([]byte{0, 0}, 100_000)...)
	nested := pki.Bag{Key: f.leaves[pki.P256].Key}
	for i := 0; i < 12; i++ {
		nested = pki.Bag{Nested: []pki.Bag{nested}}
	}
	bags := encodeLayout(t, pki.Layout{Password: "rootip", MACIterations: 2048,
		Safes: []pki.Safe{{Iterations: 2048, Bags: []pki.Bag{{Cert: f.leaves[pki.P256].Cert}, nested}}}})
	for name, data := range map[string][]byte{"BER": ber, "safe contents bags": bags} {
		t.Run(name, func(t *testing.T) { refusedAtOnce(t, data, Corrupt, "nested too deeply") })
	}
}

// longChain makes a chain of n CAs under a root, the leaf under the last;
// sameName gives every CA below the root one subject name (then Go writes
// no authority key identifier, and nothing but a signature tells them apart).
func longChain(t testing.TB, n int, sameName bool) (*pki.Leaf, []*x509.Certificate) {
	t.Helper()
	ca, err := pki.NewRootCA("chain root")
	if err != nil {
		t.Fatal(err)
	}
	chain := []*x509.Certificate{ca.Cert}
	for i := 0; i < n-1; i++ {
		name := fmt.Sprintf("chain CA %d", i)
		if sameName {
			name = "chain CA"
		}
		if ca, err = ca.NewIntermediate(name); err != nil {
			t.Fatal(err)
		}
		chain = append(chain, ca.Cert)
	}
	leaf, err := ca.NewLeaf(pki.LeafOptions{CommonName: "long.rootip-cloud.net", KeyType: pki.P256})
	if err != nil {
		t.Fatal(err)
	}
	return leaf, chain
}

// TestLongChain: 1,500 CAs, stored shuffled, are
// put in issuer order fast (the old pairwise ordering took 43 s); past
// MaxCertificates a file is refused as unsupported.
func TestLongChain(t *testing.T) {
	leaf, chain := longChain(t, 1500, false)
	shuffled := append([]*x509.Certificate{}, chain...)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	data, err := pkcs12.Modern2023.Encode(leaf.Key, leaf.Cert, shuffled, "rootip")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	id, err := Decode(data, "rootip")
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	t.Logf("1,500-certificate chain decoded and ordered in %v", elapsed)
	if elapsed > refuseBound {
		t.Fatalf("took %v, want well under a second (bound %v on a loaded machine)", elapsed, refuseBound)
	}
	if len(id.Chain) != len(chain) {
		t.Fatalf("chain = %d certificates, want %d", len(id.Chain), len(chain))
	}
	for i := range chain {
		if !id.Chain[i].Equal(chain[len(chain)-1-i]) {
			t.Fatalf("chain[%d] is not the issuer of the one before it", i)
		}
	}

	bags := []pki.Bag{{Key: leaf.Key}, {Cert: leaf.Cert}}
	for i := 0; len(bags) <= MaxCertificates+1; i++ {
		bags = append(bags, pki.Bag{Cert: chain[i%len(chain)]})
	}
	tooMany := encodeLayout(t, pki.Layout{Password: "rootip", MACIterations: 2048, Safes: []pki.Safe{{Bags: bags}}})
	refusedAtOnce(t, tooMany, Unsupported, "certificates")
}

// TestOrderChainSameNames orders 1,500 CAs that share one subject name and
// carry no key identifiers, the worst case for a lookup by name: each link
// costs at most maxIssuerTries signature checks, so it stays fast, and every
// certificate is kept (those it cannot link go to the end).
func TestOrderChainSameNames(t *testing.T) {
	leaf, chain := longChain(t, 1500, true)
	rest := append([]*x509.Certificate{}, chain...)
	rand.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	start := time.Now()
	got := orderChain(leaf.Cert, rest)
	if el := time.Since(start); el > refuseBound {
		t.Fatalf("orderChain took %v", el)
	}
	seen := map[string]bool{}
	for _, c := range got {
		seen[string(c.Raw)] = true
	}
	if len(got) != 1500 || len(seen) != 1500 {
		t.Fatalf("orderChain kept %d distinct of 1,500 certificates", len(seen))
	}
}
