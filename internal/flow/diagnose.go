package flow

import (
	"context"
	"crypto/x509"
	"net/url"
	"time"

	"rootip-cert/internal/certfile"
	"rootip-cert/internal/check"
	"rootip-cert/internal/machine"
	"rootip-cert/internal/store"
)

// DiagnoseRequest is one checklist run.
type DiagnoseRequest struct {
	// URL is the system address (nil: the remembered one, if any).
	URL *url.URL
	// Resolve maps "host:port" to an address, as curl --resolve.
	Resolve map[string]string
	// ServerCAs are extra trusted roots for the server (--server-ca).
	ServerCAs []*x509.Certificate
	// OnlyServerCAs trusts ServerCAs alone, not the OS roots (the demo).
	OnlyServerCAs bool
	// Proxy overrides the OS proxy settings and the OS's decision (the
	// demo goes direct).
	Proxy *machine.Proxy
	// Identity is the file given to test (--p12, the window's file).
	Identity *certfile.Identity
	P12Path  string
	P12Err   error
	// Timeout bounds the network checks (default 10 s).
	Timeout time.Duration
	// Restart overrides the machine's restart facts (the demo: no browser
	// reads its scratch store, so none needs a restart for it).
	Restart *machine.Restart
	// OnFinding is called as each check finishes (from its goroutine).
	OnFinding func(check.Finding)
}

// keeper is a store that can keep its database open across calls for a
// while (platform/nss: its inventory and its signer share one session);
// Keep returns the function that ends it.
type keeper interface{ Keep() (release func()) }

// Diagnosis is a checklist run with its verdict and the one next step.
type Diagnosis struct {
	Result  check.Result
	Verdict Verdict
	// Missing says what kept the verdict from "ok" when nothing failed.
	Missing []string
	// Next is the finding whose fix to do first: a failure, else what
	// keeps the run incomplete, else a warning to act on (which
	// certificate to pick among several). There is none when nothing
	// failed, nothing is missing and no row warns but with optional advice
	// (deleting expired certificates) — an ok run can have one.
	Next    check.Finding
	HasNext bool
	// URL is the system address the run used (nil when none).
	URL *url.URL
}

// Diagnose runs the checklist. It is the only place a check environment
// is built.
func (f *Flow) Diagnose(ctx context.Context, req DiagnoseRequest) Diagnosis {
	// The support code and the report describe the OS and its browsers:
	// read them while the checks wait for the network.
	go f.Machine()
	env := f.checkEnv(req)
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	// A store that can keep its database open from the inventory to the
	// mutual-TLS check's signer (NSS) does so for this run.
	stores, _ := f.Stores()
	for _, s := range stores {
		if k, ok := s.(keeper); ok {
			defer k.Keep()()
		}
	}
	res := check.Run(ctx, env, timeout)
	// A handshake with a certificate proves it (or proves it refused):
	// remembered for the renewal state, whichever screen ran it.
	if mtls, found := res.Find(check.NetMTLS); found && env.URL != nil {
		if p, proved := check.HandshakeProof(mtls, env.URL.Hostname(), f.Now()); proved {
			_ = f.RememberProof(p)
		}
	}
	return Judge(res, env.URL)
}

func (f *Flow) checkEnv(req DiagnoseRequest) *check.Env {
	env := &check.Env{
		Profile: f.d.Profile, Now: f.d.Now, URL: req.URL, Resolve: req.Resolve,
		Identity: req.Identity, P12Path: req.P12Path, P12Err: req.P12Err,
		OnFinding: req.OnFinding,
	}
	if env.P12Path != "" && env.Identity == nil && env.P12Err == nil {
		// A file named but never read (the window before its password
		// step): there is no file to check, rather than one with nothing in it.
		env.P12Path = ""
	}
	if env.URL == nil {
		env.URL = f.RememberedURL()
	}
	if env.Resolve == nil {
		env.Resolve = map[string]string{}
	}
	if req.Proxy != nil {
		env.Proxy = *req.Proxy
	} else {
		env.Proxy = f.d.Machine.ProxyConfig()
		env.ResolveProxy = f.d.Machine.ProxyResolver()
	}
	if len(req.ServerCAs) > 0 {
		env.ExtraCAs = x509.NewCertPool()
		for _, c := range req.ServerCAs {
			env.ExtraCAs.AddCert(c)
		}
	}
	if !req.OnlyServerCAs {
		extra := req.ServerCAs
		env.LoadServerCAs = func() *x509.CertPool {
			pool, err := x509.SystemCertPool()
			if err != nil || pool == nil {
				pool = x509.NewCertPool()
			}
			for _, c := range extra {
				pool.AddCert(c)
			}
			return pool
		}
	}
	env.LoadInventory = f.Inventory
	env.Browsers = func() []machine.Browser { _, b := f.Machine(); return b }
	stores, _ := f.Stores()
	for _, s := range stores {
		if sp, ok := s.(store.SignerProvider); ok {
			env.Signers = append(env.Signers, sp)
		}
		if kd, ok := s.(store.KeyDescriber); ok {
			env.Keys = append(env.Keys, kd)
		}
	}
	env.LastImport = f.LastImport()
	env.Proofs = f.proofs()
	env.LoadRestart = f.restartFacts
	if req.Restart != nil {
		r := *req.Restart
		env.LoadRestart = func() machine.Restart { return r }
	}
	return env
}
