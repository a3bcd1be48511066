package facts

import (
	"testing"
	"time"
)

// The parsers read other programs' output: none may panic on any input.
func FuzzDarwinParsers(f *testing.F) {
	for _, name := range []string{"scutil-proxy.txt", "sw_vers.txt", "ps-etime-comm.txt", "kern.boottime.txt", "Chrome-Info.plist"} {
		f.Add(rec(f, name))
	}
	f.Add([]byte("ExceptionsList : <array> {\n0 : a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parseScutilProxy(data)
		_ = parseSwVers(data)
		_ = parseBootTime(data)
		_ = parsePsBrowsers(data, time.Unix(1700000000, 0))
		_ = plistVersion(data)
		_ = parseOSRelease(data)
	})
}

func FuzzParseWinINet(f *testing.F) {
	f.Add(uint64(1), "http=proxy:8080;https=u:p@secure:8443", "*.corp;<local>", "http://wpad/proxy.pac", true)
	f.Add(uint64(0), ";;=", ";", "", false)
	f.Fuzz(func(t *testing.T, enable uint64, server, override, pac string, auto bool) {
		p := parseWinINet(enable, server, override, pac, auto)
		if p.Source != "none" && p.HTTPS == "" && p.PAC == "" && !p.AutoDetect {
			t.Fatalf("an empty configuration is not 'none': %+v", p)
		}
	})
}
