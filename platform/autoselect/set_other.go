//go:build !windows

package autoselect

import "net/url"

// Set is not supported outside Windows.
func Set(*url.URL, string) (map[string]string, []byte, error) { return nil, nil, ErrUnsupported }
