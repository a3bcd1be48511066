package check

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
)

// handshake is one TLS connection shared by two checks: net.tls starts
// the handshake and judges the server's certificate as soon as it arrives;
// the handshake then waits where the client sends its certificate until
// net.mtls, once the inventory says which certificate to present, answers
// and finishes it, and the login page is fetched on the same connection.
// One connection and one handshake prove the server, mutual TLS and the
// page, as a browser does.
type handshake struct {
	conn  *tls.Conn
	seen  chan []*x509.Certificate         // the server's chain, when it arrives
	asked chan *tls.CertificateRequestInfo // the server asks for a certificate
	reply chan *tls.Certificate            // what to send (nil: give up)
	quit  chan struct{}                    // closed when abandoned
	done  chan struct{}                    // closed when the handshake ended
	err   error                            // its result, set before done closes
}

// errAbandoned ends a handshake nobody will finish (the server was not
// trusted, or the certificate needs a connection capped at TLS 1.2).
var errAbandoned = errors.New("handshake abandoned")

// startHandshake runs the handshake on conn in the background. The chain is
// accepted here (InsecureSkipVerify) and verified by net.tls itself, so
// that it is judged even when the handshake fails later.
func startHandshake(ctx context.Context, conn net.Conn, host string) *handshake {
	h := &handshake{
		seen:  make(chan []*x509.Certificate, 1),
		asked: make(chan *tls.CertificateRequestInfo, 1),
		reply: make(chan *tls.Certificate, 1),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	h.conn = tls.Client(conn, &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified by checkTLS
		VerifyConnection: func(cs tls.ConnectionState) error {
			select {
			case h.seen <- cs.PeerCertificates:
			default:
			}
			return nil
		},
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			h.asked <- cri
			select {
			case c := <-h.reply:
				if c == nil {
					return nil, errAbandoned
				}
				return c, nil
			case <-h.quit:
				return nil, errAbandoned
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		},
	})
	go func() {
		h.err = h.conn.HandshakeContext(ctx)
		close(h.done)
	}()
	return h
}

// serverChain waits for the server's certificates or the handshake's end;
// the error is the handshake's when no chain arrived.
func (h *handshake) serverChain() ([]*x509.Certificate, error) {
	select {
	case chain := <-h.seen:
		return chain, nil
	case <-h.done:
	}
	select {
	case chain := <-h.seen:
		return chain, nil
	default:
	}
	if h.err == nil {
		return nil, errors.New("no server certificate")
	}
	return nil, h.err
}

// finish answers the server's certificate request, if it makes one, with
// cert (an empty certificate when nil) and returns the request. The
// handshake's own result is read by the connection's next use.
func (h *handshake) finish(cert *tls.Certificate) *tls.CertificateRequestInfo {
	select {
	case cri := <-h.asked:
		if cert == nil {
			cert = &tls.Certificate{}
		}
		h.reply <- cert
		return cri
	case <-h.done:
		return nil
	}
}

// abandon ends the handshake and closes the connection.
func (h *handshake) abandon() {
	close(h.quit)
	h.conn.Close()
}
