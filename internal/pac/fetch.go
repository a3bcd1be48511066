package pac

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
)

// Fetch reads the script at addr: http(s) fetched directly, never through
// a proxy (as the browser fetches it), or a local file:// path; at most
// MaxScript bytes, within ctx.
func Fetch(ctx context.Context, addr string) (string, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return "", &Error{ErrDownload, fmt.Errorf("script address: %w", err)}
	}
	var body io.ReadCloser
	switch u.Scheme {
	case "http", "https":
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
		if err != nil {
			return "", &Error{ErrDownload, err}
		}
		client := &http.Client{Transport: &http.Transport{Proxy: nil}}
		defer client.CloseIdleConnections()
		resp, err := client.Do(req)
		if err != nil {
			return "", fetchError(ctx, err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return "", &Error{ErrDownload, errors.New("the server answered " + resp.Status)}
		}
		body = resp.Body
	case "file":
		f, err := os.Open(u.Path)
		if err != nil {
			return "", &Error{ErrDownload, err}
		}
		body = f
	default:
		return "", &Error{ErrDownload, errors.New("unsupported script address scheme " + u.Scheme)}
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, MaxScript+1))
	if err != nil {
		return "", fetchError(ctx, err)
	}
	if len(data) > MaxScript {
		return "", &Error{ErrDownload, fmt.Errorf("the script is larger than %d bytes", MaxScript)}
	}
	return string(data), nil
}

func fetchError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return &Error{ErrTimeout, errors.New("the script was not fetched in time")}
	}
	return &Error{ErrDownload, err}
}
