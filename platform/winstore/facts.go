package winstore

import (
	"fmt"
	"strconv"
	"strings"
)

// WindowsVersion names Windows the way users and the manual do ("Windows
// 11", "22H2"). ProductName still says "Windows 10" on Windows 11: the build
// number (22000 and later) decides.
func WindowsVersion(productName, displayVersion, releaseID, currentBuild string, ubr uint64) (name, version, build string) {
	name = productName
	if n, err := strconv.Atoi(currentBuild); err == nil && n >= 22000 {
		name = strings.Replace(productName, "Windows 10", "Windows 11", 1)
	}
	version = displayVersion
	if version == "" {
		version = releaseID // before 20H2 the registry had only ReleaseId ("1909")
	}
	build = currentBuild
	if ubr > 0 {
		build = fmt.Sprintf("%s.%d", currentBuild, ubr)
	}
	return name, version, build
}

// Proxy is the user's WinINET proxy configuration (HKCU\Software\Microsoft\
// Windows\CurrentVersion\Internet Settings).
type Proxy struct {
	Enabled   bool
	Servers   map[string]string // scheme → host:port ("" → all schemes)
	Bypass    []string
	AutoURL   string // PAC file
	AutoProbe bool   // WPAD
}

// ParseProxy reads ProxyEnable, ProxyServer ("host:port" or
// "http=h:p;https=h:p"), ProxyOverride ("a;b;<local>") and AutoConfigURL.
func ParseProxy(enable uint64, server, override, autoURL string) Proxy {
	p := Proxy{Enabled: enable != 0, Servers: map[string]string{}, AutoURL: autoURL}
	for _, part := range strings.Split(server, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if k, v, ok := strings.Cut(part, "="); ok {
			p.Servers[strings.ToLower(k)] = v
		} else {
			p.Servers[""] = part
		}
	}
	for _, b := range strings.Split(override, ";") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	return p
}

// HTTPS returns the proxy used for https URLs, if any.
func (p Proxy) HTTPS() string {
	if !p.Enabled {
		return ""
	}
	if v := p.Servers["https"]; v != "" {
		return v
	}
	return p.Servers[""]
}

// String summarises the settings for the report.
func (p Proxy) String() string {
	var parts []string
	if h := p.HTTPS(); h != "" {
		parts = append(parts, "HTTPS "+h)
	}
	if p.AutoURL != "" {
		parts = append(parts, "PAC "+p.AutoURL)
	}
	if len(parts) > 0 && len(p.Bypass) > 0 {
		parts = append(parts, "bypass "+strings.Join(p.Bypass, ","))
	}
	return strings.Join(parts, "; ")
}
