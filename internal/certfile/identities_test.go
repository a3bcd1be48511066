package certfile

import (
	"strings"
	"testing"

	pkcs12 "software.sslmate.com/src/go-pkcs12"

	"rootip-cert/internal/pki"
)

// TestSeveralIdentitiesAndPick: two key + certificate pairs are listed by
// 発行先, 有効期限 and SHA-256, either can be picked, and the chain of the
// picked one leaves out the other's certificate.
func TestSeveralIdentitiesAndPick(t *testing.T) {
	f := testPKI(t)
	a, b := f.leaves[pki.P256], f.leaves[pki.RSA2048]
	data := encodeLayout(t, pki.Layout{Password: "rootip", MACIterations: 2048, Safes: []pki.Safe{
		{Iterations: 2048, Bags: []pki.Bag{{Cert: a.Cert, FriendlyName: "一つ目"}, {Cert: b.Cert, FriendlyName: "二つ目"}, {Cert: f.inter.Cert}}},
		{Bags: []pki.Bag{{Key: a.Key, KeyIterations: 2048}, {Key: b.Key, KeyIterations: 2048}}},
	}})
	_, err := Decode(data, "rootip")
	if CodeOf(err) != SeveralIdentities {
		t.Fatalf("Decode = %v, want several-identities", err)
	}
	cands := CandidatesOf(err)
	if len(cands) != 2 || cands[0].SHA256 != Fingerprint256(a.Cert) || cands[1].SHA256 != Fingerprint256(b.Cert) ||
		cands[0].IssuedTo != "acme.rootip-cloud.net" || !cands[0].NotAfter.Equal(a.Cert.NotAfter) || cands[1].FriendlyName != "二つ目" {
		t.Fatalf("candidates = %+v", cands)
	}
	for _, c := range []*pki.Leaf{a, b} {
		sha := Fingerprint256(c.Cert)
		// Any case, with colons, as a user copies it from a viewer.
		var colons []string
		for i := 0; i < len(sha); i += 2 {
			colons = append(colons, strings.ToLower(sha[i:i+2]))
		}
		id, err := DecodePick(data, "rootip", strings.Join(colons, ":"))
		if err != nil || !id.Leaf.Equal(c.Cert) || !publicKeysEqual(id.Key.Public(), c.Cert.PublicKey) {
			t.Fatalf("DecodePick(%s): %v", sha, err)
		}
		if len(id.Chain) != 1 || !id.Chain[0].Equal(f.inter.Cert) {
			t.Errorf("chain of the picked identity = %d certificates, want the intermediate only", len(id.Chain))
		}
	}
	if _, err := DecodePick(data, "rootip", strings.Repeat("AB", 32)); CodeOf(err) != SeveralIdentities || !strings.Contains(err.Error(), Fingerprint256(a.Cert)) {
		t.Fatalf("a pick matching nothing = %v, want several-identities listing the candidates", err)
	}
}

// TestPasswordOutsideTheBMP: go-pkcs12 cannot encode such a password; the
// reader uses UTF-16 surrogate pairs for the MAC and UTF-8 for PBES2, as
// OpenSSL and NSS do.
func TestPasswordOutsideTheBMP(t *testing.T) {
	f := testPKI(t)
	const pw = "pass😀𠮷"
	leaf := f.leaves[pki.P256]
	data := encodeLayout(t, pki.Layout{Password: pw, MACIterations: 2048, Safes: []pki.Safe{
		{Iterations: 2048, Bags: []pki.Bag{{Cert: leaf.Cert}}}, {Bags: []pki.Bag{{Key: leaf.Key, KeyIterations: 2048}}}}})
	if _, _, _, err := pkcs12.DecodeChain(data, pw); err == nil {
		t.Log("go-pkcs12 now reads passwords outside the BMP")
	}
	id, err := Decode(data, pw)
	if err != nil || !id.Leaf.Equal(leaf.Cert) {
		t.Fatalf("Decode: %v", err)
	}
	if _, err := Decode(data, "pass😀"); CodeOf(err) != WrongPassword {
		t.Fatalf("a wrong password gave %v", err)
	}
}
