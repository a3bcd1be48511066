//go:build unix

package hostile

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// Check titles (ja, en) of the lines the cases look at.
var (
	mtlsTitle = []string{"クライアント証明書での接続", "Connection with the client certificate"}
	tcpTitle  = []string{"サーバーへの接続", "Connection to the server"}
	tlsTitle  = []string{"サーバー証明書", "Server certificate"}
)

// Words of the outcomes (neterr.reply-too-large, neterr.timeout and the
// timeout outcome), per language.
var (
	tooLarge = map[string]string{"ja": "応答が大きすぎます", "en": "reply was too large"}
	timedOut = map[string]string{"ja": "時間", "en": "time"}
)

// hostileCase is a hostile peer: a server or a proxy (HTTPS_PROXY), what
// it does with each connection, the check line that must fail and words
// it must hold.
type hostileCase struct {
	name    string
	proxy   bool
	serve   func(t *testing.T) func(c net.Conn, w *countWriter)
	titles  []string
	words   map[string]string
	bounded bool // the peer writes without end: assert the byte count
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{name: "server sends headers forever", titles: mtlsTitle, words: tooLarge, bounded: true,
			serve: func(t *testing.T) func(net.Conn, *countWriter) {
				cfg := tlsConfig(t)
				return func(_ net.Conn, w *countWriter) {
					tc := tls.Server(w, cfg)
					if err := tc.Handshake(); err != nil {
						return
					}
					if _, err := http.ReadRequest(bufio.NewReader(tc)); err != nil {
						return
					}
					endlessHeaders(tc)
				}
			}},
		{name: "server never sends anything", titles: tlsTitle, words: timedOut,
			serve: func(*testing.T) func(net.Conn, *countWriter) {
				return func(c net.Conn, _ *countWriter) { _, _ = io.Copy(io.Discard, c) }
			}},
		{name: "proxy CONNECT reply with headers forever", proxy: true, titles: tcpTitle, words: tooLarge, bounded: true,
			serve: func(*testing.T) func(net.Conn, *countWriter) {
				return func(c net.Conn, w *countWriter) {
					if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
						return
					}
					endlessHeaders(w)
				}
			}},
		{name: "proxy never answers CONNECT", proxy: true, titles: tcpTitle, words: timedOut,
			serve: func(*testing.T) func(net.Conn, *countWriter) {
				return func(c net.Conn, _ *countWriter) { _, _ = io.Copy(io.Discard, c) }
			}},
	}
}

// TestHostilePeers runs diagnose --url against each hostile server or
// proxy on loopback, in Japanese and English: the run ends inside its
// deadline (it would otherwise be killed and fail), names what happened on
// the step that met the peer, shows no panic, its peak RSS stays under
// maxRSS, and a peer that writes without end got at most maxServed bytes
// into the client before the client hung up.
func TestHostilePeers(t *testing.T) {
	s := setupNet(t)
	for _, hc := range hostileCases() {
		t.Run(hc.name, func(t *testing.T) {
			p := listen(t, hc.serve(t))
			port, extra := p.port(), []string(nil)
			if hc.proxy {
				// The server behind the proxy is never reached.
				extra = []string{"HTTPS_PROXY=http://" + p.srv.Addr()}
				port = 443
			}
			for _, lang := range []string{"ja", "en"} {
				r := s.diagnose(t, port, lang, extra...)
				checkSane(t, r)
				if r.code != 1 {
					t.Errorf("%s: exit %d, want 1", lang, r.code)
				}
				l := line(r.stdout, hc.titles...)
				if !strings.HasPrefix(l, "✗") || !strings.Contains(l, hc.words[lang]) {
					t.Errorf("%s: the check line is %q, want ✗ with %q\n%s", lang, l, hc.words[lang], clip(r.output()))
				}
				t.Logf("%s: %s", lang, l)
				if lang == "en" && japanese.MatchString(l) {
					t.Errorf("en: Japanese in %q", l)
				}
			}
			n := p.stop()
			if hc.bounded && n > maxServed {
				t.Errorf("the client took %d MiB before hanging up, bound %d MiB", n>>20, maxServed>>20)
			}
			t.Logf("the peer wrote %d KiB", n>>10)
		})
	}
}
