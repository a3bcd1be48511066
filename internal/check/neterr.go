package check

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// Network error codes: the facts say which one happened, the catalog says
// it in words (neterr.CODE). The raw error is kept for the helpdesk.
const (
	ErrRefused     = "connection-refused"
	ErrNoHost      = "no-such-host"
	ErrTimeout     = "timeout"
	ErrReset       = "connection-reset"
	ErrUnreachable = "unreachable"
	ErrClosed      = "connection-closed"
	ErrTLSAlert    = "tls-alert"
	ErrTLSVersion  = "tls-version"
	ErrCertificate = "certificate"
	ErrTooLarge    = "reply-too-large"
	ErrOther       = "other"
)

// classify gives a network error its code.
func classify(ctx context.Context, err error) string {
	var dnsErr *net.DNSError
	var alert tls.AlertError
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errReplyTooLarge):
		return ErrTooLarge
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return ErrTimeout
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return ErrTimeout
		}
		return ErrNoHost
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrRefused
	case errors.Is(err, syscall.ECONNRESET):
		return ErrReset
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return ErrUnreachable
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return ErrClosed
	case errors.As(err, &alert), strings.Contains(err.Error(), "remote error: tls:"):
		return ErrTLSAlert
	case strings.Contains(err.Error(), "protocol version"):
		return ErrTLSVersion
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "actively refused"):
		return ErrRefused
	case strings.Contains(msg, "connection reset"), strings.Contains(msg, "forcibly closed"):
		return ErrReset
	case strings.Contains(msg, "no such host"):
		return ErrNoHost
	case strings.Contains(msg, "certificate"):
		return ErrCertificate
	}
	return ErrOther
}

// errFacts are the facts of a failed network step.
func errFacts(ctx context.Context, err error, more Facts) Facts {
	f := Facts{"error_code": classify(ctx, err), "error": shortErr(err)}
	for k, v := range more {
		f[k] = v
	}
	return f
}

func isTimeout(ctx context.Context, err error) bool { return classify(ctx, err) == ErrTimeout }

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

// errReplyTooLarge: a server or proxy sent more than this tool reads of a
// reply (endless headers, say); the connection is closed at the cap.
var errReplyTooLarge = errors.New("reply larger than the read limit")

// capReader reads at most n bytes of r, then fails with errReplyTooLarge
// (a plain io.LimitReader would end with io.EOF, which reads as the peer
// hanging up).
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, errReplyTooLarge
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	return n, err
}
