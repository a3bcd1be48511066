package check

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// NetChecks are the network items, each depending on the one before.
func NetChecks() []Check {
	return []Check{
		simple{"net.proxy", nil, checkProxy},
		simple{"net.dns", []string{"net.proxy"}, checkDNS},
		simple{"net.tcp", []string{"net.dns"}, checkTCP},
		simple{"net.tls", []string{"net.tcp"}, checkTLS},
		simple{"net.mtls", []string{"net.tls", "inventory"}, checkMTLS},
		simple{"net.http", []string{"net.mtls"}, checkHTTP},
		simple{"clock.skew", []string{"net.http"}, checkClock},
	}
}

// All is the whole list in display order.
func All() []Check {
	return append(append(CertChecks(), NetChecks()...), simple{"restart.pending", nil, checkRestart})
}

// route is how to reach the server: directly or through a proxy.
type route struct {
	proxy *url.URL
	addrs []string // resolved addresses of the first hop
	port  string   // port of the first hop
}

func (e *Env) target() (host, port string) {
	host, port = e.URL.Hostname(), e.URL.Port()
	if port == "" {
		port = "443"
	}
	return host, port
}

func checkProxy(_ context.Context, e *Env, _ map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("net.proxy", Skip, "no_url", nil)
	}
	var p *url.URL
	if e.Proxy != nil {
		p, _ = e.Proxy(&http.Request{URL: e.URL, Method: http.MethodGet})
	}
	f := e.finding("net.proxy", OK, "direct", map[string]any{"Info": e.ProxyInfo})
	if p != nil {
		f = e.finding("net.proxy", OK, "proxy", map[string]any{"Proxy": p.Host, "Info": e.ProxyInfo})
	}
	f.data = route{proxy: p}
	return f
}

func checkDNS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("net.dns", Skip, "no_url", nil)
	}
	r, _ := deps["net.proxy"].data.(route)
	host, port := e.target()
	if r.proxy != nil {
		host, port = r.proxy.Hostname(), r.proxy.Port()
		if port == "" {
			port = "8080"
		}
	}
	r.port = port
	if addr, ok := e.Resolve[net.JoinHostPort(host, port)]; ok && r.proxy == nil {
		r.addrs = []string{addr}
		f := e.finding("net.dns", OK, "override", map[string]any{"Host": host, "Addrs": addr})
		f.data = r
		return f
	}
	if ip := net.ParseIP(host); ip != nil {
		r.addrs = []string{host}
		f := e.finding("net.dns", OK, "literal", map[string]any{"Host": host, "Addrs": host})
		f.data = r
		return f
	}
	resolver := e.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	addrs, err := resolver.LookupHost(ctx, host)
	if err != nil {
		if ctx.Err() != nil {
			return e.finding("net.dns", Fail, "timeout", nil)
		}
		return e.finding("net.dns", Fail, "failed", map[string]any{"Host": host, "Error": shortErr(err)})
	}
	r.addrs = addrs
	f := e.finding("net.dns", OK, "resolved", map[string]any{"Host": host, "Addrs": strings.Join(addrs, ", ")})
	f.data = r
	return f
}

// errProxyRefused is a proxy answering CONNECT with something other than 2xx.
type errProxyRefused struct{ status string }

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
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if r.proxy == nil {
		return conn, nil
	}
	host, port := e.target()
	target := net.JoinHostPort(host, port)
	fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: http.MethodConnect})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("proxy CONNECT: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		conn.Close()
		return nil, errProxyRefused{resp.Status}
	}
	return conn, nil
}

func checkTCP(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("net.tcp", Skip, "no_url", nil)
	}
	if deps["net.dns"].Status != OK {
		return e.finding("net.tcp", Skip, "not_reached", nil)
	}
	r := deps["net.dns"].data.(route)
	conn, err := e.dial(ctx, r)
	var refused errProxyRefused
	switch {
	case errors.As(err, &refused):
		return e.finding("net.tcp", Fail, "proxy_refused", map[string]any{"Status": refused.status, "Proxy": r.proxy.Host})
	case err != nil && isTimeout(ctx, err):
		return e.finding("net.tcp", Fail, "timeout", nil)
	case err != nil:
		return e.finding("net.tcp", Fail, "refused", map[string]any{"Error": shortErr(err)})
	}
	conn.Close()
	f := e.finding("net.tcp", OK, "connected", map[string]any{"Addr": net.JoinHostPort(r.addrs[0], r.port)})
	if r.proxy != nil {
		f = e.finding("net.tcp", OK, "via_proxy", map[string]any{"Proxy": r.proxy.Host})
	}
	f.data = r
	return f
}

