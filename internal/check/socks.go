package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"

	"golang.org/x/net/proxy"
)

// socksConnect asks the SOCKS5 proxy at the other end of conn for a
// connection to target (host:port; the proxy resolves the name, as Chrome
// lets it), with the proxy's user and password when the setting has them.
// A proxy that answers but refuses is errProxyRefused.
func socksConnect(ctx context.Context, conn net.Conn, p *url.URL, target string) (net.Conn, error) {
	var auth *proxy.Auth
	if p.User != nil {
		pw, _ := p.User.Password()
		auth = &proxy.Auth{User: p.User.Username(), Password: pw}
	}
	d, err := proxy.SOCKS5("tcp", p.Host, auth, connDialer{conn})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("socks5 proxy: %w", err)
	}
	c, err := d.(proxy.ContextDialer).DialContext(ctx, "tcp", target)
	if err != nil {
		conn.Close()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || ctx.Err() != nil {
			return nil, fmt.Errorf("socks5 proxy: %w", err)
		}
		return nil, errProxyRefused{status: shortErr(err)}
	}
	// The SOCKS dialer clears the deadline it set; the checks keep theirs.
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	return c, nil
}

// connDialer hands the SOCKS client the connection already open to the
// proxy (the route's first hop, dialled and bounded by the caller).
type connDialer struct{ conn net.Conn }

func (d connDialer) Dial(string, string) (net.Conn, error) { return d.conn, nil }

func (d connDialer) DialContext(context.Context, string, string) (net.Conn, error) {
	return d.conn, nil
}
