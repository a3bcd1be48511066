package check

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/i18n"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/store"
)

// StoreInfo describes a store the inventory looked at.
type StoreInfo struct {
	Kind      string
	Location  string
	Browser   string
	Available error // nil when usable
	ListErr   error
	// Expected: a detected browser reads this store, so the certificate
	// belongs here.
	Expected bool
}

// Env is everything the checks read. Tests fill it directly.
type Env struct {
	Msg     *i18n.Catalog
	Profile *profile.Profile
	Now     func() time.Time

	// Certificates. LoadInventory, when set, fills Stores and Inventory
	// concurrently with the network checks.
	LoadInventory func(ctx context.Context) ([]StoreInfo, []store.Entry)
	Stores        []StoreInfo
	Inventory     []store.Entry
	// Signers are the stores that can sign with their keys; when no
	// --p12 identity is given, the mutual-TLS check uses the best installed
	// certificate through them.
	Signers []store.SignerProvider
	// Identity from --p12 (nil when not given); P12Err when it failed.
	Identity *certfile.Identity
	P12Path  string
	P12Err   error
	// Misplaced are vendor certificates found where browsers do not look
	// (Windows' 他の人 or CA stores ...); LoadMisplaced fills it in the
	// inventory step.
	Misplaced     []store.Entry
	LoadMisplaced func(ctx context.Context) []store.Entry

	// Network.
	URL       *url.URL          // the system address; nil skips the network checks
	Resolve   map[string]string // "host:port" → address, as curl --resolve
	ServerCAs *x509.CertPool    // system roots plus --server-ca
	// ExtraCAs are the --server-ca roots alone: a chain they verify is valid
	// against the OS roots plus them too, so the OS roots are only loaded
	// when these do not suffice.
	ExtraCAs *x509.CertPool
	// LoadServerCAs, when set, builds ServerCAs on first use (loading the
	// OS roots costs milliseconds that need not delay the other checks).
	LoadServerCAs func() *x509.CertPool
	rootsOnce     sync.Once
	Proxy         func(*http.Request) (*url.URL, error)
	ProxyInfo     string // OS proxy settings (PAC URL ...), for the report
	Resolver      *net.Resolver
	Dialer        *net.Dialer

	// OnFinding, when set, is called (from the check's goroutine) as each
	// check finishes: the GUI updates its rows live.
	OnFinding func(Finding)

	// Restart facts.
	BootTime       time.Time
	LastImport     time.Time
	BrowserStarted map[string]time.Time // running browser → process start
}

// roots returns the trust anchors for the server certificate.
func (e *Env) roots() *x509.CertPool {
	e.rootsOnce.Do(func() {
		if e.ServerCAs == nil && e.LoadServerCAs != nil {
			e.ServerCAs = e.LoadServerCAs()
		}
	})
	return e.ServerCAs
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// manualTopics maps each check to the manual section the fix refers to.
var manualTopics = map[string]string{
	"cert.file": "renewal", "cert.installed": "install.windows", "cert.location": "check.delete",
	"cert.key": "check.delete", "cert.expiry": "renewal", "cert.stale": "check.delete",
	"cert.multiple": "troubleshooting", "cert.match": "troubleshooting", "firefox.profiles": "install.firefox",
	"net.proxy": "troubleshooting", "net.dns": "troubleshooting", "net.tcp": "troubleshooting",
	"net.tls": "troubleshooting", "net.mtls": "troubleshooting", "net.http": "troubleshooting",
	"clock.skew": "troubleshooting", "restart.pending": "troubleshooting",
}

// finding builds a localized finding: title from check.ID.title, detail from
// check.ID.OUTCOME, fix from check.ID.OUTCOME.fix when the catalog has one.
func (e *Env) finding(id string, st Status, outcome string, data map[string]any) Finding {
	f := Finding{ID: id, Status: st, Title: e.Msg.T("check." + id + ".title")}
	key := "check." + id + "." + outcome
	if outcome == "timeout" || outcome == "not_reached" || outcome == "no_url" {
		key = "check.common." + outcome
	}
	f.Detail = e.Msg.T(key, data)
	if e.Msg.Has(key + ".fix") {
		f.Fix = e.Msg.T(key+".fix", data)
	}
	if st == OK || st == Skip {
		f.Fix = ""
	}
	if ref := e.Profile.ManualRef(manualTopics[id]); ref != "" && f.Fix != "" {
		f.Manual = ref
	}
	return f
}