// tlsInfo is what the first handshake learnt.
type tlsInfo struct {
	route
	roots      *x509.CertPool // the roots that verified the server
	asked      bool           // the server sent a CertificateRequest
	acceptable [][]byte       // the CAs it named there (DER subjects)
}

func checkTLS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("net.tls", Skip, "no_url", nil)
	}
	if deps["net.tcp"].Status != OK {
		return e.finding("net.tls", Skip, "not_reached", nil)
	}
	info := tlsInfo{route: deps["net.tcp"].data.(route)}
	conn, err := e.dial(ctx, info.route)
	if err != nil {
		return e.finding("net.tls", Fail, "timeout", nil)
	}
	defer conn.Close()
	host, _ := e.target()
	var chain []*x509.Certificate
	cfg := &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified below, so the chain is judged even if the handshake then fails
		VerifyConnection: func(cs tls.ConnectionState) error {
			chain = cs.PeerCertificates
			return nil
		},
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			info.asked, info.acceptable = true, cri.AcceptableCAs
			return &tls.Certificate{}, nil
		},
	}
	tc := tls.Client(conn, cfg)
	herr := tc.HandshakeContext(ctx)
	if len(chain) == 0 {
		if isTimeout(ctx, herr) {
			return e.finding("net.tls", Fail, "timeout", nil)
		}
		return e.finding("net.tls", Fail, "handshake", map[string]any{"Error": shortErr(herr)})
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	data := map[string]any{"Issuer": leaf.Issuer.CommonName, "Subject": leaf.Subject.CommonName, "Date": e.date(leaf.NotAfter)}
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
		return e.finding("net.tls", Fail, "expired", data)
	case errors.As(verr, &hostErr):
		return e.finding("net.tls", Fail, "name", map[string]any{"Host": host, "Subject": leaf.Subject.CommonName})
	case errors.As(verr, &unknown):
		return e.finding("net.tls", Fail, "untrusted", data)
	default:
		data["Error"] = shortErr(verr)
		return e.finding("net.tls", Fail, "invalid", data)
	}
	f := e.finding("net.tls", OK, "trusted", data)
	f.data = info
	return f
}

// httpResult is the response of the request made over the mutual-TLS connection.
type httpResult struct {
	status   int
	location string
	date     string
	title    string
}

func checkMTLS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if e.URL == nil {
		return e.finding("net.mtls", Skip, "no_url", nil)
	}
	if deps["net.tls"].Status != OK {
		return e.finding("net.mtls", Skip, "not_reached", nil)
	}
	info := deps["net.tls"].data.(tlsInfo)
	host, _ := e.target()
	conn, err := e.dial(ctx, info.route)
	if err != nil {
		return e.finding("net.mtls", Fail, "timeout", nil)
	}
	defer conn.Close()
	asked := false
	offered := false
	clientCert, leaf, release := e.clientCertificate()
	if release != nil {
		defer release()
	}
	cfg := &tls.Config{
		ServerName: host,
		RootCAs:    info.roots,
		Time:       e.now,
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			asked = true
			if clientCert == nil {
				return &tls.Certificate{}, nil
			}
			offered = true
			return clientCert, nil
		},
	}
	tc := tls.Client(conn, cfg)
	// In TLS 1.3 the server's verdict on our certificate arrives after the
	// client's handshake is done: only the response proves acceptance.
	res, err := roundTrip(ctx, tc, e.URL)
	data := map[string]any{"Error": shortErr(err)}
	if leaf != nil {
		data["Name"] = leaf.Subject.CommonName
		data["Issuer"] = leaf.Issuer.CommonName
	}
	var alert tls.AlertError
	switch {
	case err != nil && isTimeout(ctx, err):
		return e.finding("net.mtls", Fail, "timeout", nil)
	case err != nil && !asked && !info.asked:
		return e.finding("net.mtls", Fail, "error", data)
	case err != nil && errors.As(err, &alert) || err != nil && strings.Contains(err.Error(), "remote error"):
		if leaf == nil {
			return e.finding("net.mtls", Skip, "needs_cert", data)
		}
		if !issuerRequested(leaf, info.acceptable) {
			return e.finding("net.mtls", Fail, "wrong_ca", data)
		}
		return e.finding("net.mtls", Fail, "rejected", data)
	case err != nil:
		return e.finding("net.mtls", Fail, "error", data)
	}
	var f Finding
	switch {
	case !asked:
		f = e.finding("net.mtls", Warn, "not_asked", data)
	case !offered:
		f = e.finding("net.mtls", Skip, "no_identity", data)
	default:
		f = e.finding("net.mtls", OK, "accepted", data)
	}
	f.data = res
	return f
}

