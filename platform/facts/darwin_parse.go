package facts

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"howett.net/plist"

	"rootip-cert/internal/machine"
)

// parseSwVers reads `sw_vers` ("ProductName:\tmacOS" ...).
func parseSwVers(out []byte) machine.OSInfo {
	vals := keyValues(out, ":", strings.TrimSpace)
	return machine.OSInfo{Name: vals["ProductName"], Version: vals["ProductVersion"], Build: vals["BuildVersion"]}
}

// parseBootTime reads `sysctl -n kern.boottime`:
// "{ sec = 1700000000, usec = 123456 } Tue Nov 14 22:13:20 2023".
func parseBootTime(out []byte) time.Time {
	m := regexp.MustCompile(`sec\s*=\s*(\d+)`).FindSubmatch(out)
	if m == nil {
		return time.Time{}
	}
	n, err := strconv.ParseInt(string(m[1]), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// parseScutilProxy reads `scutil --proxy` (a dictionary dump: "Key :
// value" lines, arrays as "N : value" inside "<array> { … }").
func parseScutilProxy(out []byte) machine.Proxy {
	vals := map[string]string{}
	var exceptions []string
	inExceptions := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "ExceptionsList") {
			inExceptions = true
			continue
		}
		if inExceptions {
			if line == "}" {
				inExceptions = false
				continue
			}
			if _, v, ok := strings.Cut(line, " : "); ok {
				exceptions = append(exceptions, v)
			}
			continue
		}
		if k, v, ok := strings.Cut(line, " : "); ok {
			vals[k] = v
		}
	}
	p := machine.Proxy{Source: machine.ProxyScutil, Bypass: exceptions}
	if vals["HTTPSEnable"] == "1" && vals["HTTPSProxy"] != "" {
		p.HTTPS = machine.StripUserinfo(vals["HTTPSProxy"]) + ":" + vals["HTTPSPort"]
	}
	if vals["ProxyAutoConfigEnable"] == "1" {
		p.PAC = machine.StripUserinfo(vals["ProxyAutoConfigURLString"])
	}
	p.AutoDetect = vals["ProxyAutoDiscoveryEnable"] == "1"
	if p.HTTPS == "" && p.PAC == "" && !p.AutoDetect {
		return machine.Proxy{Source: machine.ProxyNone}
	}
	return p
}

// plistVersion reads CFBundleShortVersionString from an Info.plist (XML or
// binary).
func plistVersion(data []byte) string {
	var info struct {
		Version string `plist:"CFBundleShortVersionString"`
	}
	if _, err := plist.Unmarshal(data, &info); err != nil {
		return ""
	}
	return info.Version
}

// parseEtime reads ps's elapsed time: [[dd-]hh:]mm:ss.
func parseEtime(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	var days int
	if d, rest, ok := strings.Cut(s, "-"); ok {
		n, err := strconv.Atoi(d)
		if err != nil {
			return 0, false
		}
		days, s = n, rest
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	total := 0
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0, false
		}
		total = total*60 + n
	}
	return time.Duration(days)*24*time.Hour + time.Duration(total)*time.Second, true
}

// darwinBrowsers maps process names (ps comm, the executable's base name)
// to browsers.
var darwinBrowsers = map[string]string{
	"Google Chrome": "Chrome", "Safari": "Safari", "Microsoft Edge": "Edge", "firefox": "Firefox",
}

// parsePsBrowsers reads `ps -axo etime=,comm=` and returns each browser's
// oldest start.
func parsePsBrowsers(out []byte, now time.Time) map[string]time.Time {
	res := map[string]time.Time{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		comm := strings.Join(f[1:], " ")
		if i := strings.LastIndex(comm, "/"); i >= 0 {
			comm = comm[i+1:]
		}
		name, ok := darwinBrowsers[comm]
		if !ok {
			continue
		}
		el, ok := parseEtime(f[0])
		if !ok {
			continue
		}
		start := now.Add(-el)
		if prev, seen := res[name]; !seen || start.Before(prev) {
			res[name] = start
		}
	}
	return res
}
