package check

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"rootip-cert/internal/machine"
)

// Read limits: a hostile proxy or server cannot make the check read
// without end (the connection's deadline bounds the time).
const (
	maxHeaderBytes = 64 << 10 // CONNECT reply, or response headers
	maxBodyBytes   = 64 << 10 // what is read of the login page
)

// route is how to reach the server: directly or through a proxy.
type route struct {
	proxy *url.URL
	addrs []string // resolved addresses of the first hop
	port  string   // port of the first hop
	// conn is net.tcp's connection (through the proxy's tunnel), handed to
	// net.tls so that it makes no second one; nil in net.tls's own data.
	conn net.Conn
}

func (e *Env) target() (host, port string) {
	host, port = e.URL.Hostname(), e.URL.Port()
	if port == "" {
		port = "443"
	}
	return host, port
}

func proxyFacts(p machine.Proxy) Facts {
	f := Facts{"source": p.Source}
	for k, v := range map[string]string{"https": p.HTTPS, "socks": p.SOCKS, "env_var": p.EnvVar,
		"desktop": p.Desktop, "env_ignored": p.EnvIgnored, "pac": p.PAC} {
		if v != "" {
			f[k] = v
		}
	}
	if p.AutoDetect {
		f["auto_detect"] = true
	}
	if len(p.Bypass) > 0 {
		f["bypass"] = p.Bypass
	}
	return f
}

func checkProxy(ctx context.Context, e *Env, _ map[string]Finding) Finding {
	if e.URL == nil {
		// The settings still go into the report, which reads them here.
		return finding(NetProxy, OutcomeNoURL, proxyFacts(e.Proxy))
	}
	d := e.decideProxy(ctx)
	facts := proxyFacts(e.Proxy)
	facts["via"] = d.Via
	for k, v := range map[string]string{"proxy": d.Proxy, "scheme": d.Scheme, "script": d.Script, "rule": d.Rule, "script_error": d.Error} {
		if v != "" {
			facts[k] = v
		}
	}
	var f Finding
	switch {
	case d.Via == machine.ViaPACFailed || d.Via == machine.ViaUnevaluated:
		// The browser's script gave no answer (or this build cannot run
		// it): the checks use the fallback, the manual proxy or direct.
		f = finding(NetProxy, "pac", facts)
	case d.Proxy != "":
		f = finding(NetProxy, "proxy", facts)
	default:
		f = finding(NetProxy, "direct", facts)
	}
	f.data = route{proxy: d.URL()}
	return f
}

// decideProxy is the proxy decision for the system address: the OS's
// (ResolveProxy, bounded to half the time left so that the checks that go
// through it keep the other half), or the settings' own.
func (e *Env) decideProxy(ctx context.Context) machine.ProxyDecision {
	if e.ResolveProxy == nil {
		return e.Proxy.Decide(e.URL)
	}
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Until(dl)/2)
		defer cancel()
	}
	return e.ResolveProxy(ctx, e.URL)
}

func checkDNS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return finding(NetDNS, OutcomeNoURL, nil)
	}
	r, _ := deps[NetProxy].data.(route)
	host, port := e.target()
	if r.proxy != nil {
		host, port = r.proxy.Hostname(), r.proxy.Port()
		if port == "" {
			port = "8080"
		}
	}
	r.port = port
	facts := Facts{"host": host, "via_proxy": r.proxy != nil}
	if r.proxy != nil {
		// The name resolved here is the proxy's: say so, and which
		// setting named it.
		e.proxyHop(facts, r, port)
	}
	if addr, ok := e.Resolve[net.JoinHostPort(strings.ToLower(host), port)]; ok && r.proxy == nil {
		r.addrs = []string{addr}
		facts["addrs"] = r.addrs
		f := finding(NetDNS, "override", facts)
		f.data = r
		return f
	}
	if ip := net.ParseIP(host); ip != nil {
		r.addrs = []string{host}
		facts["addrs"] = r.addrs
		f := finding(NetDNS, "literal", facts)
		f.data = r
		return f
	}
	resolver := e.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	addrs, err := resolver.LookupHost(ctx, host)
	if err != nil {
		if isTimeout(ctx, err) {
			return finding(NetDNS, OutcomeTimeout, nil)
		}
		return finding(NetDNS, "failed", errFacts(ctx, err, facts))
	}
	r.addrs = addrs
	facts["addrs"] = addrs
	f := finding(NetDNS, "resolved", facts)
	f.data = r
	return f
}

