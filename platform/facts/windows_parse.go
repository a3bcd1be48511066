package facts

import (
	"fmt"
	"strconv"
	"strings"

	"rootip-cert/internal/machine"
)

// windowsVersion names Windows the way users and the manual do ("Windows
// 11", "22H2"). ProductName still says "Windows 10" on Windows 11: the build
// number (22000 and later) decides.
func windowsVersion(productName, displayVersion, releaseID, currentBuild string, ubr uint64) machine.OSInfo {
	name := productName
	if n, err := strconv.Atoi(currentBuild); err == nil && n >= 22000 {
		name = strings.Replace(productName, "Windows 10", "Windows 11", 1)
	}
	version := displayVersion
	if version == "" {
		version = releaseID // before 20H2 the registry had only ReleaseId ("1909")
	}
	build := currentBuild
	if ubr > 0 {
		build = fmt.Sprintf("%s.%d", currentBuild, ubr)
	}
	return machine.OSInfo{Name: name, Version: version, Build: build}
}

// parseWinINet reads the user's Internet Settings (HKCU\Software\Microsoft\
// Windows\CurrentVersion\Internet Settings): ProxyEnable, ProxyServer
// ("host:port" or "http=h:p;https=h:p"), ProxyOverride ("a;b;<local>"),
// AutoConfigURL (PAC) and whether WPAD detection is on.
func parseWinINet(enable uint64, server, override, autoURL string, autoDetect bool) machine.Proxy {
	servers := map[string]string{}
	for _, part := range strings.Split(server, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if k, v, ok := strings.Cut(part, "="); ok {
			servers[strings.ToLower(k)] = v
		} else {
			servers[""] = part
		}
	}
	p := machine.Proxy{Source: machine.ProxyWinINet, PAC: machine.StripUserinfo(autoURL), AutoDetect: autoDetect}
	if enable != 0 {
		p.HTTPS = servers["https"]
		if p.HTTPS == "" {
			p.HTTPS = servers[""]
		}
		p.HTTPS = machine.StripUserinfo(p.HTTPS)
		// "socks=h:p": Chrome and Edge read it as SOCKS4 (winproxy.go).
		if s := machine.StripUserinfo(servers["socks"]); s != "" {
			p.SOCKS = machine.SOCKS4 + "://" + s
		}
	}
	for _, b := range strings.Split(override, ";") {
		if b = strings.TrimSpace(b); b != "" {
			p.Bypass = append(p.Bypass, b)
		}
	}
	if p.HTTPS == "" && p.SOCKS == "" && p.PAC == "" && !p.AutoDetect {
		return machine.Proxy{Source: machine.ProxyNone}
	}
	return p
}
