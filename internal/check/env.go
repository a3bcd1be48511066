package check

import (
	"context"
	"crypto/x509"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/profile"
	"rootip-cert/internal/renewal"
	"rootip-cert/internal/store"
)

// StoreInfo describes a store the inventory looked at.
type StoreInfo struct {
	Kind      string
	Location  string
	Reader    store.Reader
	Available error // nil when usable
	ListErr   error
	// Expected: a browser reads this store, so the certificate belongs here.
	Expected bool
}

// Inventory is what the stores hold.
type Inventory struct {
	Stores  []StoreInfo
	Entries []store.Entry
	// Misplaced are vendor certificates found where browsers do not look
	// (Windows' 他の人 or CA stores, the macOS System keychain).
	Misplaced []store.Entry
	// Orphans are private keys without their certificate (an install
	// killed between its two writes), in the stores that can hold them.
	Orphans []store.Orphan
	// Unlisted are lists of stores that could not be read (a Firefox
	// profiles.ini): the profiles they name are unknown, not absent.
	Unlisted []store.Unlisted
}

// Env is everything the checks read. Only the use-case layer builds it
// (tests fill it directly); it holds no language: findings are data.
type Env struct {
	Profile *profile.Profile
	Now     func() time.Time

	// Certificates. LoadInventory, when set, fills Inventory concurrently
	// with the network checks.
	LoadInventory func(ctx context.Context) Inventory
	Inventory     Inventory
	// Signers are the stores that can sign with their keys: the mutual-TLS
	// check proves the installed certificate itself through them.
	Signers []store.SignerProvider
	// Keys are the stores that can say where a key is held (Windows: a
	// legacy CryptoAPI provider cannot sign for TLS 1.3).
	Keys []store.KeyDescriber
	// Identity from --p12 (nil when not given); P12Err when it failed.
	Identity *certfile.Identity
	P12Path  string
	P12Err   error

	// Network.
	URL     *url.URL          // the system address; nil skips the network checks
	Resolve map[string]string // "host:port" → address, as curl --resolve
	// ExtraCAs are the --server-ca roots: a chain they verify is valid
	// against the OS roots plus them too, so the OS roots are only loaded
	// when these do not suffice.
	ExtraCAs *x509.CertPool
	// LoadServerCAs builds the full trust anchors (OS roots plus
	// --server-ca) on first use: loading the OS roots costs milliseconds
	// that need not delay the other checks.
	LoadServerCAs func() *x509.CertPool
	serverCAs     *x509.CertPool
	rootsOnce     sync.Once
	// Proxy is the proxy configuration the browser uses (as data).
	Proxy machine.Proxy
	// ResolveProxy, when set, decides the proxy for the system address as
	// the browser does (Windows: WinHTTP with PAC and WPAD; HTTPS_PROXY
	// first); nil decides from Proxy alone.
	ResolveProxy func(ctx context.Context, u *url.URL) machine.ProxyDecision
	Resolver     *net.Resolver
	Dialer       *net.Dialer

	// OnFinding, when set, is called (from the check's goroutine) as each
	// check finishes: the window updates its rows live.
	OnFinding func(Finding)

	// Restart facts. LoadRestart, when set, reads them on first use
	// instead (it scans every process): the checks that need them read
	// them while the network checks run, not before the run starts.
	Restart     machine.Restart
	LoadRestart func() machine.Restart
	restartOnce sync.Once
	LastImport  time.Time

	// Browsers, when set, returns the installed browsers as the report
	// lists them (machine.Source.OS): firefox.profiles tells an installed
	// Firefox without a profile from no Firefox.
	Browsers func() []machine.Browser

	// Proofs are the mutual-TLS handshakes the renewal flow remembers
	// (cert.renewal counts them besides this run's net.mtls).
	Proofs []renewal.Proof
}

// roots returns the trust anchors for the server certificate.
func (e *Env) roots() *x509.CertPool {
	e.rootsOnce.Do(func() {
		if e.LoadServerCAs != nil {
			e.serverCAs = e.LoadServerCAs()
		}
		if e.serverCAs == nil {
			e.serverCAs = e.ExtraCAs
		}
	})
	return e.serverCAs
}

// restart returns the restart facts, loading them once.
func (e *Env) restart() machine.Restart {
	e.restartOnce.Do(func() {
		if e.LoadRestart != nil {
			e.Restart = e.LoadRestart()
		}
	})
	return e.Restart
}

// firefoxInstalled reports whether Browsers lists a Firefox (Firefox,
// Firefox ESR, Firefox Developer Edition ...).
// demoOnly: the inventory is the demo's scratch store alone.
func (e *Env) demoOnly() bool {
	if len(e.Inventory.Stores) == 0 {
		return false
	}
	for _, s := range e.Inventory.Stores {
		if s.Reader.Kind != store.ReaderScratch {
			return false
		}
	}
	return true
}

func (e *Env) firefoxInstalled() bool {
	if e.Browsers == nil {
		return false
	}
	for _, b := range e.Browsers() {
		if strings.HasPrefix(b.Name, "Firefox") {
			return true
		}
	}
	return false
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// finding builds a finding: the status comes from the catalog's outcome.
// An outcome the catalog does not declare is a programming error; it is
// reported as a failure rather than hidden.
func finding(id, outcome string, facts Facts) Finding {
	st := Fail
	if d, ok := declared(id); ok {
		if o, ok := d.Outcome(outcome); ok {
			st = o.Status
		}
	}
	return Finding{ID: id, Status: st, Outcome: outcome, Facts: normalize(facts)}
}
