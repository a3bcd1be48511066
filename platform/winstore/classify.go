package winstore

import (
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