// proxyHop adds the facts that name the proxy the checks go through: its
// address and port, its kind, and the setting that named it (a proxy
// that cannot be reached is fixed there).
func (e *Env) proxyHop(f Facts, r route, port string) {
	f["proxy"] = net.JoinHostPort(r.proxy.Hostname(), port)
	if r.proxy.Scheme == machine.SOCKS4 || r.proxy.Scheme == machine.SOCKS5 {
		f["scheme"] = r.proxy.Scheme
	}
	if e.Proxy.Source != "" {
		f["source"] = e.Proxy.Source
	}
	if e.Proxy.Source == machine.ProxyEnv && e.Proxy.EnvVar != "" {
		f["env_var"] = e.Proxy.EnvVar
	}
}

// Where a connection through a proxy failed (net.tcp's proxy_step fact).
const (
	proxyStepConnect = "connect" // the proxy itself was not reached
	proxyStepResolve = "resolve" // SOCKS4: the system address's IPv4 address, looked up here
	proxyStepRelay   = "relay"   // the proxy was reached; the tunnel through it failed
)

// errProxyStep is a failure on the way through a proxy before the tunnel
// exists: connecting to the proxy, or (SOCKS4) looking up the system
// address here.
type errProxyStep struct {
	step string
	err  error
}

func (e errProxyStep) Error() string { return "proxy " + e.step + ": " + e.err.Error() }
func (e errProxyStep) Unwrap() error { return e.err }

// proxyStep is where a connection through a proxy failed.
func proxyStep(err error) string {
	var ps errProxyStep
	if errors.As(err, &ps) {
		return ps.step
	}
	return proxyStepRelay
}

// errProxyRefused is a proxy answering CONNECT with something other than
// 2xx (HTTP), or a SOCKS proxy refusing the request; reply is a SOCKS
// reply's catalog code ("socks4-91"), "" for HTTP.
type errProxyRefused struct{ status, reply string }

func (e errProxyRefused) Error() string { return "proxy refused CONNECT: " + e.status }

