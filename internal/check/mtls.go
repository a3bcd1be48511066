package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"strings"

	"rootip-cert/internal/store"
)

// clientCert is what the mutual-TLS check presents.
type clientCert struct {
	cert *tls.Certificate
	leaf *x509.Certificate
	// signer is "store" when the installed key signs (what the browser
	// will use), "file" when the --p12 file's key does.
	signer   string
	location string
	// maxVersion caps the handshake at TLS 1.2 when the key cannot sign
	// RSA-PSS (a CryptoAPI key, some tokens), as Chromium does.
	maxVersion uint16
	release    func()
}

// clientCertificate picks the identity: the installed certificate signed by
// its own store (the --p12 file's certificate when it is installed, else the
// best installed one); the --p12 file's key only when its certificate is not
// installed anywhere that can sign.
func (e *Env) clientCertificate() *clientCert {
	var want []store.Entry
	if e.Identity != nil {
		for _, en := range e.usable() {
			if en.SHA256() == fingerprint(e.Identity.Leaf) {
				want = append(want, en)
			}
		}
	} else if best, ok := e.best(e.usable()); ok {
		for _, en := range e.usable() {
			if en.SHA256() == best.SHA256() {
				want = append(want, en)
			}
		}
	}
	for _, en := range want {
		for _, sp := range e.Signers {
			if loc, ok := sp.(interface{ Location() string }); ok && loc.Location() != en.Location {
				continue
			}
			signer, schemes, release, err := sp.Signer(en.SHA256())
			if err != nil {
				continue
			}
			c := &clientCert{
				cert: &tls.Certificate{Certificate: [][]byte{en.Cert.Raw}, PrivateKey: signer, Leaf: en.Cert,
					SupportedSignatureAlgorithms: schemes},
				leaf: en.Cert, signer: "store", location: en.Location, release: release,
			}
			c.maxVersion = store.CapTLSVersion(schemes)
			return c
		}
	}
	if e.Identity != nil {
		c := &tls.Certificate{Certificate: [][]byte{e.Identity.Leaf.Raw}, PrivateKey: e.Identity.Key, Leaf: e.Identity.Leaf}
		for _, ca := range e.Identity.Chain {
			c.Certificate = append(c.Certificate, ca.Raw)
		}
		return &clientCert{cert: c, leaf: e.Identity.Leaf, signer: "file", location: e.P12Path}
	}
	return nil
}

// installedAnywhere reports whether c is in a store the browsers read (the
// file's certificate may be there with a key the check cannot sign with).
func (e *Env) installedAnywhere(c *x509.Certificate) bool {
	for _, en := range e.vendorEntries() {
		if en.SHA256() == fingerprint(c) {
			return true
		}
	}
	return false
}

func checkMTLS(ctx context.Context, e *Env, deps map[string]Finding) Finding {
	if f, stop := unreached(NetMTLS, e, deps[NetTLS]); stop {
		return f
	}
	info := deps[NetTLS].data.(tlsInfo)
	host, _ := e.target()
	cc := e.clientCertificate()
	if cc != nil && cc.release != nil {
		// The store's session stays open for the handshake; release it on
		// this goroutine (NSS sessions are tied to it).
		defer cc.release()
	}
	hs := info.hs
	if hs != nil && cc != nil && cc.maxVersion != 0 {
		// Its ClientHello offered TLS 1.3, which this key cannot sign for.
		hs.abandon()
		hs = nil
	}
	asked, offered := false, false
	var acceptable [][]byte // the CAs the server named in its request
	var tc *tls.Conn
	if hs != nil {
		// net.tls's handshake waits for the certificate: answer and finish it.
		tc = hs.conn
		var cert *tls.Certificate
		if cc != nil {
			cert = cc.cert
		}
		if cri := hs.finish(cert); cri != nil {
			asked, offered, acceptable = true, cc != nil, cri.AcceptableCAs
		}
	} else {
		conn, err := e.dial(ctx, info.route)
		if err != nil {
			return finding(NetMTLS, OutcomeTimeout, nil)
		}
		cfg := &tls.Config{
			ServerName: host,
			RootCAs:    info.roots,
			Time:       e.now,
			GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
				asked, acceptable = true, cri.AcceptableCAs
				if cc == nil {
					return &tls.Certificate{}, nil
				}
				offered = true
				return cc.cert, nil
			},
		}
		if cc != nil && cc.maxVersion != 0 {
			cfg.MaxVersion = cc.maxVersion
		}
		tc = tls.Client(conn, cfg)
	}
	defer tc.Close()
	facts := Facts{}
	if cc != nil {
		for k, v := range certFacts(store.Entry{Cert: cc.leaf, Location: cc.location}) {
			facts[k] = v
		}
		facts["signer"] = cc.signer
		if cc.signer == "file" && e.installedAnywhere(cc.leaf) {
			facts["file_installed"] = true
		}
		if cc.maxVersion != 0 {
			facts["capped_tls12"] = true
		}
	}
	// In TLS 1.3 the server's verdict on our certificate arrives after the
	// client's handshake is done: only the response proves acceptance.
	res, err := roundTrip(ctx, tc, e.URL)
	if st := tc.ConnectionState(); st.HandshakeComplete {
		facts["tls_version"] = tls.VersionName(st.Version)
	}
	if err != nil {
		if isTimeout(ctx, err) {
			return finding(NetMTLS, OutcomeTimeout, nil)
		}
		facts = errFacts(ctx, err, facts)
		if alert := alertOf(err); alert != "" {
			facts["alert"] = alert
		}
		if !asked {
			return finding(NetMTLS, "error", facts)
		}
		if facts["error_code"] == ErrTLSAlert || facts["error_code"] == ErrClosed || facts["error_code"] == ErrReset {
			return e.rejection(cc, acceptable, facts, rejectionOfAlert(facts.String("alert")))
		}
		return finding(NetMTLS, "error", facts)
	}
	facts["status"] = res.status
	if how := rejectionOfResponse(res); how != "" {
		f := e.rejection(cc, acceptable, facts, how)
		f.data = refusalResponse{res} // not a page for net.http; a date for clock.skew
		return f
	}
	var f Finding
	switch {
	case !asked:
		f = finding(NetMTLS, "not-asked", facts)
	case !offered:
		f = finding(NetMTLS, "no-identity", facts)
	case cc.signer == "file":
		// Accepted, but signed by the file's key: what the browsers will
		// present (the installed key) is still unproven.
		f = finding(NetMTLS, "accepted-file", facts)
	default:
		f = finding(NetMTLS, "accepted", facts)
	}
	f.data = res
	return f
}