// clientCertificate is what the mutual-TLS check presents: the --p12
// identity, else the best installed certificate signed by its store.
func (e *Env) clientCertificate() (*tls.Certificate, *x509.Certificate, func()) {
	if e.Identity != nil {
		c := &tls.Certificate{Certificate: [][]byte{e.Identity.Leaf.Raw}, PrivateKey: e.Identity.Key, Leaf: e.Identity.Leaf}
		for _, ca := range e.Identity.Chain {
			c.Certificate = append(c.Certificate, ca.Raw)
		}
		return c, e.Identity.Leaf, nil
	}
	best, ok := e.best(e.usable())
	if !ok {
		return nil, nil, nil
	}
	for _, sp := range e.Signers {
		signer, schemes, release, err := sp.Signer(best.SHA256())
		if err != nil {
			continue
		}
		return &tls.Certificate{Certificate: [][]byte{best.Cert.Raw}, PrivateKey: signer, Leaf: best.Cert,
			SupportedSignatureAlgorithms: schemes}, best.Cert, release
	}
	return nil, nil, nil
}

// issuerRequested reports whether c's issuer is among the CAs the server
// named (an empty list means any).
func issuerRequested(c *x509.Certificate, acceptable [][]byte) bool {
	if len(acceptable) == 0 {
		return true
	}
	for _, a := range acceptable {
		if string(a) == string(c.RawIssuer) {
			return true
		}
	}
	return false
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
	resp, err := http.ReadResponse(bufio.NewReader(tc), req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return &httpResult{status: resp.StatusCode, location: resp.Header.Get("Location"), date: resp.Header.Get("Date"), title: htmlTitle(string(body))}, nil
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
		return e.finding("net.http", Skip, "no_url", nil)
	}
	res, ok := deps["net.mtls"].data.(*httpResult)
	if !ok || res == nil {
		return e.finding("net.http", Skip, "not_reached", nil)
	}
	data := map[string]any{"Status": res.status, "Location": res.location, "Title": res.title}
	switch {
	case res.status == http.StatusForbidden:
		return e.finding("net.http", Fail, "forbidden", data)
	case res.status/100 == 3:
		f := e.finding("net.http", OK, "redirect", data)
		f.data = res
		return f
	case res.status/100 == 2:
		f := e.finding("net.http", OK, "login", data)
		f.data = res
		return f
	}
	f := e.finding("net.http", Fail, "status", data)
	f.data = res
	return f
}

func checkClock(_ context.Context, e *Env, deps map[string]Finding) Finding {
	res, ok := deps["net.http"].data.(*httpResult)
	if !ok || res == nil || res.date == "" {
		return e.finding("clock.skew", Skip, "no_date", nil)
	}
	server, err := http.ParseTime(res.date)
	if err != nil {
		return e.finding("clock.skew", Skip, "no_date", nil)
	}
	skew := e.now().Sub(server).Round(time.Second)
	abs := skew
	if abs < 0 {
		abs = -abs
	}
	data := map[string]any{"Skew": skew.String()}
	switch {
	case abs > 5*time.Minute:
		return e.finding("clock.skew", Fail, "skewed", data)
	case abs > 2*time.Minute:
		return e.finding("clock.skew", Warn, "drift", data)
	}
	return e.finding("clock.skew", OK, "fine", data)
}

func isTimeout(ctx context.Context, err error) bool {
	var ne net.Error
	return ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// shortErr keeps the last, most specific part of an error chain.
func shortErr(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s)-i > 12 {
		return s[i+2:]
	}
	return s
}