// dial opens a connection to the server along the route (through the
// proxy's CONNECT tunnel when there is one), bounded by ctx.
func (e *Env) dial(ctx context.Context, r route) (net.Conn, error) {
	d := e.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	var conn net.Conn
	var err error
	for _, a := range r.addrs {
		if conn, err = d.DialContext(ctx, "tcp", net.JoinHostPort(a, r.port)); err == nil {
			break
		}
	}
	if conn == nil {
		if err == nil {
			err = errors.New("no address")
		}
		if r.proxy != nil {
			err = errProxyStep{proxyStepConnect, err}
		}
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// A connection one check hands to the next is closed at the latest
	// when the run ends, even if the next check never runs.
	context.AfterFunc(ctx, func() { conn.Close() })
	if r.proxy == nil {
		return conn, nil
	}
	host, port := e.target()
	target := net.JoinHostPort(host, port)
	switch r.proxy.Scheme {
	case machine.SOCKS5:
		return socks5Connect(conn, r.proxy, target)
	case machine.SOCKS4:
		ip, err := e.resolve4(ctx, host, port)
		if err != nil {
			conn.Close()
			return nil, errProxyStep{proxyStepResolve, err}
		}
		n, _ := strconv.Atoi(port)
		return socks4Connect(conn, ip, n)
	}
	req := fmt.Sprintf("CONNECT %s HTTP/1.1\r\nHost: %s\r\n", target, target)
	if u := r.proxy.User; u != nil {
		pw, _ := u.Password()
		req += "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)) + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("proxy CONNECT: %w", err)
	}
	br := bufio.NewReader(&capReader{r: conn, n: maxHeaderBytes})
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("proxy CONNECT: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		conn.Close()
		return nil, errProxyRefused{status: resp.Status}
	}
	if br.Buffered() > 0 {
		conn.Close()
		return nil, errors.New("proxy CONNECT: data after the reply")
	}
	return conn, nil
}

// unreached is the finding of a network step that cannot run, and whether
// there is one: no system address, or the step before it did not succeed.
func unreached(id string, e *Env, before Finding) (Finding, bool) {
	if e.URL == nil {
		return finding(id, OutcomeNoURL, nil), true
	}
	if before.Status != OK {
		return notReached(id, before), true
	}
	return Finding{}, false
}

// notReached is the finding of a step that did not run because before did
// not succeed; its facts name the step that stopped the chain (blocked_by),
// so the words can say which row to look at.
func notReached(id string, before Finding) Finding {
	return finding(id, OutcomeNotReached, Facts{"blocked_by": blockedBy(before)})
}

// blockedBy is the check that stopped a chain at f: f's own blocker when f
// was itself not reached, else f.
func blockedBy(f Finding) string {
	if f.Outcome == OutcomeNotReached {
		if b := f.Facts.String("blocked_by"); b != "" {
			return b
		}
	}
	return f.ID
}

func checkTCP(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if f, stop := unreached(NetTCP, e, deps[NetDNS]); stop {
		return f
	}
	r := deps[NetDNS].data.(route)
	conn, err := e.dial(ctx, r)
	var refused errProxyRefused
	switch {
	case errors.As(err, &refused):
		facts := Facts{"status": refused.status, "proxy": r.proxy.Host}
		if refused.reply != "" {
			facts["socks_reply"] = refused.reply
		}
		return finding(NetTCP, "proxy-refused", facts)
	case err != nil && isTimeout(ctx, err):
		return finding(NetTCP, OutcomeTimeout, nil)
	case err != nil:
		// port stays the system address's; through a proxy, the facts
		// name the proxy and where on the way through it the failure was.
		_, port := e.target()
		facts := Facts{"port": port, "via_proxy": r.proxy != nil}
		if r.proxy != nil {
			e.proxyHop(facts, r, r.port)
			facts["proxy_step"] = proxyStep(err)
		}
		return finding(NetTCP, "refused", errFacts(ctx, err, facts))
	}
	f := finding(NetTCP, "connected", Facts{"addr": net.JoinHostPort(r.addrs[0], r.port)})
	if r.proxy != nil {
		f = finding(NetTCP, "via-proxy", Facts{"proxy": r.proxy.Host})
	}
	r.conn = conn // net.tls's handshake runs on it
	f.data = r
	return f
}

// tlsInfo is what net.tls hands to net.mtls.
type tlsInfo struct {
	route
	roots *x509.CertPool // the roots that verified the server
	hs    *handshake     // the handshake, paused for the client certificate
}

func checkTLS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if f, stop := unreached(NetTLS, e, deps[NetTCP]); stop {
		return f
	}
	info := tlsInfo{route: deps[NetTCP].data.(route)}
	conn := info.conn
	info.conn = nil
	if conn == nil {
		var err error
		if conn, err = e.dial(ctx, info.route); err != nil {
			return finding(NetTLS, OutcomeTimeout, nil)
		}
	}
	host, _ := e.target()
	hs := startHandshake(ctx, conn, host)
	handed := false
	defer func() {
		if !handed {
			hs.abandon()
		}
	}()
	chain, herr := hs.serverChain()
	if len(chain) == 0 {
		if isTimeout(ctx, herr) {
			return finding(NetTLS, OutcomeTimeout, nil)
		}
		return finding(NetTLS, "handshake", errFacts(ctx, herr, nil))
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	facts := Facts{"subject": leaf.Subject.CommonName, "issuer": leaf.Issuer.CommonName, "not_after": leaf.NotAfter.UTC(), "host": host}
	opts := x509.VerifyOptions{Intermediates: inter, DNSName: host, CurrentTime: e.now()}
	var verr error = errors.New("no extra roots")
	if e.ExtraCAs != nil {
		opts.Roots = e.ExtraCAs
		_, verr = leaf.Verify(opts)
	}
	if verr != nil {
		opts.Roots = e.roots()
		_, verr = leaf.Verify(opts)
	}
	info.roots = opts.Roots
	var invalid x509.CertificateInvalidError
	var hostErr x509.HostnameError
	var unknown x509.UnknownAuthorityError
	switch {
	case verr == nil:
	case errors.As(verr, &invalid) && invalid.Reason == x509.Expired:
		return finding(NetTLS, "expired", facts)
	case errors.As(verr, &hostErr):
		names := append([]string{}, leaf.DNSNames...)
		for _, ip := range leaf.IPAddresses {
			names = append(names, ip.String())
		}
		facts["names"] = names
		return finding(NetTLS, "name", facts)
	case errors.As(verr, &unknown):
		return finding(NetTLS, "untrusted", facts)
	default:
		facts["error"] = shortErr(verr)
		return finding(NetTLS, "invalid", facts)
	}
	f := finding(NetTLS, "trusted", facts)
	info.hs, handed = hs, true
	f.data = info
	return f
}

// httpResult is the response of the request made over the mutual-TLS connection.
type httpResult struct {
	status   int
	location string
	date     string
	title    string
	body     string // the start of the body, for rejection pages
}

func roundTrip(ctx context.Context, tc *tls.Conn, u *url.URL) (*httpResult, error) {
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "rootip-cert diagnose")
	req.Close = true
	if err := req.Write(tc); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(&capReader{r: tc, n: maxHeaderBytes + maxBodyBytes}), req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	return &httpResult{status: resp.StatusCode, location: resp.Header.Get("Location"), date: resp.Header.Get("Date"),
		title: htmlTitle(string(body)), body: string(body)}, nil
}