// Ways a server refuses a client certificate (a catalog: see rejections).
const (
	rejectedCert    = "rejected"     // the certificate was looked at and refused
	rejectedNone    = "no-cert-sent" // the server says none arrived
	rejectedExpired = "cert-expired"
	rejectedCA      = "wrong-ca"
)

// rejection turns a refusal into the outcome that names the certificate:
// without a certificate to offer the check could not test one; a
// certificate from an issuer the server did not ask for belongs to another
// environment; an expired one is expired.
func (e *Env) rejection(cc *clientCert, acceptable [][]byte, facts Facts, how string) Finding {
	facts["rejection"] = how
	if cc == nil {
		return finding(NetMTLS, "needs-cert", facts)
	}
	switch {
	case e.now().After(cc.leaf.NotAfter):
		return finding(NetMTLS, "cert-expired", facts)
	case !issuerRequested(cc.leaf, acceptable) || how == rejectedCA:
		// Both issuers in the user's words: the certificate's, and the
		// ones the server asks for (when it names them), so "another
		// environment's certificate" is visible in the names.
		if names := issuerNames(acceptable); len(names) > 0 {
			facts["asked_issuers"] = names
		}
		return finding(NetMTLS, "wrong-ca", facts)
	case how == rejectedNone:
		return finding(NetMTLS, "no-cert-sent", facts)
	case how == rejectedExpired:
		return finding(NetMTLS, "cert-expired", facts)
	}
	return finding(NetMTLS, "rejected", facts)
}

// alertOf names the TLS alert inside err ("bad certificate", "unknown
// certificate authority" ...), "" when there is none.
func alertOf(err error) string {
	var alert tls.AlertError
	if errors.As(err, &alert) {
		return alert.Error()
	}
	if _, rest, ok := strings.Cut(err.Error(), "remote error: tls: "); ok {
		return rest
	}
	return ""
}

// rejectionOfAlert maps the TLS alerts servers send when they refuse a
// client certificate (RFC 8446 §6.2; OpenSSL/nginx, Apache, IIS/SChannel,
// load balancers). A closed connection right after our certificate is the
// same refusal without words (handshake_failure, or a reset).
func rejectionOfAlert(alert string) string {
	switch {
	case strings.Contains(alert, "certificate required"):
		return rejectedNone
	case strings.Contains(alert, "unknown certificate authority"):
		return rejectedCA
	case strings.Contains(alert, "expired certificate"):
		return rejectedExpired
	}
	return rejectedCert // bad certificate, handshake failure, access denied, a reset
}

// rejectionOfResponse recognises servers that finish the handshake and
// refuse at the HTTP level, "" when the response is not such a refusal:
// nginx answers 400 with its SSL error pages (or 495/496 with
// ssl_verify_client optional), IIS 403.7/403.13/403.16/403.17, and load
// balancers 403 pages that name the client certificate.
func rejectionOfResponse(res *httpResult) string {
	page := strings.ToLower(res.title + " " + res.body)
	switch res.status {
	case 495:
		return rejectedCert
	case 496:
		return rejectedNone
	case 400:
		switch {
		case strings.Contains(page, "no required ssl certificate was sent"):
			return rejectedNone
		case strings.Contains(page, "ssl certificate error"):
			return rejectedCert
		}
	case 403:
		switch {
		case strings.Contains(page, "403.7"):
			return rejectedNone
		case strings.Contains(page, "403.16"):
			return rejectedCA
		case strings.Contains(page, "403.17"):
			return rejectedExpired
		case strings.Contains(page, "403.13"):
			return rejectedCert
		case strings.Contains(page, "client certificate"), strings.Contains(page, "クライアント証明書"):
			return rejectedCert
		}
	}
	return ""
}

// issuerNames are the common names (else the whole names) of the CAs a
// server's certificate request lists, DER-encoded subjects; one that does
// not parse is left out.
func issuerNames(acceptable [][]byte) []string {
	var names []string
	for _, der := range acceptable {
		var rdn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(der, &rdn); err != nil || len(rest) > 0 {
			continue
		}
		var n pkix.Name
		n.FillFromRDNSequence(&rdn)
		name := n.CommonName
		if name == "" {
			name = n.String()
		}
		names = append(names, name)
	}
	return names
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
