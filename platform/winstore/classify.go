package winstore

import (
	"bytes"
	"crypto/x509"
	"strings"

	"rootip-cert/internal/certfile"
)

// StoreName is a system store the inventory reads, as Windows names it.
type StoreName struct {
	Machine bool   // LocalMachine instead of CurrentUser
	Name    string // MY, CA, ROOT, ADDRESSBOOK, TRUSTEDPEOPLE
}

// Location is the name shown to users and in JSON: `CurrentUser\MY`.
func (s StoreName) Location() string {
	scope := "CurrentUser"
	if s.Machine {
		scope = "LocalMachine"
	}
	return scope + `\` + s.Name
}

// Personal is where Chrome and Edge look: CurrentUser\MY (個人).
var Personal = StoreName{Name: "MY"}

// InventoryStores are read to find certificates in the wrong place: the
// import wizard's automatic choice puts a client certificate into 他の人
// (ADDRESSBOOK) or 中間証明機関 (CA); administrators sometimes use the
// machine's Personal store.
var InventoryStores = []StoreName{
	{Name: "MY"}, {Name: "CA"}, {Name: "ROOT"}, {Name: "ADDRESSBOOK"}, {Name: "TRUSTEDPEOPLE"},
	{Machine: true, Name: "MY"},
}

// KeyInfo describes the private key linked to a certificate.
type KeyInfo struct {
	Present  bool
	Provider string // the CSP or KSP name
	CNG      bool   // a CNG key storage provider (dwProvType 0): can sign RSA-PSS
	// Exportable is known only for CryptoAPI keys (nil: unknown).
	Exportable *bool
}

// Misplaced reports whether a certificate in store s is a vendor client
// certificate that browsers will not offer from there.
func Misplaced(c *x509.Certificate, s StoreName, domains []string) bool {
	if s == Personal || c.IsCA || !certfile.LooksLikeVendor(c, domains) {
		return false
	}
	return certfile.AllowsClientAuth(c)
}

// IsCNGProvider tells a CNG key storage provider from a CryptoAPI CSP:
// CNG providers have provider type 0 in CRYPT_KEY_PROV_INFO.
func IsCNGProvider(provType uint32, name string) bool {
	return provType == 0 || strings.Contains(name, "Key Storage Provider")
}

// keyRef names a private key the way CRYPT_KEY_PROV_INFO records it: a
// container (CryptoAPI) or key name (CNG) in a provider.
type keyRef struct {
	Container string
	Provider  string
	ProvType  uint32 // 0 for a CNG key storage provider
	Flags     uint32 // CRYPT_MACHINE_KEYSET / NCRYPT_MACHINE_KEY_FLAG (both 0x20)
	KeySpec   uint32
}

const machineKeyset = 0x20

// CNG reports whether the key is held by a CNG key storage provider.
func (k keyRef) CNG() bool { return IsCNGProvider(k.ProvType, k.Provider) }

// same reports whether two links name one stored key. Container names are
// compared without case, as Windows does, and the provider is ignored: the
// Microsoft CryptoAPI RSA providers share one container namespace (the
// signer reopens a container with the AES provider), so a key is kept
// while any certificate might still use it.
func (k keyRef) same(o keyRef) bool {
	return k.Container != "" && strings.EqualFold(k.Container, o.Container) &&
		k.Flags&machineKeyset == o.Flags&machineKeyset
}

// referenced reports whether any of refs names the same key as k.
func (k keyRef) referenced(refs []keyRef) bool {
	for _, r := range refs {
		if k.same(r) {
			return true
		}
	}
	return false
}

// AddedMarker is the description (CERT_DESCRIPTION_PROP_ID, shown in the
// certificate's properties) set on each CA certificate Import puts into 個人
// because it was not there: Delete removes only CA certificates carrying
// it, never one the user had before. A fixed value, not translated.
const AddedMarker = "rootip-cert: クライアント証明書と一緒に追加 (added with the client certificate)"

// orphanedCAs returns the CA certificates of candidates (those Import
// added) that issued, directly or through others, a certificate in removed
// and that no certificate of remaining still chains through. Certificates
// are matched by subject and signature, in the one store.
func orphanedCAs(removed, remaining, candidates []*x509.Certificate) []*x509.Certificate {
	all := append(append([]*x509.Certificate{}, remaining...), removed...)
	issuers := func(c *x509.Certificate) []*x509.Certificate {
		var out []*x509.Certificate
		for _, ca := range all {
			if ca.IsCA && !ca.Equal(c) && bytes.Equal(ca.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(ca) == nil {
				out = append(out, ca)
			}
		}
		return out
	}
	ancestors := func(starts []*x509.Certificate) map[string]bool {
		seen := map[string]bool{}
		queue := append([]*x509.Certificate{}, starts...)
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			for _, ca := range issuers(c) {
				if fp := certfile.Fingerprint256(ca); !seen[fp] {
					seen[fp] = true
					queue = append(queue, ca)
				}
			}
		}
		return seen
	}
	isCandidate := map[string]bool{}
	for _, c := range candidates {
		isCandidate[certfile.Fingerprint256(c)] = true
	}
	var keep []*x509.Certificate
	for _, c := range remaining {
		if !isCandidate[certfile.Fingerprint256(c)] {
			keep = append(keep, c)
		}
	}
	needed := ancestors(keep)
	var out []*x509.Certificate
	for fp := range ancestors(removed) {
		if isCandidate[fp] && !needed[fp] {
			for _, c := range candidates {
				if certfile.Fingerprint256(c) == fp {
					out = append(out, c)
					break
				}
			}
		}
	}
	return out
}
