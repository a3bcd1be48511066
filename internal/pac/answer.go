package pac

import (
	"errors"
	"strings"
)

// Route is one entry of a script's answer that the checks can take.
type Route struct {
	// Scheme is "" for an HTTP proxy (CONNECT), "socks4" or "socks5", and
	// Direct true for DIRECT.
	Scheme string
	Host   string // "host:port"
	Direct bool
}

// First is the first entry of answer ("PROXY a:1; SOCKS5 b:2; DIRECT")
// that the checks can go through, as the browser tries them in order:
// PROXY and HTTP are HTTP proxies, SOCKS and SOCKS4 are SOCKS4 (as in
// Chrome), SOCKS5, DIRECT. HTTPS and QUIC proxies are skipped (the checks
// speak to a proxy in plain HTTP only); an answer with nothing usable is an
// ErrScript.
func First(answer string) (Route, error) {
	for _, entry := range strings.Split(answer, ";") {
		fields := strings.Fields(entry)
		if len(fields) == 0 {
			continue
		}
		kind := strings.ToUpper(fields[0])
		if kind == "DIRECT" {
			return Route{Direct: true}, nil
		}
		if len(fields) != 2 {
			continue
		}
		switch kind {
		case "PROXY", "HTTP":
			return Route{Host: fields[1]}, nil
		case "SOCKS", "SOCKS4":
			return Route{Scheme: "socks4", Host: fields[1]}, nil
		case "SOCKS5":
			return Route{Scheme: "socks5", Host: fields[1]}, nil
		}
	}
	return Route{}, &Error{ErrScript, errors.New("no usable entry in " + quote(answer))}
}

func quote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return `"` + s + `"`
}