func htmlTitle(body string) string {
	lower := strings.ToLower(body)
	i := strings.Index(lower, "<title>")
	j := strings.Index(lower, "</title>")
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(body[i+7 : j])
}

func checkHTTP(_ context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return finding(NetHTTP, OutcomeNoURL, nil)
	}
	res, ok := deps[NetMTLS].data.(*httpResult)
	if !ok || res == nil {
		return notReached(NetHTTP, deps[NetMTLS])
	}
	facts := Facts{"status": res.status, "title": res.title}
	var f Finding
	switch {
	case res.status == http.StatusForbidden:
		f = finding(NetHTTP, "forbidden", facts)
	case res.status/100 == 3:
		facts["location"] = res.location
		f = finding(NetHTTP, "redirect", facts)
		if to, err := e.URL.Parse(res.location); err == nil && !strings.EqualFold(to.Hostname(), e.URL.Hostname()) {
			facts["to_host"] = to.Hostname()
			f = finding(NetHTTP, "redirect-other-host", facts)
		}
	case res.status/100 == 2:
		f = finding(NetHTTP, "login", facts)
	case res.status == http.StatusBadGateway || res.status == http.StatusServiceUnavailable || res.status == http.StatusGatewayTimeout:
		f = finding(NetHTTP, "server-down", facts)
	default:
		f = finding(NetHTTP, "status", facts)
	}
	return f
}

// refusalResponse is net.mtls's data when the server refused the client
// certificate with an HTTP response (nginx 400, IIS 403.16 ...): not a
// page net.http is to judge, but a response that still dates the server.
type refusalResponse struct{ *httpResult }

// serverDate is the Date header of the response the checks received
// (net.mtls's, on the one connection): the page's, whatever its status, or
// the refusal's.
func serverDate(deps map[string]Finding) string {
	switch res := deps[NetMTLS].data.(type) {
	case *httpResult:
		if res != nil {
			return res.date
		}
	case refusalResponse:
		if res.httpResult != nil {
			return res.date
		}
	}
	return ""
}

func checkClock(_ context.Context, e *Env, deps map[string]Finding) Finding {
	date := serverDate(deps)
	if date == "" {
		if h := deps[NetHTTP]; h.Outcome == OutcomeNotReached {
			// No response to read the date from: say which step failed.
			return finding(ClockSkew, "no-date", Facts{"blocked_by": blockedBy(h)})
		}
		return finding(ClockSkew, "no-date", nil)
	}
	server, err := http.ParseTime(date)
	if err != nil {
		return finding(ClockSkew, "no-date", nil)
	}
	skew := e.now().Sub(server).Round(time.Second)
	abs := skew
	if abs < 0 {
		abs = -abs
	}
	facts := Facts{"skew_seconds": int(skew.Seconds())}
	switch {
	case abs > 5*time.Minute:
		return finding(ClockSkew, "skewed", facts)
	case abs > 2*time.Minute:
		return finding(ClockSkew, "drift", facts)
	}
	return finding(ClockSkew, "fine", facts)
}
